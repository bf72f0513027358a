"""yente's read routes besides /match (/entities, /search, /catalog, /algorithms, /readyz),
and the real clients: yente 5.5.0's own pydantic models parse every answer, and
nomenklatura's YenteEnricher matches and expands through a live server. Both run in
.venv-yente (tests/api/clients/), apart from iceout's pins."""

import json
import subprocess
from pathlib import Path

import httpx

CLIENTS = Path(__file__).parent / "clients"
# Real vendor names as they appear in Canadian contract disclosures, and a few that are not
# on the watchlist; each queried under the schemata yente clients send.
NAMES = [
    "GARDA OF CANADA SECURITY CORP",
    "Thomson Reuters Canada Limited",
    "Motorola Solutions Canada Inc.",
    "Management Solutions Inc",
    "GEO GROUP, INC., THE",
    "Deloitte Inc.",
    "IBM Canada Limited",
    "Boulangerie Saint-Roch",
    "U.S. Immigration and Customs Enforcement",
    "John Smith",
]


def run_client(python: Path, script: str, stdin: object, *args: str) -> object:
    done = subprocess.run(
        [str(python), str(CLIENTS / script), *args],
        input=json.dumps(stdin),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_an_entity_with_its_awards_nested(api: httpx.Client) -> None:
    garda = api.get("/entities/gardaworld").json()
    assert (garda["id"], garda["schema"], garda["caption"]) == (
        "gardaworld",
        "Company",
        "GardaWorld",
    )
    assert "Garda World" in garda["properties"]["alias"]
    awards = garda["properties"]["contractAwardSupplier"]
    assert any(a["properties"]["currency"] == ["USD"] for a in awards)
    assert any(a["properties"]["currency"] == ["CAD"] for a in awards)
    contract = awards[0]["properties"]["contract"][0]
    assert contract["schema"] == "Contract" and contract["properties"]["sourceUrl"]
    flat = api.get("/entities/gardaworld", params={"nested": "false"}).json()
    assert "contractAwardSupplier" not in flat["properties"]
    assert api.get("/entities/nope").json() == {"detail": "no entity 'nope'"}


def test_a_referent_redirects_to_its_family(api: httpx.Client) -> None:
    geo = api.get("/entities/us-geo-group", params={"nested": "false"}).json()
    referent = geo["referents"][0]
    moved = api.get(f"/entities/{referent}", params={"nested": "false"})
    assert moved.status_code == 308
    assert moved.headers["location"].endswith("/entities/us-geo-group?nested=false")
    assert api.get(moved.headers["location"]).json()["id"] == "us-geo-group"


def test_search_with_filters_and_facets(api: httpx.Client) -> None:
    found = api.get("/search/default", params={"q": "garda"}).json()
    assert found["results"][0]["id"] == "gardaworld" and found["total"]["value"] >= 1
    facets = found["facets"]
    assert {"countries", "topics", "datasets"} == set(facets)
    assert {v["name"] for v in facets["datasets"]["values"]} == {"iceout_contractors"}
    agencies = api.get("/search/default", params={"topics": "gov.national", "limit": 50}).json()
    assert {r["id"] for r in agencies["results"]} == {"us-dhs", "us-dhs-ice", "us-dhs-cbp"}
    bodies = api.get("/search/iceout", params={"schema": "PublicBody"}).json()
    assert bodies["total"]["value"] == 3
    page = api.get("/search/default", params={"limit": 5, "offset": 5}).json()
    first = api.get("/search/default", params={"limit": 5}).json()
    assert not {r["id"] for r in page["results"]} & {r["id"] for r in first["results"]}
    assert api.get("/search/default", params={"schema": "Nope"}).status_code == 400
    assert api.get("/search/nope").status_code == 404


def test_catalog_algorithms_and_readiness(api: httpx.Client) -> None:
    catalog = api.get("/catalog").json()
    assert catalog["current"] == ["iceout_contractors", "iceout_agencies"]
    default = next(d for d in catalog["datasets"] if d["name"] == "default")
    assert default["children"] == ["iceout_contractors", "iceout_agencies"]
    algorithms = api.get("/algorithms").json()
    assert [a["name"] for a in algorithms["algorithms"]] == ["iceout"]
    assert api.get("/readyz").json() == {"status": "ok"}


def test_yentes_own_models_parse_every_answer(api: httpx.Client, yente_python: Path) -> None:
    answers: dict[str, list] = {"EntityMatchResponse": [], "EntityResponse": []}
    returned = set()
    for schema in ("Company", "Organization", "LegalEntity", "Person"):
        queries = {
            f"q{i}": {"schema": schema, "properties": {"name": [n]}} for i, n in enumerate(NAMES)
        }
        for params in ({}, {"limit": 10, "threshold": 0.7}, {"exclude_dataset": "iceout_agencies"}):
            body = api.post("/match/default", params=params, json={"queries": queries}).json()
            answers["EntityMatchResponse"].append(body)
            returned |= {r["id"] for q in body["responses"].values() for r in q["results"]}
    for entity_id in sorted(returned):
        for nested in ("true", "false"):
            entity = api.get(f"/entities/{entity_id}", params={"nested": nested})
            answers["EntityResponse"].append(entity.json())
    answers["SearchResponse"] = [
        api.get("/search/default", params={"q": q}).json() for q in ("garda", "")
    ]
    answers["DataCatalogModel"] = [api.get("/catalog").json()]
    answers["AlgorithmResponse"] = [api.get("/algorithms").json()]
    answers["StatusResponse"] = [api.get("/readyz").json(), api.get("/healthz").json()]
    assert len(returned) >= 8
    result = run_client(yente_python, "yente_models.py", answers)
    assert result["failures"] == []
    assert result["parsed"] == sum(len(v) for v in answers.values())


def test_nomenklaturas_enricher_matches_and_expands(
    api_server, yente_python: Path, tmp_path: Path
) -> None:
    entities = [
        {"id": "v1", "schema": "Company", "properties": {"name": ["Garda World Security Corporation"]}},
        {"id": "v2", "schema": "Company", "properties": {"name": ["Management Solutions Inc"]}},
        {"id": "v3", "schema": "Person", "properties": {"name": ["John Smith"]}},
    ]  # fmt: skip
    found = {
        r["query"]: r["matches"]
        for r in run_client(yente_python, "nk_enricher.py", entities, api_server.url, str(tmp_path))
    }
    (garda,) = found["v1"]
    assert (garda["id"], garda["schema"]) == ("gardaworld", "Company")
    assert garda["sourceUrl"] == [f"{api_server.url}/entities/gardaworld"]
    expanded = {e["schema"] for e in garda["expanded"]}
    assert {"Company", "ContractAward", "Contract"} <= expanded
    award = next(e for e in garda["expanded"] if e["schema"] == "ContractAward")
    assert award["properties"]["supplier"] == ["gardaworld"]
    # at yente's default cutoff (the review band) a name sharing only common words is not
    # offered: 'Air Management Solutions' is not the same company
    assert [m["id"] for m in found["v2"]] == ["us-management-solutions"]
    assert found["v3"] == []
