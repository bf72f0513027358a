"""Candidate generation (iceout/resolve/blocking.py), on real names and a real DuckDB file: the
SQL path (batches) and the in-memory index (single names) give the same candidates, rare words
block and common or qualifier words do not."""

import csv
from pathlib import Path

import duckdb
import pytest

from iceout.resolve.blocking import (
    QUALIFIER_STEMS,
    TOP_K,
    TokenIndex,
    blocking_key,
    candidate_pairs,
)
from iceout.resolve.families import load_families
from iceout.resolve.profile import profile
from iceout.resolve.rarity import RARITY_DDL, document_frequency

VENDORS = "canada/vendor_names/vendor_normalization_data.csv"


@pytest.fixture(scope="module")
def corpus(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Targets: every curated family name; queries: the raw vendor spellings of the current
    contracts dataset (real names, many sharing words with each other)."""
    with (shared_data / VENDORS).open(encoding="utf-8-sig") as handle:
        vendors = sorted({row["company_name"] for row in csv.DictReader(handle)})
    targets = sorted({n.name for f in load_families() for n in f.names})
    con = duckdb.connect(str(tmp_path_factory.mktemp("blocking") / "store.duckdb"))
    df, documents = document_frequency([[n] for n in targets + vendors])
    con.execute(RARITY_DDL)
    con.executemany(
        "INSERT INTO res_word_rarity VALUES (?, ?)", [*df.items(), ("#names", documents)]
    )
    return {"con": con, "targets": targets, "vendors": vendors}


def _keys(names: list[str]) -> list[tuple[int, str]]:
    return [(i, profile(name).key) for i, name in enumerate(names)]


def test_sql_and_in_memory_blocking_give_the_same_candidates(corpus) -> None:
    con, targets = corpus["con"], _keys(corpus["targets"])
    queries = _keys(corpus["vendors"][::7])  # about a thousand real spellings
    by_sql: dict[int, set[int]] = {}
    for query_id, target_id in candidate_pairs(con, queries, targets):
        by_sql.setdefault(query_id, set()).add(target_id)
    index = TokenIndex(con, targets)
    by_index = {q: set(found) for q, key in queries if (found := index.candidates(key))}
    assert sum(len(v) for v in by_sql.values()) > 200  # the comparison says something
    assert by_index == by_sql


def test_a_rare_word_blocks_and_its_stem_meets_a_truncation(corpus) -> None:
    index = TokenIndex(corpus["con"], _keys(corpus["targets"]))
    names = corpus["targets"]
    found = [names[t] for t in index.candidates(profile("GARDAWORLD SECURITY CORP").key)]
    assert any("garda" in profile(n).key for n in found)
    truncated = [names[t] for t in index.candidates(profile("Securitas Canad").key)]
    assert any(profile(n).key.startswith("securitas") for n in truncated)


def test_qualifier_and_common_words_never_block_alone(corpus) -> None:
    index = TokenIndex(corpus["con"], _keys(corpus["targets"]))
    assert index.candidates(profile("Canada Services Group International").key) == []
    assert all(w in QUALIFIER_STEMS for w in blocking_key("canada services group").split())


def test_each_name_keeps_at_most_top_k_candidates(corpus) -> None:
    index = TokenIndex(corpus["con"], _keys(corpus["targets"]))
    assert all(len(index.candidates(profile(v).key)) <= TOP_K for v in corpus["vendors"][:500])
