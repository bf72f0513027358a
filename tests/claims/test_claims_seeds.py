"""The five seed documents (four articles on ICE in Canada and the NDP letter of January 2026,
in English and French) checked against the store built from ../shared/data."""

from typing import Any

LETTER = "004_c52b3c238c111091.txt"
ARTICLES = [
    "000_d96cb597a215b0ad.txt",
    "001_0696971aac7ece12.txt",
    "002_4c2b5d2be73ffaa2.txt",
    "003_368fc5ecfde33976.txt",
]
# The ICE awards each company holds in ../shared/data (see iceout/data/families.yaml).
ICE_AWARDS = {
    "Roshel": {"70CMSW26FR0000002"},
    "JSI Telecom": {"70CMSD25P00000018", "70CTD019C00000004", "HSCETC14C00001"},
    "GardaWorld": {"70CDCR26FR0000043", "70CDCR25FR0000073"},
}


def _about(result: dict[str, Any], subject: str) -> list[dict[str, Any]]:
    return [c for c in result["claims"] if c["subject"] == subject]


def test_roshel_jsi_and_gardaworld_claims_are_supported_by_their_ice_awards(seed_claims) -> None:
    for subject, awards in ICE_AWARDS.items():
        found = _about(seed_claims, subject)
        assert found, subject
        for claim in found:
            assert claim["status"] == "supported", claim
            assert awards <= {e["record_id"] for e in claim["evidence"]}, claim
            assert all(e["kind"] == "ICE contract" for e in claim["evidence"])
            assert all(
                e["source"].startswith("https://www.usaspending.gov/award/")
                for e in claim["evidence"]
            )


def test_hootsuite_and_jim_pattison_claims_are_unverified_saying_what_was_searched(
    seed_claims,
) -> None:
    for subject in ("Hootsuite", "Jim Pattison Group"):
        found = _about(seed_claims, subject)
        assert found and all(c["source"] == LETTER for c in found)
        for claim in found:
            assert claim["status"] == "unverified"
            assert claim["evidence"] == []
            assert "loaded records" in claim["explanation"] and "finds none" in claim["explanation"]
    # the CBP award that names Hootsuite in its description is a lead, not evidence
    hootsuite = _about(seed_claims, "Hootsuite")
    assert any("70B06C24C00000048" in c["explanation"] for c in hootsuite)


def test_the_letters_three_cities_disagree_with_the_five_of_the_articles(seed_claims) -> None:
    [cities] = [
        d
        for d in seed_claims["presence"]["disagreements"]
        if d["topic"] == "cities with ICE offices"
    ]
    by_count = {p["count"]: p for p in cities["positions"]}
    assert set(by_count) == {5, 3}
    assert by_count[3]["sources"] == [LETTER]
    assert by_count[3]["cities"] == ["Calgary", "Montreal", "Toronto"]
    assert sorted(by_count[5]["sources"]) == ARTICLES
    assert by_count[5]["cities"] == ["Calgary", "Montreal", "Ottawa", "Toronto", "Vancouver"]
    assert "Ottawa, Vancouver" in cities["explanation"]
    # the letter says it in English and in French
    assert len(by_count[3]["statements"]) == 2


def test_the_documents_agree_on_what_agents_may_not_do(seed_claims) -> None:
    denied = {
        (s["source"], a["activity"])
        for s in seed_claims["presence"]["statements"]
        for a in s["activities"]
        if not a["allowed"]
    }
    assert {source for source, activity in denied if activity == "arrests"} == set(ARTICLES)
    assert {source for source, activity in denied if activity == "carrying firearms"} >= {
        ARTICLES[0],
        ARTICLES[2],
        ARTICLES[3],
    }
    topics = [d["topic"] for d in seed_claims["presence"]["disagreements"]]
    assert topics == ["cities with ICE offices"]


def test_every_claim_has_the_issue_shape_and_names_the_words_it_was_read_from(
    seed_claims,
) -> None:
    for claim in seed_claims["claims"]:
        assert list(claim) == [
            "subject", "statement", "source", "relation", "status", "evidence", "explanation"
        ]  # fmt: skip
        assert claim["relation"] in ("contract", "sale", "subsidy", "services", "office")
        for evidence in claim["evidence"]:
            assert list(evidence) == ["record_id", "kind", "amount", "date", "source"]
        trigger = claim["explanation"].split("read from '", 1)[1].split("'", 1)[0]
        assert trigger in claim["statement"]


def test_the_letter_is_read_in_both_languages_and_articles_naming_no_company_give_no_claim(
    seed_claims,
) -> None:
    statements = {c["statement"] for c in _about(seed_claims, "JSI Telecom")}
    assert any("fournit des outils d’écoute électronique à l’ICE" in s for s in statements)
    assert any("providing wiretapping tools to ICE" in s for s in statements)
    sources = {c["source"] for c in seed_claims["claims"]}
    assert ARTICLES[2] not in sources and ARTICLES[3] not in sources
