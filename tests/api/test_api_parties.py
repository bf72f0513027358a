"""Party screening of an export permit application (issue 13, item 3), as its users meet it:
`iceout screen-parties` on a CSV or JSON application, `POST /api/parties`, and the page
/parties in Debian's chromium. The application (tests/fixtures/parties/application.csv) has an
ICE office, a detention contractor from ../shared/data and a clear party; the scope is chosen
per request, on /api/screen too."""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

APPLICATION = Path(__file__).parents[1] / "fixtures/parties/application.csv"
ICEOUT = [sys.executable, "-c", "from iceout.cli import main; main()"]
NBSP = "\u00a0"


def _iceout(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*ICEOUT, *args], capture_output=True, text=True, timeout=600, env=os.environ
    )


def _check_application(answer: dict) -> None:
    assert answer["decision"] == "match" and answer["scope"] == "dhs"
    office, contractor, bakery = answer["parties"]
    assert (office["role"], office["basis"], office["decision"]) == (
        "end user",
        "dhs_body",
        "match",
    )
    assert office["component"] == "ICE" and office["office"] == "Phoenix field office"
    assert "Enforcement and Removal Operations" in office["reason"]
    assert (contractor["basis"], contractor["decision"]) == ("contractor", "match")
    assert "GEO" in contractor["family"].upper() and contractor["awards_in_scope"] > 0
    assert contractor["top_awards"] and all(a["component"] for a in contractor["top_awards"])
    assert contractor["dossier_url"] == f"/families/{contractor['family_id']}"
    assert (bakery["basis"], bakery["decision"]) == ("clear", "clear")
    assert (
        "Homeland Security and its 9 components" in bakery["reason"]
        and "contractor families" in bakery["reason"]
    )
    assert "2 of 3 parties flagged" in answer["summary"]


