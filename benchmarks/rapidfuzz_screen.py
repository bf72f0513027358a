"""`python benchmarks/rapidfuzz_screen.py STORE INPUT OUTPUT`: the end-to-end baseline of
benchmarks/screen.py, a process doing what a user's rapidfuzz script would: read the
watchlist's names from the store and a CSV of names, score each name against every watchlist
name (ratio, lower-cased, one worker, cut-off 90), write the best match per name. Start-up,
store and CSV included, as `iceout screen` is measured."""

import csv
import sys

import duckdb
from rapidfuzz import fuzz, process

WATCHLIST_SQL = """
SELECT DISTINCT n.name FROM res_family_names n JOIN res_families f USING (family_id)
WHERE f.kind = 'government' OR f.family_id IN (SELECT family_id FROM wl_families)
"""


def main(store: str, source: str, output: str) -> None:
    with duckdb.connect(store, read_only=True) as con:
        targets = sorted({r[0] for r in con.execute(WATCHLIST_SQL).fetchall()})
    with open(source, encoding="utf-8", newline="") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    lowered = [t.lower() for t in targets]
    with open(output, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "matched_name", "score"])
        for name, best in zip(names, _best(names, lowered), strict=True):
            writer.writerow([name, targets[best[0]] if best else "", best[1] if best else ""])


def _best(names: list[str], targets: list[str]) -> list[tuple[int, float] | None]:
    scores = process.cdist(
        [n.lower() for n in names], targets, scorer=fuzz.ratio, workers=1, score_cutoff=90
    )
    found: list[tuple[int, float] | None] = []
    for row in scores:
        best = int(row.argmax())
        found.append((best, float(row[best])) if row[best] else None)
    return found


if __name__ == "__main__":
    main(*sys.argv[1:4])
