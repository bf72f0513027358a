"""The trained model on companies it never saw: the held-out groups of the labelled pairs,
built at test time from ../shared/data (iceout/resolve/labelled.py), and the false matches
that issue 10 found in the store built from the same data."""

from pathlib import Path

import duckdb
import pytest

from iceout.resolve.labelled import labelled_pairs
from iceout.resolve.links import Resolver
from iceout.resolve.scoring import MATCH, REVIEW, Comparator, decide

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture(scope="module")
def pairs(shared_data: Path):
    return labelled_pairs(shared_data, FIXTURES)


def test_no_group_is_on_both_sides_of_the_split(pairs) -> None:
    train = {p.group for p in pairs if not p.held_out}
    held = {p.group for p in pairs if p.held_out}
    assert train and held and not train & held
    assert {p.match for p in pairs if p.held_out} == {True, False}


def test_held_out_accuracy_floor(pairs) -> None:
    comparator = Comparator.bundled()
    tp = fp = fn = 0
    for pair in (p for p in pairs if p.held_out):
        found = comparator.compare(pair.name1, pair.name2).decision == "match"
        tp += found and pair.match
        fp += found and not pair.match
        fn += pair.match and not found
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.97, (precision, recall)
    assert recall >= 0.75, (precision, recall)


def test_scores_are_probabilities_and_thresholds_ordered() -> None:
    assert 0 < REVIEW < MATCH < 1
    assert decide(MATCH) == "match" and decide(REVIEW) == "review"
    result = Comparator.bundled().compare("Siemens AG", "Siemens Aktiengesellschaft")
    assert 0 <= result.score <= 1 and result.decision == "match"


@pytest.mark.parametrize(
    "name, other",
    [
        ("OPTECH INCORPORATED", "Optech LLC"),
        ("Solutions Staffing Inc.", "AB Staffing Solutions LLC"),
        (
            "Canadian Association of Chiefs of Police",
            "International Association of Chiefs of Police",
        ),
        ("Sico Inc.", "Sico America Inc."),
        ("Paragon Ag. Service Ltd", "Paragon Professional Services LLC"),
    ],
)
def test_false_matches_of_issue_10_are_not_matches(built_store: dict, name, other) -> None:
    con = duckdb.connect(str(built_store["db"]), read_only=True)
    comparator = Resolver.load(con).comparator
    result = comparator.compare(name, other)
    assert result.decision != "match", result
    con.close()
