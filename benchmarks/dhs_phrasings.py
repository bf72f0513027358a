"""Recall of the DHS office recognition (iceout/screen/dhs_offices.py) on phrasings its rules
were not written from: tests/fixtures/parties/heldout_dhs_phrasings.csv, committed before the
rules (see SOURCES.md there). Prints recall on the DHS rows, the right component among those
found, and the false alarms on the non-DHS rows, with each miss.

    python -m benchmarks.dhs_phrasings
"""

import csv
from pathlib import Path

from iceout.screen.dhs_offices import recognise

HELD_OUT = Path(__file__).parents[1] / "tests/fixtures/parties/heldout_dhs_phrasings.csv"


def main() -> None:
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


if __name__ == "__main__":
    main()
