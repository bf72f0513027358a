"""Labelled name pairs built from real sources, each name tied to a group (one company), and a
split by group so that held-out figures are about companies the model has never seen.

How each label is derived (and its known noise):

- ``canada/goc_spending_vendors/<vendor>/original_vendor_names.csv``: the raw spellings that
  GoC-Spending folded into one normalised vendor. Two spellings of one vendor are a positive.
  Noise: the folding is by cleaned name, so positives are mostly easy (case, legal form,
  punctuation); a few vendors were split in two ('175303_canada' / '175_303_canada').
- ``bench/us_vendor_name_variants_by_duns.csv``: the raw, vendor and cleaned name of each
  DUNS; two names of one DUNS are a positive. Noise: DUNS are per site, so one company may
  hold several DUNS (negatives that are really the same company).
- ``iceout/data/families.yaml``: a family's name and curated aliases (not its members: a
  subsidiary's name need not resemble its parent's). Aliases include acronyms ('HSI').
- ``tests/fixtures/expected_family_links.csv``: hand-labelled spellings; ``match`` rows are
  positives with the family's name, ``clear`` rows hard negatives with it.
- Positives whose names share no word (nor a 4-letter start) are dropped: a rename or a
  parent filed under the same id ('SAIC INC.' / 'Leidos Holdings') is not a spelling.
- Negatives: two names of different groups of the same source that share a word (after
  legal forms are set aside): the hard cases ('MANAGEMENT SOLUTIONS' of two companies).
  Noise: two groups may be one company (reseller, subsidiary, split vendor); pairs whose
  names are equal once legal forms, case and spacing are set aside are dropped, and groups
  sharing such a name are merged into one before splitting.

The split: a group (after merging) goes to the held-out side when a hash of its id says so;
a negative pair whose two groups fall on different sides is dropped.
"""

import csv
import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from iceout.resolve.families import load_families
from iceout.resolve.profile import profile

HELD_OUT_PERCENT = 25
POSITIVES_PER_GROUP = 8
NEGATIVES_PER_WORD = 12
MAX_WORD_GROUPS = 400  # a word in more groups than this ('services') is sampled, not paired out


@dataclass(frozen=True)
class Pair:
    name1: str
    name2: str
    match: bool
    group: str  # the merged group of name1 (and of name2 for a positive)
    held_out: bool
    source: str


def _stable(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:12], 16)


def held_out(group: str) -> bool:
    return _stable(group) % 100 < HELD_OUT_PERCENT


