"""Word rarity (iceout/resolve/rarity.py): one table, read alike by the comparator and by
blocking, on the curated families and real Canadian vendor spellings."""

import csv
from pathlib import Path

import duckdb
import pytest

from iceout.resolve.blocking import TokenIndex
from iceout.resolve.families import load_families
from iceout.resolve.profile import profile
from iceout.resolve.rarity import build_word_rarity, load_word_rarity
from iceout.resolve.scoring import Comparator

VENDORS = "canada/vendor_names/vendor_normalization_data.csv"


@pytest.fixture(scope="module")
def store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    with (shared_data / VENDORS).open(encoding="utf-8-sig") as handle:
        vendors = sorted({row["company_name"] for row in csv.DictReader(handle)})
    con = duckdb.connect(str(tmp_path_factory.mktemp("rarity") / "store.duckdb"))
    con.execute("CREATE TABLE res_family_names (family_id VARCHAR, name VARCHAR, origin VARCHAR)")
    con.executemany(
        "INSERT INTO res_family_names VALUES (?, ?, 'curated alias')",
        [(f.family_id, n.name) for f in load_families() for n in f.names],
    )
    build_word_rarity(con, vendors)
    return {"con": con, "vendors": vendors}


def test_comparator_and_blocking_weigh_a_word_alike(store) -> None:
    con = store["con"]
    comparator = Comparator.from_store(con)
    index = TokenIndex(con, [])
    for word in ("garda", "security", "solutions", "hootsuite", "management"):
        assert comparator.weights[word] == pytest.approx(index._weight(word))


def test_a_family_counts_once_however_many_names_carry_its_word(store) -> None:
    df, documents = load_word_rarity(store["con"])
    families = load_families()
    carrying = [f for f in families if any("garda" in profile(n.name).tokens for n in f.names)]
    names = [n for f in carrying for n in f.names if "garda" in profile(n.name).tokens]
    vendors = [v for v in store["vendors"] if "garda" in profile(v).tokens]
    assert len(names) > len(carrying)  # a family lists the word under several names
    assert df["garda"] == len(carrying) + len(vendors)
    assert documents == len(families) + len(store["vendors"])


def test_a_stem_never_counts_as_a_word(store) -> None:
    df, _ = load_word_rarity(store["con"])
    # 'secu*' is every name with a word opening 'secu'; the word 'security' is only itself
    assert df["secu*"] >= df["security"]
    assert "secu" not in df or df["secu"] < df["secu*"]
