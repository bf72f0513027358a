"""Reviewers' decisions: stored apart, latest in force, transitive, applied over scores."""

import shutil
from pathlib import Path

import duckdb
import pytest

from iceout.errors import InputError
from iceout.resolve.judgements import JudgementGraph, Node, record, record_judgement
from iceout.resolve.links import Resolver, apply_judgements


@pytest.fixture
def store(built_store: dict, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    path = tmp_path / "judged.duckdb"
    shutil.copy(built_store["db"], path)
    return duckdb.connect(str(path))


def _links(con: duckdb.DuckDBPyConnection, names: list[str]) -> dict:
    families = dict(con.execute("SELECT family_id, name FROM res_families").fetchall())
    graph = JudgementGraph.load(con)
    return apply_judgements(Resolver.load(con).resolve(con, names), names, graph, families)


def test_rejection_drops_a_computed_link_and_the_latest_decision_wins(store) -> None:
    assert _links(store, ["GARDA"])["GARDA"].family_id == "gardaworld"
    record_judgement(store, "GARDA", "gardaworld", "negative", "A. Analyst", "Irish police?")
    assert "GARDA" not in _links(store, ["GARDA"])
    record_judgement(store, "Garda", "gardaworld", "positive", "B. Reviewer", "brand name")
    link = _links(store, ["GARDA"])["GARDA"]
    assert link.decision == "match" and "B. Reviewer" in str(link.reasons)


def test_confirmation_links_a_name_no_rule_found(store) -> None:
    assert "Northern Lights Patrol Services Ltd" not in _links(
        store, ["Northern Lights Patrol Services Ltd"]
    )
    record_judgement(
        store, "Northern Lights Patrol Services Ltd", "gardaworld", "positive", "A. Analyst"
    )
    link = _links(store, ["Northern Lights Patrol Services Ltd"])[
        "Northern Lights Patrol Services Ltd"
    ]
    assert link.family_id == "gardaworld" and link.decision == "match"
    assert link.score is None and "no rule linked" in str(link.explanation)
    assert "positive by A. Analyst" in str(link.reasons)


def test_decisions_are_transitive(store) -> None:
    # A = B and B = family gives A = family
    record(
        store,
        Node.of_name("Acme Guarding Ltd"),
        Node.of_name("Acme Guard Services"),
        "positive",
        "R1",
    )
    record_judgement(store, "Acme Guard Services", "g4s", "positive", "R2")
    assert _links(store, ["Acme Guarding Ltd"])["Acme Guarding Ltd"].family_id == "g4s"
    # A != family and B = A gives B != family, whatever the scores say
    record(
        store, Node.of_name("SECURITE GARDA"), Node.of_name("Garda Securite Inc"), "positive", "R1"
    )
    record_judgement(store, "SECURITE GARDA", "gardaworld", "negative", "R3")
    links = _links(store, ["SECURITE GARDA", "Garda Securite Inc"])
    assert "SECURITE GARDA" not in links and "Garda Securite Inc" not in links


def test_unsure_sends_a_match_to_review(store) -> None:
    record_judgement(store, "GARDA DU CANADA", "gardaworld", "unsure", "R4", "check the BN")
    link = _links(store, ["GARDA DU CANADA"])["GARDA DU CANADA"]
    assert link.decision == "review" and "check the BN" in str(link.reasons)


def test_bad_judgements_are_refused_with_a_message(store) -> None:
    with pytest.raises(InputError, match="no family"):
        record_judgement(store, "GARDA", "no-such-family", "positive", "R1")
    with pytest.raises(InputError, match="one of"):
        record_judgement(store, "GARDA", "gardaworld", "maybe", "R1")
    with pytest.raises(InputError, match="reviewer"):
        record_judgement(store, "GARDA", "gardaworld", "positive", " ")