def read_groups(shared: Path, fixtures: Path) -> dict[str, dict[str, set[str]]]:
    """{source: {group id: names}} from every real source."""
    sources: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in sorted(
        (shared / "canada" / "goc_spending_vendors").glob("*/original_vendor_names.csv")
    ):
        with path.open(encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                sources["goc"][f"goc:{path.parent.name}"].add(row["original_vendor_name"].strip())
    with (shared / "bench" / "us_vendor_name_variants_by_duns.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for column in ("cleanName", "vendorName", "origName"):
                if row[column].strip():
                    sources["duns"][f"duns:{row['duns']}"].add(row[column].strip())
    for family in load_families():
        names = {n.name for n in family.names if n.origin == "curated alias"}
        sources["family"][f"family:{family.family_id}"] = names
    with (fixtures / "expected_family_links.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["expected"] == "match":
                sources["family"][f"family:{row['family_id']}"].add(row["name"].strip())
    return {
        k: {g: {n for n in v if profile(n).key} for g, v in s.items()} for k, s in sources.items()
    }


def _merge(groups: dict[str, dict[str, set[str]]]) -> dict[str, str]:
    """Group id -> merged id: groups of any source sharing a name key are one company."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_key: dict[str, str] = {}
    for source in groups.values():
        for group, names in sorted(source.items()):
            find(group)
            for name in sorted(names):
                key = profile(name).key.replace(" ", "")
                if key in by_key:
                    # the smaller id stays the root, so the split does not hang on set order
                    x, y = sorted((find(group), find(by_key[key])))
                    parent[y] = x
                else:
                    by_key[key] = group
    return {g: find(g) for g in parent}


def labelled_pairs(shared: Path, fixtures: Path) -> list[Pair]:
    groups = read_groups(shared, fixtures)
    merged = _merge(groups)
    pairs = [*_positives(groups, merged), *_negatives(groups, merged)]
    pairs += list(_fixture_negatives(fixtures, merged))
    return sorted(set(pairs), key=lambda p: (p.source, p.group, p.name1, p.name2))


def _positives(groups: dict[str, dict[str, set[str]]], merged: dict[str, str]) -> Iterator[Pair]:
    for source, by_group in groups.items():
        for group, names in by_group.items():
            # Spellings that differ once case and legal form are set aside teach more: first.
            combos = sorted(
                itertools.combinations(sorted(names), 2),
                key=lambda c: (profile(c[0]).key == profile(c[1]).key, _stable("|".join(c))),
            )
            g = merged[group]
            kept = [(a, b) for a, b in combos if _related(a, b)]
            for a, b in kept[:POSITIVES_PER_GROUP]:
                yield Pair(a, b, True, g, held_out(g), source)


def _related(a: str, b: str) -> bool:
    """Names of one group with no word (or 4-letter start) in common are a rename or a parent
    ('SAIC INC.' under the DUNS of 'Leidos Holdings'): not something a name can tell."""
    ka, kb = profile(a).key.replace(" ", ""), profile(b).key.replace(" ", "")
    if ka[:4] == kb[:4]:
        return True
    words_a, words_b = set(profile(a).tokens), set(profile(b).tokens)
    return bool({w[:4] for w in words_a if len(w) > 2} & {w[:4] for w in words_b if len(w) > 2})


def _negatives(groups: dict[str, dict[str, set[str]]], merged: dict[str, str]) -> Iterator[Pair]:
    for source, by_group in groups.items():
        by_word: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for group, names in by_group.items():
            for name in names:
                for word in set(profile(name).formless):
                    if len(word) > 1:
                        by_word[word].append((merged[group], name))
        for word, entries in sorted(by_word.items()):
            for side in (False, True):  # each side gets its own hard negatives
                chosen = [e for e in set(entries) if held_out(e[0]) == side]
                chosen = sorted(chosen, key=lambda e: _stable(word + e[1]))[:MAX_WORD_GROUPS]
                yield from _word_negatives(source, chosen)


def _word_negatives(source: str, entries: list[tuple[str, str]]) -> Iterator[Pair]:
    combos = [(x, y) for x, y in itertools.combinations(entries, 2) if x[0] != y[0]]
    kept = 0
    for (g1, a), (_, b) in sorted(combos, key=lambda c: _stable(c[0][1] + c[1][1])):
        if profile(a).key.replace(" ", "") == profile(b).key.replace(" ", ""):
            continue
        yield Pair(a, b, False, g1, held_out(g1), source)
        kept += 1
        if kept >= NEGATIVES_PER_WORD:
            break


def _fixture_negatives(fixtures: Path, merged: dict[str, str]) -> Iterator[Pair]:
    families = {f.family_id: f.name for f in load_families()}
    with (fixtures / "expected_family_links.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            family = families.get(row["family_id"])
            if row["expected"] == "clear" and family:
                g = merged.get(f"family:{row['family_id']}", f"family:{row['family_id']}")
                yield Pair(row["name"].strip(), family, False, g, held_out(g), "fixture")


def dev_pairs(shared: Path) -> list[Pair]:
    """bench/company_name_pairs_dev.csv, grouped by connected names (a name in two pairs puts
    them in one group) and never used for training."""
    with (shared / "bench" / "company_name_pairs_dev.csv").open(encoding="utf-8") as handle:
        rows = [(r["name1"], r["name2"], r["is_match"] == "true") for r in csv.DictReader(handle)]
    return [Pair(a, b, m, f"dev:{a}", True, "dev") for a, b, m in rows]
