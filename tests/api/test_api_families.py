"""Families over HTTP: search, the dossier (both sides, money by year, the family tree, public
pages, explanations) and the pages of the web UI."""

import httpx
import pytest


def test_search_finds_a_family_by_any_of_its_names(api: httpx.Client) -> None:
    for query in ("garda", "GARDA-WORLD", "Groupe de sécurité Garda"):
        found = api.get("/api/families", params={"q": query}).json()
        assert found["results"][0]["family_id"] == "gardaworld", query
    assert api.get("/api/families", params={"q": "!!!"}).json()["total"] == 0


def test_without_a_query_families_with_money_on_both_sides_come_first(api: httpx.Client) -> None:
    page = api.get("/api/families", params={"limit": 5}).json()
    assert page["total"] > 1000
    values = [max(f["canadian_by_kind"].values()) for f in page["results"]]
    assert all(f["on_watchlist"] and f["canadian_records"] for f in page["results"])
    assert values == sorted(values, reverse=True)
    second = api.get("/api/families", params={"limit": 5, "offset": 5}).json()["results"]
    assert not {f["family_id"] for f in second} & {f["family_id"] for f in page["results"]}


def test_the_dossier_puts_both_sides_together(api: httpx.Client) -> None:
    garda = api.get("/api/families/gardaworld").json()
    assert garda["family"] == "GardaWorld" and garda["on_watchlist"]
    task_order = [a for a in garda["us_awards"] if a["award_id"] == "70CDCR26FR0000043"]
    assert task_order and task_order[0]["url"].startswith("https://www.usaspending.gov/award/")
    assert garda["canadian_records"] and garda["headline"]["value_cad"] > 0
    for record in garda["canadian_records"]:
        assert record["url"].startswith("http") and record["match"]["decision"] == "match"
        assert record["match"]["explanation"] and record["source"]
    for kind in garda["canadian"]:  # a total per kind of money, never one sum across kinds
        total = sum(
            r["value_cad"] or 0 for r in garda["canadian_records"] if r["kind"] == kind["kind"]
        )
        assert total == pytest.approx(kind["value_cad"])
    assert "Searched:" in garda["searched"]
    assert {y["year"] for y in garda["by_year"]} >= {2025}
    assert garda["match"]["explanation"]


def test_coverage_says_what_the_store_holds(api: httpx.Client, built_store: dict, query) -> None:
    coverage = api.get("/api/coverage").json()
    stored = dict(
        query(built_store["db"], "SELECT layout, count(*) FROM src_ca_records GROUP BY 1")
    )
    by_source: dict[str, int] = {}
    for entry in coverage["canada"]:
        assert entry["kind"] and entry["label"] and entry["records"] <= entry["rows"]
        by_source[entry["source"]] = by_source.get(entry["source"], 0) + entry["rows"]
    assert sum(by_source.values()) == sum(stored.values())
    assert coverage["statement"].startswith("Searched:")
    # a family with no Canadian money says where it was looked for
    jsi = api.get("/api/families/jsi-telecom").json()
    assert not jsi["canadian_records"] and jsi["searched"] == coverage["statement"]
    assert "Where Canadian money was looked for" in api.get("/families/jsi-telecom").text


def test_the_dossier_shows_the_corporate_family_as_a_tree(api: httpx.Client) -> None:
    tree = api.get("/api/families/gardaworld").json()["tree"]
    assert tree["label"] == "GardaWorld"
    branches = {b["label"]: b for b in tree["children"]}
    members = branches["Curated members (iceout/data/families.yaml)"]["children"]
    assert "GardaWorld Federal Services LLC" in {m["label"] for m in members}
    assert all(m["url"] for m in members)
    recipients = branches["US award recipients (USAspending)"]["children"]
    assert any("GARDAWORLD" in r["label"] for r in recipients)
    linked = branches["Canadian names linked"]["children"]
    assert linked and all(n["kind"] in ("match", "review") for n in linked)


def test_an_unknown_family_is_404(api: httpx.Client) -> None:
    response = api.get("/api/families/no-such-family")
    assert response.status_code == 404
    assert response.json() == {"detail": "no family with id 'no-such-family'"}
    page = api.get("/families/no-such-family", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "no family with id" in page.text


def test_pages_render(api: httpx.Client) -> None:
    html = {"Accept": "text/html"}
    home = api.get("/", params={"q": "GEO Group"}, headers=html)
    assert home.status_code == 200 and "/families/us-geo-group" in home.text
    assert "Content-Security-Policy" in home.headers
    dossier = api.get("/families/gardaworld", headers=html).text
    assert "70CDCR26FR0000043" in dossier and '<svg class="chart"' in dossier
    assert 'id="tree"' in dossier and "Canadian federal money" in dossier
    assert api.get("/review", headers=html).status_code == 200
    assert 'enctype="multipart/form-data"' in api.get("/batch", headers=html).text
    assert api.get("/static/search.js").headers["content-type"].startswith("text/javascript")


def test_ice_in_canada_names_the_five_offices_and_their_sources(api: httpx.Client) -> None:
    page = api.get("/ice-in-canada", headers={"Accept": "text/html"}).text
    for city in ("Calgary", "Montreal", "Ottawa", "Toronto", "Vancouver"):
        assert f'<tr class="office"><td>{city}</td>' in page
    assert "Carry firearms in Canada." in page and "Make arrests." in page
    assert "CBC News" in page and "CityNews Calgary" in page
    assert "Heather McPherson MP - Letter to Mark Carney - End contracts with ICE" in page