def test_cli_screens_an_application_from_csv_and_json(built_store: dict, tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    shutil.copyfile(built_store["db"], db)
    done = _iceout("screen-parties", "--input", str(APPLICATION), "--db", str(db))
    assert done.returncode == 0, done.stderr
    _check_application(json.loads(done.stdout))
    assert "application: match" in done.stderr

    as_json = tmp_path / "application.json"
    as_json.write_text(
        json.dumps(
            {
                "parties": [
                    {
                        "role": "consignee",
                        "name": "U.S. Customs and Border Protection, Port of Detroit",
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    ice_only = _iceout("screen-parties", "--input", str(as_json), "--scope", "ice", "--db", str(db))
    assert ice_only.returncode == 0, ice_only.stderr
    party = json.loads(ice_only.stdout)["parties"][0]
    assert party["decision"] == "clear" and "outside scope ice" in party["reason"]
    assert party["office"] == "port of Detroit"

    nameless = tmp_path / "nameless.csv"
    nameless.write_text("role,name\nconsignee,\n", encoding="utf-8")
    refused = _iceout("screen-parties", "--input", str(nameless), "--db", str(db))
    assert refused.returncode == 2 and "party 1: no name" in refused.stderr
    assert "Traceback" not in refused.stderr
    refused_fr = _iceout("--lang", "fr", "screen-parties", "--input", str(nameless))
    assert refused_fr.returncode == 2
    assert f"erreur{NBSP}: partie 1{NBSP}: aucun nom" in refused_fr.stderr


def test_cli_answers_in_french(built_store: dict, tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    shutil.copyfile(built_store["db"], db)
    for lang in (["--lang", "fr", "screen-parties"], ["screen-parties", "--lang", "fr"]):
        done = _iceout(*lang, "--input", str(APPLICATION), "--db", str(db))
        assert done.returncode == 0, done.stderr
        _check_french(json.loads(done.stdout))
        assert f"demande{NBSP}: correspondance{NBSP}: parties signalées" in done.stderr
    with duckdb.connect(str(db), read_only=True) as con:  # the log keeps English
        summaries = con.execute(
            "SELECT explanation FROM scr_log WHERE subject = 'application'"
        ).fetchall()
    assert len(summaries) == 2 and all(s.startswith("match: 2 of 3") for (s,) in summaries)


def _check_french(answer: dict) -> None:
    """The same verdict as _check_application's, its words in French; the API's own words
    (decision, basis, component) the same in either language."""
    assert answer["decision"] == "match"
    office, contractor, bakery = answer["parties"]
    assert (office["decision"], office["basis"], office["component"]) == (
        "match",
        "dhs_body",
        "ICE",
    )
    assert office["office"] == "bureau local de Phoenix"
    assert office["reason"].startswith(f"un organisme du DHS{NBSP}: Service de l'immigration")
    assert "Opérations d'application de la loi et de renvoi" in office["reason"]
    assert (
        contractor["reason"].startswith("est lié à ")
        and f"{NBSP}${NBSP}US)" in contractor["reason"]
    )
    assert bakery["reason"].startswith(f"vérifié{NBSP}: le nom et l'adresse")
    assert "9 composantes" in bakery["reason"] and "groupes d'entrepreneurs" in answer["checked"]
    assert answer["summary"].startswith(f"correspondance{NBSP}: parties signalées{NBSP}: 2 sur 3")


def test_api_gives_one_verdict_with_a_reason_per_party(own_api: tuple) -> None:
    server, _ = own_api
    with APPLICATION.open(encoding="utf-8") as handle:
        parties = list(csv.DictReader(handle))
    with server.client() as client:
        answer = client.post("/api/parties", json={"parties": parties})
        assert answer.status_code == 200, answer.text
        _check_application(answer.json())
        french = client.post(
            "/api/parties",
            params={"scope": "ice"},
            json={
                "parties": [
                    {
                        "role": "end user",
                        "name": "Bureau de l'immigration et des douanes des États-Unis",
                    }
                ]
            },
        ).json()
        assert french["decision"] == "match" and french["parties"][0]["component"] == "ICE"
        bad_scope = client.post("/api/parties", params={"scope": "cbp"}, json={"parties": parties})
        assert bad_scope.status_code == 422 and "scope" in bad_scope.text
        assert client.post("/api/parties", json={"parties": []}).status_code == 422
        blank = client.post("/api/parties", json={"parties": [{"role": "consignee", "name": " "}]})
        assert blank.status_code == 400 and blank.json()["detail"] == "party 1: no name"
        in_french = client.post("/api/parties", params={"lang": "fr"}, json={"parties": parties})
        _check_french(in_french.json())
        asked = client.post(
            "/api/parties", headers={"Accept-Language": "fr-CA,fr;q=0.9"}, json={"parties": parties}
        )
        _check_french(asked.json())
        blank_fr = client.post(
            "/api/parties",
            params={"lang": "fr"},
            json={"parties": [{"role": "consignee", "name": " "}]},
        )
        assert blank_fr.json()["detail"] == f"partie 1{NBSP}: aucun nom"


def test_screen_scope_is_chosen_per_request(own_api: tuple) -> None:
    server, _ = own_api
    with server.client() as client:
        dhs = client.get(
            "/api/screen", params={"name": "U.S. Customs and Border Protection"}
        ).json()
        ice = client.get(
            "/api/screen", params={"name": "U.S. Customs and Border Protection", "scope": "ice"}
        ).json()
        assert (dhs["decision"], dhs["scope"]) == ("match", "dhs")
        assert (ice["decision"], ice["scope"]) == ("clear", "ice")
        assert "outside scope ice" in ice["explanation"]
        geo_dhs = client.post("/api/screen", json={"names": [{"name": "GEO GROUP, INC., THE"}]})
        geo_ice = client.post(
            "/api/screen",
            params={"scope": "ice"},
            json={"names": [{"name": "GEO GROUP, INC., THE"}]},
        )
        dhs_awards = geo_dhs.json()["results"][0]["evidence"]["us_awards"]
        ice_result = geo_ice.json()["results"][0]
        assert ice_result["decision"] == "match"
        assert ice_result["evidence"]["components"] == ["ICE"]
        assert 0 < ice_result["evidence"]["us_awards"] <= dhs_awards
        assert client.get("/api/screen", params={"name": "x", "scope": "all"}).status_code == 422


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def test_party_screening_page_in_chromium(page, own_api: tuple) -> None:
    from playwright.sync_api import expect

    server = own_api[0]
    page.goto(f"{server.url}/")
    page.click("nav >> text=Party screening")
    expect(page.locator("h1")).to_have_text("Party screening for an export permit")
    _fill_application(page)
    page.click("#parties-form button[type=submit]")
    expect(page.locator("#application-decision")).to_have_text("match")
    items = page.locator("#party-verdicts li")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_have_attribute("data-basis", "dhs_body")
    expect(items.nth(0)).to_contain_text("Phoenix field office")
    expect(items.nth(1)).to_have_attribute("data-basis", "contractor")
    expect(items.nth(1).locator("table.awards tbody tr").first).to_be_visible()
    expect(items.nth(2)).to_have_attribute("data-decision", "clear")
    expect(page.locator("#checked")).to_contain_text("its 9 components")
    # the form keeps what was typed, and ICE only clears a CBP port
    expect(page.locator("input[name=name_1]")).to_have_value("ICE ERO Phoenix")
    _clear(page)
    page.fill("input[name=name_1]", "U.S. Customs and Border Protection, Port of Detroit")
    page.check("input[name=scope][value=ice]")
    page.click("#parties-form button[type=submit]")
    expect(page.locator("#application-decision")).to_have_text("clear")
    expect(page.locator("#party-verdicts li").first).to_contain_text("outside scope ice")
    # nothing typed: said on the page, not an error page
    _clear(page)
    page.click("#parties-form button[type=submit]")
    expect(page.locator("#parties-problem")).to_contain_text("at least one party")


def test_party_screening_page_in_french(page, own_api: tuple) -> None:
    from playwright.sync_api import expect

    server = own_api[0]
    page.goto(f"{server.url}/parties?lang=fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    _fill_application(page)
    page.click("#parties-form button[type=submit]")
    expect(page.locator("#application-decision")).to_have_text("correspondance")
    expect(page.locator("#application-summary")).to_contain_text("parties signalées")
    items = page.locator("#party-verdicts li")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text("utilisateur final")  # a known role, translated
    expect(items.nth(0).locator(".reason")).to_contain_text("bureau local de Phoenix")
    expect(items.nth(0).locator(".reason")).to_contain_text("un organisme du DHS")
    expect(items.nth(1).locator(".reason")).to_contain_text("est lié à")
    expect(items.nth(1).locator(".reason")).to_contain_text(re.compile(r"\d{3}\u00a0\$\u00a0US"))
    expect(items.nth(1).locator("table.awards tbody tr").first).to_contain_text(
        re.compile(r"\d{1,2} \S+ \d{4}")  # the start date in words, French
    )
    expect(items.nth(2).locator(".decision")).to_have_text("aucune correspondance")
    expect(page.locator("#checked")).to_contain_text("9 composantes")
    _clear(page)
    page.click("#parties-form button[type=submit]")
    expect(page.locator("#parties-problem")).to_contain_text("indiquez au moins une partie")


def _fill_application(page) -> None:
    """Types the example application's parties into the party screening form."""
    with APPLICATION.open(encoding="utf-8") as handle:
        for i, party in enumerate(csv.DictReader(handle), 1):
            for field in ("role", "name", "address", "country"):
                page.fill(f"input[name={field}_{i}]", party[field])


def _clear(page) -> None:
    for i in range(1, 5):
        for field in ("role", "name", "address", "country"):
            page.fill(f"input[name={field}_{i}]", "")
