"""The review queue and `match` on real links (`python -m benchmarks.review_queue [--db STORE]`).

Two samples of links from a store built from ../shared/data (before the queue policy of
iceout/resolve/scoring.py `Comparator.apart`), labelled by reading the records, written down:

- benchmarks/review_queue_labels.csv: 80 spellings drawn at random (seed 7) from the review
  queue, each with the name it was linked to;
- benchmarks/match_sample_labels.csv: 60 links drawn at random (seed 11) from `match`.

How each was judged: `same` when the two names are one company or one corporate group (the
Canadian arm of the US company, a division, an account or city suffix), known from the names
and, where the name alone could not say, from the companies' public descriptions; `different`
when the names share a word and name different organisations (another trade, a person, a
place); `unsure` when the names cannot say (one rare word and nothing more, a reseller named
with the brand). The labels were written before the policy was measured on them; they are a
sample of one store, not a test set, and the policy was written from the first sample.

Printed: for each sample, how the links are decided now and the precision of each decision
(`same` / (`same` + `different`)). With --db, the queue of that store (spellings and records
awaiting review, as in the report) and the number of `match` links.
"""

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

from iceout import db
from iceout.report.exposure import review_entries
from iceout.resolve.links import standing_links
from iceout.resolve.scoring import Comparator

HERE = Path(__file__).resolve().parent


def _sample(label: str, path: Path, comparator: Comparator) -> None:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    counts: Counter = Counter()
    for row in rows:
        curated = row["linked_origin"].startswith("curated")
        decision = comparator.compare(row["canadian_name"], row["linked_name"], curated).decision
        counts[(decision.value, row["label"])] += 1
    print(f"{label}: {len(rows)} labelled links ({path.name})")
    for decision in ("match", "review", "clear"):
        same, different = counts[(decision, "same")], counts[(decision, "different")]
        unsure = counts[(decision, "unsure")]
        shown = f"{same / (same + different):.2f}" if same + different else "-"
        print(
            f"  now {decision:<6} {same + different + unsure:>3} links: same {same}, "
            f"different {different}, unsure {unsure}; precision {shown}"
        )


def _store(path: Path) -> None:
    con = db.connect(path, read_only=True)
    standing = standing_links(con)
    queue = review_entries(con, standing)
    matched = len(standing.matched())
    print(
        f"store {path}: {len(queue):,} spellings ({sum(e.records for e in queue):,} Canadian "
        f"records) await review; {matched:,} spellings linked as match"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store built by `iceout run`")
    args = parser.parse_args()
    comparator = Comparator.from_store(db.connect(args.db, read_only=True)) if args.db else None
    comparator = comparator or Comparator.bundled()
    _sample("review queue sample", HERE / "review_queue_labels.csv", comparator)
    _sample("match sample", HERE / "match_sample_labels.csv", comparator)
    if args.db:
        _store(args.db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
