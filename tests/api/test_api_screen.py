"""Screening over HTTP: one name, a batch, an uploaded CSV; limits answer with a clear 4xx."""

import csv
import io

import duckdb
import httpx

from iceout.api.limits import MAX_BATCH, MAX_BODY_BYTES, MAX_NAME_LENGTH


def test_a_watchlist_company_is_a_match_with_its_evidence(api: httpx.Client) -> None:
    result = api.get("/api/screen", params={"name": "Garda World Security Corporation"}).json()
    assert result["decision"] == "match" and result["family_id"] == "gardaworld"
    assert result["score"] >= 0.9 and "GardaWorld" in result["explanation"]
    evidence = result["evidence"]
    assert (
        evidence["on_watchlist"] and evidence["us_awards"] > 0 and "ICE" in evidence["components"]
    )
    assert evidence["canadian_records"] > 0 and max(evidence["canadian_by_kind"].values()) > 0
    assert result["dossier_url"] == "/families/gardaworld"


def test_an_unknown_name_is_clear_and_country_is_echoed(api: httpx.Client) -> None:
    result = api.get("/api/screen", params={"name": "Boulangerie Saint-Roch", "country": "CA"})
    assert result.status_code == 200
    assert result.json() | {"explanation": None} == {
        "name": "Boulangerie Saint-Roch",
        "country": "CA",
        "decision": "clear",
        "score": 0.0,
        "family_id": None,
        "family": None,
        "matched_name": None,
        "explanation": None,
        "evidence": None,
        "dossier_url": None,
        "scope": "dhs",  # the scope screened, ICE only or every DHS component
    }


def test_an_identifier_settles_a_match(api: httpx.Client, built_store: dict) -> None:
    with duckdb.connect(str(built_store["db"]), read_only=True) as con:
        uei, family_id = con.execute(
            "SELECT a.recipient_uei, f.family_id FROM nrm_us_awards a "
            "JOIN res_award_families f USING (award_key) JOIN wl_families w USING (family_id) "
            "WHERE a.recipient_uei IS NOT NULL AND w.kind = 'company' ORDER BY 1 LIMIT 1"
        ).fetchone()
    result = api.post("/api/screen", json={"names": [{"name": "x", "id": uei}]}).json()
    assert result["results"][0]["family_id"] == family_id
    assert f"same UEI {uei}" in result["results"][0]["explanation"]


def test_a_batch_comes_back_in_order_with_counts(api: httpx.Client) -> None:
    names = ["GEO Group", "Boulangerie Saint-Roch", "JSI Telecom", ""]
    response = api.post("/api/screen", json={"names": [{"name": n or " "} for n in names]})
    body = response.json()
    assert [r["name"] for r in body["results"]] == [n or " " for n in names]
    assert [r["decision"] for r in body["results"]] == ["match", "clear", "match", "clear"]
    assert body["counts"] == {"match": 2, "review": 0, "clear": 2}


def test_limits_answer_with_a_clear_4xx(api: httpx.Client) -> None:
    too_long = api.get("/api/screen", params={"name": "x" * (MAX_NAME_LENGTH + 1)})
    assert too_long.status_code == 422 and str(MAX_NAME_LENGTH) in too_long.text
    assert api.get("/api/screen", params={"name": "   "}).json() == {"detail": "name is blank"}
    assert api.get("/api/screen").status_code == 422
    batch = api.post("/api/screen", json={"names": [{"name": "a"}] * (MAX_BATCH + 1)})
    assert batch.status_code == 422 and str(MAX_BATCH) in batch.text
    huge = api.post("/api/screen", content=b"x" * (MAX_BODY_BYTES + 1))
    assert huge.status_code == 413 and f"{MAX_BODY_BYTES:,}" in huge.json()["detail"]


def _upload(api: httpx.Client, content: bytes, name: str = "vendors.csv") -> httpx.Response:
    return api.post("/api/screen/csv", files={"file": (name, content, "text/csv")})


def test_an_uploaded_csv_comes_back_screened(api: httpx.Client) -> None:
    sent = 'name,note\nGardaWorld,first\n"Thomson Reuters Canada, Limited",second\nBoulangerie Saint-Roch,third\n'
    response = _upload(api, ("\ufeff" + sent).encode())
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="vendors-screened.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["note"] for r in rows] == ["first", "second", "third"]
    assert [r["decision"] for r in rows] == ["match", "match", "clear"]
    assert rows[0]["family_id"] == "gardaworld" and rows[0]["explanation"]
    assert list(rows[0]) == [
        "name", "note", "decision", "score", "family", "matched_name", "evidence", "explanation", "family_id",
    ]  # fmt: skip


def test_a_semicolon_windows_1252_upload_with_any_header_case(api: httpx.Client) -> None:
    # As Excel saves "CSV (semicolon)" on a French Windows; a name from the CCC profiles.
    sent = "Réf;NAME\r\nf1;Groupe de Sécurité Garda Inc.\r\nf2;Boulangerie Saint-Roch\r\n"
    response = _upload(api, sent.encode("cp1252"))
    assert response.status_code == 200, response.text
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["Réf"] for r in rows] == ["f1", "f2"]
    assert rows[0]["NAME"] == "Groupe de Sécurité Garda Inc."
    assert [r["decision"] for r in rows] == ["match", "clear"]
    assert list(rows[0])[:3] == ["Réf", "NAME", "decision"]


def test_a_bad_upload_says_what_is_wrong(api: httpx.Client) -> None:
    no_name = _upload(api, b"vendor,city\nGarda,Montreal\n")
    assert no_name.status_code == 400
    assert no_name.json()["detail"] == "vendors.csv: line 1: no 'name' column (found: vendor, city)"
    neither = _upload(api, b"name\nGarda\n\x81\x8d\n")
    assert neither.status_code == 400
    assert "line 3: neither UTF-8 nor Windows-1252" in neither.json()["detail"]
    empty = _upload(api, b"name\n")
    assert empty.json()["detail"] == "vendors.csv: no rows under the header"
    unicode_name = _upload(api, b"name\nGEO Group\n", "fournisseurs-\u540d\u524d.csv")
    assert unicode_name.headers["content-disposition"].endswith('"fournisseurs-__-screened.csv"')
    long_name = _upload(api, ("name\nok\n" + "x" * (MAX_NAME_LENGTH + 1) + "\n").encode())
    assert long_name.json()["detail"].startswith("vendors.csv: line 3: name longer than")
