"""The five seed documents (four articles on ICE in Canada and the NDP letter of January 2026,
in English and French) checked against the store built from ../shared/data.

Since issue 9 the letter's demands ('Ban all Canadian companies ...', 'Interdire ...') and
hedges ('is in talks to sell') are reported as `not a claim`, and its statements about
Canadian money (the House of Commons contract, the subsidy to JSI) are checked against the
Canadian records."""

from typing import Any

LETTER = "004_c52b3c238c111091.txt"
ARTICLES = [
    "000_d96cb597a215b0ad.txt",
    "001_0696971aac7ece12.txt",
    "002_4c2b5d2be73ffaa2.txt",
    "003_368fc5ecfde33976.txt",
]
ICE = "U.S. Immigration and Customs Enforcement"
# The ICE awards each company holds in ../shared/data (see iceout/data/families.yaml).
ICE_AWARDS = {
    "Roshel": {"70CMSW26FR0000002"},
    "JSI Telecom": {"70CMSD25P00000018", "70CTD019C00000004", "HSCETC14C00001"},
    "GardaWorld": {"70CDCR26FR0000043", "70CDCR25FR0000073"},
}


def _about(result: dict[str, Any], subject: str, body: str | None = None) -> list[dict[str, Any]]:
    """The claims (not the demands and hedges) about a subject, and a body if given."""
    return [
        c
        for c in result["claims"]
        if c["subject"] == subject
        and c["status"] != "not a claim"
        and (body is None or c["body"] == body)
    ]


def test_roshel_jsi_and_gardaworld_claims_are_supported_by_their_ice_awards(seed_claims) -> None:
    for subject, awards in ICE_AWARDS.items():
        found = _about(seed_claims, subject, ICE)
        assert found, subject
        for claim in found:
            assert claim["status"] == "supported", claim
            assert awards <= {e["record_id"] for e in claim["evidence"]}, claim
            assert all(e["kind"] == "ICE contract" for e in claim["evidence"])
            assert all(
                e["source"].startswith("https://www.usaspending.gov/award/")
                for e in claim["evidence"]
            )


def test_hootsuite_claims_are_unverified_saying_what_was_searched(seed_claims) -> None:
    found = _about(seed_claims, "Hootsuite")
    assert len(found) == 2 and all(c["source"] == LETTER for c in found)
    for claim in found:
        assert claim["status"] == "unverified"
        assert claim["evidence"] == []
        assert "loaded records" in claim["explanation"] and "finds none" in claim["explanation"]
    # the CBP award that names Hootsuite in its description is a lead, not evidence
    assert any("70B06C24C00000048" in c["explanation"] for c in found)


def test_the_letters_demands_and_hedges_are_not_claims(seed_claims) -> None:
    asked = [c for c in seed_claims["claims"] if c["status"] == "not a claim"]
    words = {(c["subject"], c["explanation"].split("'")[1]) for c in asked}
    # 'Ban all Canadian companies, including GardaWorld, Jim Pattison Group, and Hootsuite ...'
    # and its French 'Interdire ...'; 'Deny'/'Refuser' export permits to Roshel; 'Cancel'/
    # 'Annuler' the subsidies to JSI
    for subject in ("GardaWorld", "Jim Pattison Group", "Hootsuite"):
        assert {(subject, "Ban"), (subject, "Interdire")} <= words
    assert {("Roshel", "Deny"), ("Roshel", "Refuser")} <= words
    assert {("JSI Telecom", "Cancel"), ("JSI Telecom", "Annuler")} <= words
    # 'Jim Pattison Group is in talks to sell a US warehouse to ICE', 'en discussion pour vendre'
    assert {("Jim Pattison Group", "in talks"), ("Jim Pattison Group", "en discussion")} <= words
    # the article reporting that McPherson 'called for' an end to the sale of Roshel vehicles
    assert ("Roshel", "calling for") in words
    assert _about(seed_claims, "Jim Pattison Group") == []
    for claim in asked:
        assert claim["evidence"] == []
        assert claim["explanation"].startswith("not a claim: a ")
        assert "the records were not searched" in claim["explanation"]
    statuses = [c["status"] for c in seed_claims["claims"]]
    # with the Public Accounts lines in the store, 'GardaWorld has also been contracted by the
    # House of Commons' is supported, in English and in French
    assert {s: statuses.count(s) for s in set(statuses)} == {
        "supported": 11,
        "unverified": 4,
        "not a claim": 13,
    }
    house = [c for c in seed_claims["claims"] if c["body"] and "Commons" in c["body"]]
    assert len(house) == 2 and all(c["status"] == "supported" for c in house)


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
            "subject", "statement", "source", "relation", "status", "evidence", "explanation",
            "body",
        ]  # fmt: skip
        assert claim["relation"] in ("contract", "sale", "subsidy", "services", "office", "payment")
        for evidence in claim["evidence"]:
            assert list(evidence)[:5] == ["record_id", "kind", "amount", "date", "source"]
        trigger = claim["explanation"].split("read from '", 1)[1].split("'", 1)[0]
        assert trigger in claim["statement"]


def test_the_letter_is_read_in_both_languages_and_articles_naming_no_company_give_no_claim(
    seed_claims,
) -> None:
    statements = {c["statement"] for c in _about(seed_claims, "JSI Telecom", ICE)}
    assert any("fournit des outils d’écoute électronique à l’ICE" in s for s in statements)
    assert any("providing wiretapping tools to ICE" in s for s in statements)
    sources = {c["source"] for c in seed_claims["claims"]}
    assert ARTICLES[2] not in sources and ARTICLES[3] not in sources
