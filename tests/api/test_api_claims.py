"""The claims page: `iceout claims --db` keeps what it found in the store (clm_* tables), and
`iceout serve` lists it by document with status and links to each record's public page: a
USAspending award page, a Canadian record's own page or an open.canada.ca search for it.
Demands and hedges are listed apart, as not a claim.

The server is stopped while `iceout claims` writes: DuckDB admits one writer per file."""

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
# written for the claims tests: GardaWorld's CBSA contracts, demands and hedges (see its .source.md)
CANADIAN = Path(__file__).resolve().parents[1] / "fixtures" / "claims_canadian.txt"
USASPENDING = "https://www.usaspending.gov/award/"
OPEN_CANADA = "https://search.open.canada.ca/contracts/?search_text="
ICE = "U.S. Immigration and Customs Enforcement"


def _claims(db: Path, home: Path, *documents: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "from iceout.cli import main; main()", "claims"]
    done = subprocess.run(
        [*command, *map(str, documents), "--db", str(db), "--output", str(home / "claims.json")],
        capture_output=True,
        text=True,
        env={**os.environ, "ICEOUT_HOME": str(home)},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done


def _count(db: Path, sql: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


@pytest.fixture(scope="module")
def checked(
    own_api, require_shared: Callable[[Path, str], Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The empty page, then the seeds (and a document about Canadian money) checked twice and
    the server started again."""
    seeds = [*sorted(require_shared(SEEDS, "the seed documents").glob("*.txt")), CANADIAN]
    server, store = own_api
    server.stop()
    with duckdb.connect(str(store.db)) as con:  # a store another test's claims run has filled
        con.execute(
            "DELETE FROM clm_claims; DELETE FROM clm_documents; DELETE FROM clm_disagreements"
        )
    server.start(int(server.url.rsplit(":", 1)[1]))
    with server.client() as client:
        empty = client.get("/claims").text
    server.stop()
    home = tmp_path_factory.mktemp("claims-home")
    _claims(store.db, home, *seeds)
    counts = [
        _count(store.db, f"SELECT count(*) FROM {t}") for t in ("clm_documents", "clm_claims")
    ]
    _claims(store.db, home, *seeds)
    again = [_count(store.db, f"SELECT count(*) FROM {t}") for t in ("clm_documents", "clm_claims")]
    server.start(int(server.url.rsplit(":", 1)[1]))
    with server.client() as client:
        page, api = client.get("/claims"), client.get("/api/claims")
    return {"empty": empty, "counts": counts, "again": again, "page": page, "api": api}


def _claims_of(found: dict[str, Any], subject: str) -> list[dict[str, Any]]:
    claims = [c for d in found["documents"] for c in d["claims"] if c["subject"] == subject]
    assert claims, f"no claim about {subject}"
    return claims


def test_empty_store_says_how_to_fill_the_page(checked: dict[str, Any]) -> None:
    assert "No document has been checked" in checked["empty"]
    assert "iceout claims --db PATH DOC..." in checked["empty"]
    assert 'href="/claims"' in checked["empty"]  # in the site navigation


def test_checking_the_same_documents_twice_keeps_one_copy(checked: dict[str, Any]) -> None:
    documents, claims = checked["counts"]
    assert documents == 6 and claims > 0
    assert checked["again"] == checked["counts"]


@pytest.mark.parametrize(
    ("subject", "award_prefix"),
    [("Roshel", "70CMSW"), ("JSI Telecom", "70CMSD"), ("GardaWorld", "70CDCR")],
)
def test_supported_claims_link_their_ice_awards(
    checked: dict[str, Any], subject: str, award_prefix: str
) -> None:
    assert checked["api"].status_code == 200
    page = checked["page"].text
    claims = [
        c
        for c in _claims_of(checked["api"].json(), subject)
        if c["body"] == ICE and c["status"] != "not a claim"
    ]
    assert claims
    for claim in claims:
        assert claim["status"] == "supported"
        ice = [e for e in claim["evidence"] if e["kind"] == "ICE contract"]
        assert any(e["record_id"].startswith(award_prefix) for e in ice)
        for e in ice:
            assert e["url"].startswith(USASPENDING)
            assert f'<a href="{e["url"]}" rel="noopener">{e["record_id"]}</a>' in page
    assert f'<strong class="subject">{subject}</strong>' in page


def test_claims_without_records_are_unverified(checked: dict[str, Any]) -> None:
    claims = _claims_of(checked["api"].json(), "Hootsuite")
    made = [c for c in claims if c["status"] != "not a claim"]  # demands and hedges aside
    assert len(made) == 2
    for claim in made:
        assert claim["status"] == "unverified" and claim["evidence"] == []
        assert "finds none" in claim["explanation"]


def test_canadian_evidence_links_to_open_canada_with_its_department_and_file(
    checked: dict[str, Any],
) -> None:
    page = checked["page"].text
    [claim] = [
        c
        for c in _claims_of(checked["api"].json(), "GardaWorld")
        if c["statement"].startswith("GardaWorld has contracts with the Canada Border")
    ]
    assert (claim["status"], claim["body"]) == ("supported", "Canada Border Services Agency")
    by_id = {e["record_id"]: e for e in claim["evidence"]}
    for record_id in ("4747771444", "2007005035"):
        evidence = by_id[record_id]
        assert evidence["currency"] == "C$" and evidence["kind"] == "contract"
        assert evidence["url"] == OPEN_CANADA + record_id or evidence["url"] == evidence["source"]
        assert f'<a href="{evidence["url"]}" rel="noopener">{record_id}</a>' in page
        assert f"<code>{evidence['file']}</code>" in page
    assert "C$10,590,020" in page  # 4747771444, in Canadian dollars
    assert '<span class="body">Canada Border Services Agency</span>' in page


def test_demands_and_hedges_are_listed_as_not_a_claim(checked: dict[str, Any]) -> None:
    page = checked["page"].text
    asked = [
        c
        for d in checked["api"].json()["documents"]
        for c in d["claims"]
        if c["status"] == "not a claim"
    ]
    kinds = {(c["qualifier_kind"], c["qualifier"]) for c in asked}
    assert {("demand", "Ban"), ("demand", "Interdire"), ("hedge", "in talks")} <= kinds
    assert all(c["evidence"] == [] for c in asked)
    assert '<span class="status not-a-claim">not a claim</span>' in page
    assert "a demand: “Ban”" in page and "a hedge: “in talks”" in page
    assert f"{len(asked)} sentence(s) that ask for something or" in page


def test_page_groups_by_document_with_distinct_statuses(checked: dict[str, Any]) -> None:
    response: httpx.Response = checked["page"]
    assert response.status_code == 200
    page = response.text
    assert '<span class="status supported">supported</span>' in page
    assert '<span class="status unverified">unverified</span>' in page
    for document in checked["api"].json()["documents"]:
        assert f"<h2>{document['document']}</h2>" in page
    assert "cities with ICE offices" in page  # the documents' disagreement on ICE's offices
