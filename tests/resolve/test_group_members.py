"""Names that say which company of a group they are (iceout/resolve/compare/abroad.py) and
names written two ways (iceout/resolve/scoring.py `written_alike`), on real names of
../shared/data."""

import csv
from pathlib import Path

import pytest

from iceout.resolve.compare.abroad import ROMAN
from iceout.resolve.scoring import Comparator

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
GOC = SHARED / "canada" / "goc_spending_vendors"
DUNS = SHARED / "bench" / "us_vendor_name_variants_by_duns.csv"


@pytest.fixture(scope="module")
def comparator() -> Comparator:
    return Comparator.bundled()


def _spellings(vendor: str) -> list[str]:
    with (GOC / vendor / "original_vendor_names.csv").open(encoding="utf-8") as handle:
        return [row["original_vendor_name"] for row in csv.DictReader(handle)]


def test_a_company_of_the_group_in_another_country_is_left_to_a_reviewer(comparator) -> None:
    # GoC-Spending folds the Chinese company into the vendor: one group, not one company
    names = _spellings("bollore_logistics")
    abroad = [n for n in names if "china" in n.lower()]
    assert abroad
    for name in abroad:
        for other in (n for n in names if "china" not in n.lower()):
            result = comparator.compare(name, other)
            assert result.decision == "review", (name, other, result)
            assert "'china' named on one side only" in str(result.reason)


@pytest.mark.parametrize(
    "name, other",
    [
        # the Canadian arm: iceout links a US company's Canadian names on purpose
        ("Tyco Integrated Security Canada Inc", "TYCO INTEGRATED SECURITY LLC"),
        # a Public Accounts payee line: a city, then the country, is an address
        (
            "International Organization for Migration Geneva Switzerland",
            "INTERNATIONAL ORGANIZATION FOR MIGRATION",
        ),
        # both name the country, one misspelt
        ("UNIVERSITY OF BRITISH COLOMBIA", "University of British Columbia"),
    ],
)
def test_canada_an_address_or_a_misspelt_country_keeps_the_match(comparator, name, other) -> None:
    assert comparator.compare(name, other).decision == "match"


def _series_names() -> list[tuple[str, str]]:
    """Each DUNS name with a series numeral (LIONBRIDGE GLOBAL SOLUTIONS II) and its others."""
    with DUNS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (row["vendorName"], row["origName"])
        for row in rows
        if _numeral(row["vendorName"])
        and _numeral(row["origName"])
        and sum(len(t) > 3 for t in row["vendorName"].split()) >= 2  # not 'M V M, Inc.'
    ]


def _numeral(name: str) -> str | None:
    """A numeral after the name's first word ('X Brand Mattress': a letter, not a series)."""
    return next((t for t in name.lower().replace(",", " ").split()[1:] if t in ROMAN), None)


def test_a_series_numeral_on_one_side_only_is_left_to_a_reviewer(comparator) -> None:
    pairs = _series_names()
    assert len(pairs) >= 3
    for name, other in pairs:
        assert comparator.compare(name, other).decision == "match", (name, other)
        numeral = _numeral(name)
        without = " ".join(t for t in name.replace(",", " ").split() if t.lower() != numeral)
        result = comparator.compare(name, without)
        assert result.decision != "match", (name, without, result)
        assert f"series numeral '{numeral.upper()}'" in str(result.reason)


@pytest.mark.parametrize(
    "vendor, name, other",
    [
        ("trm_technologies", "TRM Technologies Inc", "TRM Technology"),
        ("dalian_enterprises", "DALIAN ENTREPRISES INC.", "Dalian Enterprises Inc"),
    ],
)
def test_one_name_in_another_number_or_a_misspelt_qualifier_matches(
    comparator, vendor, name, other
) -> None:
    assert {name, other} <= set(_spellings(vendor))
    assert comparator.compare(name, other).decision == "match"


def test_a_brand_spelt_alike_is_not_a_variant(comparator) -> None:
    # two companies (Liebert power systems, Liebherr machinery) folded into one GoC vendor
    assert comparator.compare("LIEBERT CANADA", "LIEBHERR CANADA LTD.").decision != "match"


def _listed(word: str) -> list[str]:
    """SEMA-listed entities whose name writes a number in words."""
    path = SHARED / "sanctions" / "sema_2026-08-22.derived.csv"
    with path.open(encoding="utf-8") as handle:
        names = [row["entity_or_ship"] for row in csv.DictReader(handle)]
    return [n for n in names if word in n.lower().split()]


@pytest.mark.parametrize("word, digits", [("three", "3"), ("five", "5")])
def test_a_number_in_words_matches_the_same_number_in_digits(
    comparator, word: str, digits: str
) -> None:
    listed = _listed(word)
    assert listed
    for name in listed:
        written = " ".join(digits if t.lower() == word else t for t in name.split())
        assert comparator.compare(written, name).decision == "match", (written, name)
