"""What a match model changes in a store (`python -m benchmarks.model_diff --db STORE
[--model MODEL.json]`): every Canadian spelling of the store resolved again with this code and
model, next to the links the store holds (res_ca_links, computed at its last rebuild); prints
the spellings that gain `match` (a new or other family, or review -> match) and those that lose
it, with scores and explanations, so each new match can be inspected before a model ships.

The store is only read: it is copied to a temporary file first (blocking writes scratch
tables). Held-out F1 alone does not vouch for a model: the store's candidates are the pairs
blocking finds, not the labelled pairs (docs/ARCHITECTURE.md, resolve).
"""

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from iceout import db
from iceout.resolve import scoring
from iceout.resolve.links import Link, Resolver, canadian_names
from iceout.resolve.model import MatchModel

Stored = dict[str, tuple[str, str | None, float | None, str, str]]


def stored_links(con) -> Stored:
    """Name -> (family id, matched name, score, computed decision, explanation)."""
    rows = con.execute(
        "SELECT vendor_name, family_id, matched_name, score, computed_decision, explanation "
        "FROM res_ca_links"
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def use_model(path: Path) -> None:
    """Score with the model at `path` in this process (thresholds included)."""
    model = MatchModel.load(path)
    scoring.MODEL, scoring.MATCH, scoring.REVIEW = model, model.match, model.review


def diff(old: Stored, new: dict[str, Link]) -> tuple[list[str], list[str]]:
    gained, lost = [], []
    for name, link in sorted(new.items()):
        before = old.get(name)
        was_match = before is not None and before[3] == "match"
        if link.computed.value == "match" and not (was_match and before[0] == link.family_id):
            was = f"{before[3]} {before[0]} ({before[2]})" if before else "clear"
            gained.append(
                f"+ {name!r} -> {link.family_id} via {link.matched_name!r} {link.score} "
                f"[was {was}]: {link.explanation}"
            )
    for name, (family, matched, score, decision, _) in sorted(old.items()):
        link = new.get(name)
        if decision == "match" and (
            link is None or link.computed.value != "match" or link.family_id != family
        ):
            now = f"{link.computed.value} {link.family_id} ({link.score})" if link else "clear"
            lost.append(f"- {name!r} -> {family} via {matched!r} {score} [now {now}]")
    return gained, lost


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a built store (only read)")
    parser.add_argument("--model", type=Path, help="a model file (default: the shipped one)")
    args = parser.parse_args()
    if not args.db.is_file():
        print(f"model_diff: no store at {args.db}", file=sys.stderr)
        return 1
    if args.model:
        use_model(args.model)
    with tempfile.TemporaryDirectory(prefix="iceout-model-diff-") as tmp:
        copy = Path(tmp) / "store.duckdb"
        shutil.copyfile(args.db, copy)
        con = db.connect(copy)
        old = stored_links(con)
        start = time.process_time()
        names = canadian_names(con)
        resolver = Resolver.load(con)
        new = {n: ls[0] for n, ls in resolver.ranked(con, names, 1, scoring.REVIEW).items()}
        seconds = time.process_time() - start
        con.close()
    gained, lost = diff(old, new)
    print("\n".join(gained + lost))
    now = Counter(link.computed.value for link in new.values())
    before = Counter(v[3] for v in old.values())
    print(
        f"{len(names):,} names resolved in {seconds:.0f} CPU s: {now['match']:,} match, "
        f"{now['review']:,} review (store: {before['match']:,} match, {before['review']:,} "
        f"review); gained match {len(gained)}, lost match {len(lost)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
