"""The review queue and `match` on real links (`python -m benchmarks.review_queue [--db STORE]
[--before STORE]`).

Labelled samples of links from stores built from ../shared/data, judged by reading the records
and written down:

- benchmarks/review_queue_labels.csv: 80 spellings drawn at random (seed 7) from the review
  queue before `Comparator.apart` (iceout/resolve/scoring.py), each with the name it was
  linked to;
- benchmarks/match_sample_labels.csv: 60 links drawn at random (seed 11) from `match`;
- benchmarks/review_queue_labels_2.csv: 60 links drawn at random (seed 10) from the review
  queue of a store built by main on 2026-12-03 (3,763 records), before the policy of
  iceout/resolve/compare/arms.py, labelled before that policy was measured on them;
- benchmarks/match_sample_labels_2.csv: 100 links drawn at random (seed 29) from `match` of
  the store built by main at 084abb4 (1,633 links), leaving out the links of the three
  samples above; labelled before any change to matching was tried on them, and never
  relabelled since (the untouched measure of `match` for issue 10's branch `match3`).

How each was judged: `same` when the two names are one company or one corporate group (the
Canadian arm of the US company, a division, an account or city suffix), known from the names
and, where the name alone could not say, from the companies' public descriptions; `different`
when the names share a word and name different organisations (another trade, a person, a
place); `unsure` when the names cannot say (one rare word and nothing more, a reseller named
with the brand). They are samples of one store, not a test set.

Printed: for each sample, how the links are decided now and the precision of each decision
(`same` / (`same` + `different`)). With --db: the queue of that store (spellings and records
awaiting review, as in the report), what it is made of (links, records and Canadian dollars per
reason a link is in review: the model unsure, or the doubt that kept a pair the model would
match from `match`; seeded samples of each) and the number of `match` links. With --before
(a store built before a change): the queue of both, and every link whose decision moved.
"""

import argparse
import csv
import random
import sys
from collections import defaultdict
from pathlib import Path

import duckdb

from iceout import db
from iceout.report.exposure import review_entries
from iceout.report.records import ReviewEntry
from iceout.resolve.links import StandingLinks, standing_links
from iceout.resolve.scoring import Comparator

HERE = Path(__file__).resolve().parent
SAMPLES = (
    ("review queue sample", "review_queue_labels.csv"),
    ("match sample", "match_sample_labels.csv"),
    ("review queue sample 2", "review_queue_labels_2.csv"),
    ("match sample 2", "match_sample_labels_2.csv"),
)
SHOWN = 4  # links sampled per reason


def _sample(label: str, path: Path, comparator: Comparator) -> None:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    counts: dict[tuple[str, str], int] = defaultdict(int)
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


def _queue(con: duckdb.DuckDBPyConnection) -> tuple[StandingLinks, list[ReviewEntry]]:
    standing = standing_links(con)
    return standing, review_entries(con, standing)


def _reasons(
    con: duckdb.DuckDBPyConnection, standing: StandingLinks, queue: list[ReviewEntry]
) -> None:
    """The queue grouped by why each link is in review, with a seeded sample of each."""
    comparator = Comparator.from_store(con)
    curated = {
        (family, name)
        for family, name in con.execute(
            "SELECT family_id, name FROM res_family_names WHERE origin LIKE 'curated%'"
        ).fetchall()
    }
    groups: dict[str, list[ReviewEntry]] = defaultdict(list)
    for entry in queue:
        link = standing.links[entry.name]
        if link.judgement is not None or link.matched_name is None:
            groups["a reviewer's decision"].append(entry)
            continue
        held = comparator.compare(
            link.name, link.matched_name, (link.family_id, link.matched_name) in curated
        ).held
        groups[held or "decided otherwise now (store built by other code)"].append(entry)
    print("  why in review          links  records   Canadian dollars")
    chance = random.Random(3)
    for reason, entries in sorted(groups.items(), key=lambda kv: -sum(e.records for e in kv[1])):
        money = sum(e.value_cad or 0.0 for e in entries)
        records = sum(e.records for e in entries)
        print(f"  {reason:<22} {len(entries):>5} {records:>8,} {money:>18,.0f}")
        for entry in chance.sample(entries, min(SHOWN, len(entries))):
            matched = standing.links[entry.name].matched_name
            print(f"      {entry.records:>4} records  {entry.name!r} -> {matched!r}")


def _store(path: Path, analyse: bool = True) -> StandingLinks:
    con = db.connect(path, read_only=True)
    standing, queue = _queue(con)
    print(
        f"store {path}: {len(queue):,} spellings ({sum(e.records for e in queue):,} Canadian "
        f"records, C${sum(e.value_cad or 0.0 for e in queue):,.0f}) await review; "
        f"{len(standing.matched()):,} spellings linked as match"
    )
    if analyse:
        _reasons(con, standing, queue)
    return standing


def _moved(before: StandingLinks, after: StandingLinks) -> None:
    """Every spelling whose decision or family changed between the two stores."""
    moves: dict[str, list[str]] = defaultdict(list)
    for name in sorted(set(before.links) | set(after.links)):
        old, new = before.links.get(name), after.links.get(name)
        was = f"{old.decision.value}:{old.family_id}" if old else "clear"
        now = f"{new.decision.value}:{new.family_id}" if new else "clear"
        if was != now:
            was_d, now_d = was.split(":")[0], now.split(":")[0]
            move = f"{was_d} -> {now_d}" + (" (another family)" if was_d == now_d else "")
            shown = new or old
            assert shown is not None
            moves[move].append(f"{name!r} -> {shown.matched_name!r} ({shown.family_name})")
    for move, names in sorted(moves.items()):
        print(f"  {move}: {len(names)} spellings")
        if move.endswith("match") or "another" in move:  # what now counts: read every one
            for name in names:
                print(f"      {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store built by `iceout run`")
    parser.add_argument("--before", type=Path, help="a store built before a change")
    args = parser.parse_args()
    comparator = Comparator.from_store(db.connect(args.db, read_only=True)) if args.db else None
    comparator = comparator or Comparator.bundled()
    for label, name in SAMPLES:
        _sample(label, HERE / name, comparator)
    if args.before:
        before = _store(args.before, analyse=False)
    if args.db:
        after = _store(args.db)
    if args.before and args.db:
        print(f"moved between {args.before} and {args.db}:")
        _moved(before, after)
    return 0


if __name__ == "__main__":
    sys.exit(main())
