"""Recall of the DHS office recognition (iceout/screen/dhs_offices.py) on phrasings its rules
were not written from: tests/fixtures/parties/heldout_dhs_phrasings.csv, committed before the
rules (see SOURCES.md there). Prints recall on the DHS rows, the right component among those
found, and the false alarms on the non-DHS rows, with each miss.

    python -m benchmarks.dhs_phrasings [--db STORE]

With --db, the same list through the name screener alone (iceout/screen/screen.py, what
screened parties before office recognition) as the baseline, measured in the same run.
"""

import argparse
import csv
from pathlib import Path

from iceout import db
from iceout.domain import Decision
from iceout.screen.dhs_offices import recognise
from iceout.screen.screen import Screener

HELD_OUT = Path(__file__).parents[1] / "tests/fixtures/parties/heldout_dhs_phrasings.csv"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, help="a store built by `iceout run`, for the baseline")
    args = parser.parse_args()
    with HELD_OUT.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    positives = [r for r in rows if r["component"]]
    negatives = [r for r in rows if not r["component"]]
    found = {r["name"]: recognise(r["name"]) for r in rows}
    hit = [r for r in positives if found[r["name"]]]
    right = [r for r in hit if found[r["name"]].component == r["component"]]  # type: ignore[union-attr]
    alarms = [r for r in negatives if found[r["name"]]]
    print(
        f"held-out DHS phrasings: {len(hit)}/{len(positives)} recognised "
        f"({len(hit) / len(positives):.0%}), {len(right)}/{len(hit)} with the right component"
    )
    print(f"non-DHS names: {len(alarms)}/{len(negatives)} false alarms")
    for r in positives:
        body = found[r["name"]]
        if body is None or body.component != r["component"]:
            print(
                f"  missed: {r['name']!r} (expected {r['component']}, got "
                f"{body.component if body else 'nothing'})"
            )
    for r in alarms:
        print(f"  false alarm: {r['name']!r} -> {found[r['name']]}")
    if args.db:
        baseline(args.db, positives, negatives)


def baseline(path: Path, positives: list[dict[str, str]], negatives: list[dict[str, str]]) -> None:
    con = db.connect(path, read_only=True)
    screener = Screener(con)
    for label, rows in (("DHS phrasings", positives), ("non-DHS names", negatives)):
        hits = screener.screen(con, [{"name": r["name"]} for r in rows])
        match = sum(h.decision is Decision.MATCH for h in hits)
        review = sum(h.decision is Decision.REVIEW for h in hits)
        print(f"baseline, name screener alone, {label}: {match}/{len(rows)} match, {review} review")


if __name__ == "__main__":
    main()
