"""A French article written for these tests (tests/fixtures/claims_article_fr.txt; what each
sentence exercises is in claims_article_fr.source.md), checked against the store built from
../shared/data."""

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def french(claims_store, french_article, claims) -> dict:
    run = claims(claims_store, french_article)
    assert run.process.returncode == 0, run.process.stderr
    return run.result


def _status(result: dict) -> dict[str, tuple[str, str]]:
    return {c["subject"]: (c["relation"], c["status"]) for c in result["claims"]}


def test_french_claims_are_read_and_checked(french) -> None:
    assert _status(french) == {
        "Roshel": ("sale", "supported"),  # 'a vendu ... à l'ICE'
        "JSI Telecom": ("services", "supported"),  # 'fournit ... au Service de l'immigration ...'
        "GardaWorld": ("contract", "contradicted"),  # "n'a aucun contrat avec l'ICE"
        "société Boréal Blindage inc": ("contract", "unverified"),  # known to no record
        # 'Le groupe Jim Pattison serait en discussion pour vendre ...': a hedge (issue 9)
        "Jim Pattison Group": ("sale", "not a claim"),
        "Hootsuite": ("services", "unverified"),  # 'ministère de la Sécurité intérieure'
    }
    # the question 'L'ICE a-t-elle des contrats avec Hootsuite ?' asserts nothing
    assert [c["statement"] for c in french["claims"] if c["subject"] == "Hootsuite"] == [
        "Hootsuite fournit du soutien au ministère de la Sécurité intérieure des États-Unis."
    ]


def test_a_denial_is_contradicted_by_the_awards_it_denies(french) -> None:
    [garda] = [c for c in french["claims"] if c["subject"] == "GardaWorld"]
    assert "70CDCR26FR0000043" in {e["record_id"] for e in garda["evidence"]}
    assert "n’a aucun contrat" in garda["explanation"]


def test_an_unknown_company_is_found_by_its_legal_form_and_said_to_be_unknown(french) -> None:
    [boreal] = [c for c in french["claims"] if c["subject"].startswith("société Boréal")]
    assert boreal["evidence"] == []
    assert "legal form 'inc'" in boreal["explanation"]
    assert "no family in the store matches" in boreal["explanation"]


def test_french_statements_about_ice_in_canada(french) -> None:
    offices, agents = french["presence"]["statements"]
    assert offices["city_count"] == 4
    assert offices["cities"] == ["Toronto", "Montreal", "Vancouver", "Ottawa"]
    assert {a["activity"]: a["allowed"] for a in agents["activities"]} == {
        "arrests": False,
        "carrying firearms": False,
    }


def test_the_french_article_disagrees_with_the_letter_on_the_cities(
    claims_store, french_article, seeds: Path, claims
) -> None:
    run = claims(claims_store, french_article, seeds / "004_c52b3c238c111091.txt")
    [cities] = run.result["presence"]["disagreements"]
    assert {p["count"]: p["sources"] for p in cities["positions"]} == {
        4: ["claims_article_fr.txt"],
        3: ["004_c52b3c238c111091.txt"],
    }
