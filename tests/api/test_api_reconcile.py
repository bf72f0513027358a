"""The OpenRefine reconciliation service (W3C Reconciliation API 0.2 at /reconcile, the
stable part of 1.0-draft at /reconcile/1.0-draft), checked against the specification's own
JSON schemas and example queries (tests/api/fixtures/reconciliation, SOURCES.md there)."""

import json
from pathlib import Path

import httpx
import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "reconciliation"
EXAMPLES = FIXTURES / "0.2" / "examples"
DRAFT_EXAMPLES = FIXTURES / "1.0-draft" / "examples" / "reconciliation-query-batch" / "valid"


def valid(validator, body) -> None:
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert problems == []


def reconcile(api: httpx.Client, queries: dict) -> dict:
    response = api.post("/reconcile", data={"queries": json.dumps(queries)})
    assert response.status_code == 200, response.text
    return response.json()


def test_the_manifest_validates_and_describes_every_service(api, schema_validator) -> None:
    manifest = api.get("/reconcile").json()
    valid(schema_validator("0.2", "manifest"), manifest)
    assert "0.2" in manifest["versions"]
    assert {t["id"] for t in manifest["defaultTypes"]} == {"Organization", "Company", "PublicBody"}
    assert manifest["view"]["url"] == f"{api.base_url}/families/{{{{id}}}}"
    assert manifest["preview"]["url"].endswith("/reconcile/preview?id={{id}}")
    for kind in ("entity", "property", "type"):
        service = manifest["suggest"][kind]
        assert api.get(service["service_url"] + service["service_path"]).status_code == 200
    flyout = manifest["suggest"]["entity"]
    url = flyout["flyout_service_url"] + flyout["flyout_service_path"].replace(
        "${id}", "gardaworld"
    )
    assert api.get(url).json()["id"] == "gardaworld"
    propose = manifest["extend"]["propose_properties"]
    url = propose["service_url"] + propose["service_path"]
    assert api.get(url, params={"type": "Company"}).status_code == 200


@pytest.mark.parametrize(
    "example", sorted((EXAMPLES / "reconciliation-query-batch" / "valid").glob("*.json")), ids=str
)
def test_the_specifications_valid_examples_get_200(api, schema_validator, example) -> None:
    batch = json.loads(example.read_text(encoding="utf-8"))
    valid(schema_validator("0.2", "reconciliation-query-batch"), batch)
    for response in (
        api.post("/reconcile", data={"queries": json.dumps(batch)}),
        api.get("/reconcile", params={"queries": json.dumps(batch)}),
    ):
        assert response.status_code == 200, response.text
        valid(schema_validator("0.2", "reconciliation-result-batch"), response.json())
        assert set(response.json()) == set(batch)
        # Their people are not on a watchlist of companies and public bodies.
        assert all(r["result"] == [] for r in response.json().values())


def test_an_invalid_example_gets_a_clear_400(api) -> None:
    batch = (EXAMPLES / "reconciliation-query-batch" / "invalid" / "empty-query.json").read_text()
    response = api.post("/reconcile", data={"queries": batch})
    assert response.status_code == 400
    assert response.json()["detail"] == "queries: q1: give a `query` or `properties`"


def test_a_column_of_names_reconciles(api, schema_validator) -> None:
    queries = {
        "q0": {"query": "Thomson Reuters Canada Limited", "type": "Company", "limit": 3},
        "q1": {
            "query": "GARDA OF CANADA SECURITY CORP",
            "properties": [{"pid": "country", "v": "CA"}],
        },
        "q2": {"query": "Boulangerie Saint-Roch"},
        "q3": {"query": "Thomson Reuters", "type": "Person"},
    }
    posted = reconcile(api, queries)
    valid(schema_validator("0.2", "reconciliation-result-batch"), posted)
    assert posted["q0"]["result"][0]["id"] == "thomson-reuters"
    assert posted["q0"]["result"][0]["match"] is True and posted["q0"]["result"][0]["score"] >= 90
    assert posted["q1"]["result"][0]["id"] == "gardaworld"
    assert posted["q2"] == {"result": []} and posted["q3"] == {"result": []}
    got = api.get("/reconcile", params={"queries": json.dumps({"q0": queries["q0"]})}).json()
    assert got["q0"] == posted["q0"]


def test_several_candidates_ranked_and_match_only_when_sure(api) -> None:
    found = reconcile(api, {"q": {"query": "Management Solutions Inc", "limit": 10}})["q"]["result"]
    assert [c["id"] for c in found][:2] == [
        "us-management-solutions",
        "us-air-management-solutions",
    ]
    scores = [c["score"] for c in found]
    assert scores == sorted(scores, reverse=True)
    # Common words only: a person decides, so nothing is a match.
    assert not any(c["match"] for c in found)
    one = reconcile(api, {"q": {"query": "Management Solutions Inc", "limit": 1}})["q"]["result"]
    assert [c["id"] for c in one] == ["us-management-solutions"]


def test_every_property_value_form_and_any_limit_are_accepted(api) -> None:
    thomson = api.get("/entities/thomson-reuters", params={"nested": "false"}).json()
    uei = thomson["properties"]["uniqueEntityId"][0]
    queries = {
        # What OpenRefine sends for a column reconciled before, and the spec's arrays.
        "object": {"query": "GardaWorld", "properties": [{"pid": "country", "v": {"id": "ca"}}]},
        "array": {"query": "GardaWorld", "properties": [{"pid": "x", "v": ["a", {"id": "b"}, 2]}]},
        "number": {"query": "GardaWorld", "properties": [{"pid": "x", "v": 3.5}]},
        "boolean": {"query": "GardaWorld", "properties": [{"pid": "x", "v": True}]},
        "big limit": {"query": "GardaWorld", "limit": 500},
        "identifier only": {"properties": [{"pid": "uei", "v": uei}]},
        "identifier as entity": {"properties": [{"pid": "id", "v": {"id": uei, "name": "x"}}]},
    }
    found = reconcile(api, queries)
    assert all(found[q]["result"][0]["id"] == "gardaworld" for q in list(queries)[:5])
    assert len(found["big limit"]["result"]) <= 25
    for q in ("identifier only", "identifier as entity"):
        (top,) = found[q]["result"]
        assert (top["id"], top["score"], top["match"]) == ("thomson-reuters", 100.0, True)


def test_types_restrict_candidates(api) -> None:
    queries = {t: {"query": "ICE", "type": t} for t in ("Company", "PublicBody", "Organization")}
    found = reconcile(api, {**queries, "none": {"query": "ICE"}})
    # A Company finds only companies: weak ones here ('KOOLER ICE, INC'), never a match.
    companies = found["Company"]["result"]
    assert all(c["type"][0]["id"] == "Company" and not c["match"] for c in companies)
    for kind in ("PublicBody", "Organization", "none"):
        assert found[kind]["result"][0]["id"] == "us-dhs-ice"
        assert found[kind]["result"][0]["type"] == [{"id": "PublicBody", "name": "Public body"}]


def test_suggest_services_validate_and_find(api, schema_validator) -> None:
    entities = api.get("/reconcile/suggest/entity", params={"prefix": "gardaw"}).json()
    valid(schema_validator("0.2", "suggest-entities-response"), entities)
    assert entities["result"][0]["id"] == "gardaworld"
    by_id = api.get("/reconcile/suggest/entity", params={"prefix": "us-dhs-ice"}).json()
    assert by_id["result"][0]["id"] == "us-dhs-ice"
    page = api.get("/reconcile/suggest/entity", params={"prefix": "security", "limit": 3})
    more = api.get("/reconcile/suggest/entity", params={"prefix": "security", "cursor": 3})
    assert len(page.json()["result"]) == 3
    assert not {r["id"] for r in page.json()["result"]} & {r["id"] for r in more.json()["result"]}
    properties = api.get("/reconcile/suggest/property", params={"prefix": "award"}).json()
    valid(schema_validator("0.2", "suggest-properties-response"), properties)
    assert "us_awards" in [p["id"] for p in properties["result"]]
    types = api.get("/reconcile/suggest/type", params={"prefix": "pub"}).json()
    valid(schema_validator("0.2", "suggest-types-response"), types)
    assert [t["id"] for t in types["result"]][0] == "PublicBody"


@pytest.mark.parametrize(
    "example", sorted((EXAMPLES / "data-extension-query" / "valid").glob("*.json")), ids=str
)
def test_data_extension_answers_the_specifications_examples(api, schema_validator, example):
    query = json.loads(example.read_text(encoding="utf-8"))
    valid(schema_validator("0.2", "data-extension-query"), query)
    response = api.post("/reconcile", data={"extend": json.dumps(query)})
    assert response.status_code == 200
    valid(schema_validator("0.2", "data-extension-response"), response.json())
    assert set(response.json()["rows"]) == set(query["ids"])  # unknown ids: no values


def test_data_extension_adds_what_a_family_holds(api, schema_validator) -> None:
    proposed = api.get("/reconcile/extend/propose", params={"type": "Company"}).json()
    assert {"us_awards", "us_obligations_usd", "canadian_records"} <= {
        p["id"] for p in proposed["properties"]
    }
    assert (
        api.get("/reconcile/extend/propose", params={"type": "Person"}).json()["properties"] == []
    )
    query = {
        "ids": ["gardaworld", "us-dhs-ice"],
        "properties": [{"id": "us_awards"}, {"id": "first_us_date"}, {"id": "alias", "settings": {"limit": 2}}],
    }  # fmt: skip
    posted = api.post("/reconcile", data={"extend": json.dumps(query)}).json()
    valid(schema_validator("0.2", "data-extension-response"), posted)
    garda = posted["rows"]["gardaworld"]
    assert garda["us_awards"][0]["int"] >= 1
    assert garda["first_us_date"][0]["date"].endswith("T00:00:00Z")
    assert len(garda["alias"]) == 2
    assert [m["id"] for m in posted["meta"]] == ["us_awards", "first_us_date", "alias"]
    got = api.get("/reconcile", params={"extend": json.dumps(query)}).json()
    assert got == posted


def test_preview_and_errors(api) -> None:
    preview = api.get("/reconcile/preview", params={"id": "gardaworld"})
    assert preview.status_code == 200 and "GardaWorld" in preview.text
    assert "frame-ancestors *" in preview.headers["content-security-policy"]
    assert api.get("/reconcile/preview", params={"id": "nope"}).status_code == 404
    broken = api.post("/reconcile", data={"queries": "{not json"})
    assert broken.status_code == 400 and broken.json()["detail"].startswith("queries: Invalid JSON")
    wrong = api.post("/reconcile", data={"queries": json.dumps({"q": {"query": 5}})})
    assert wrong.status_code == 400 and "q.query" in wrong.json()["detail"]
    assert api.post("/reconcile", data={}).json() == {
        "detail": "send `queries` (reconciliation) or `extend` (data extension)"
    }


def test_the_draft_service_validates_and_answers_its_examples(api, schema_validator) -> None:
    manifest = api.get("/reconcile/1.0-draft").json()
    valid(schema_validator("1.0-draft", "manifest"), manifest)
    for example in sorted(DRAFT_EXAMPLES.glob("*.json")):
        batch = json.loads(example.read_text(encoding="utf-8"))
        for route in ("match", "reconcile"):
            response = api.post(f"/reconcile/1.0-draft/{route}", json=batch)
            assert response.status_code == 200, (example.name, response.text)
            valid(schema_validator("1.0-draft", "reconciliation-result-batch"), response.json())
            assert len(response.json()["results"]) == len(batch["queries"])
    garda = {"queries": [{"conditions": [{"matchType": "name", "propertyValue": "Garda World"}]}]}
    (result,) = api.post("/reconcile/1.0-draft/match", json=garda).json()["results"]
    assert result["candidates"][0]["id"] == "gardaworld"
    preview = api.get("/reconcile/1.0-draft/preview", params={"id": "gardaworld"})
    assert "GardaWorld" in preview.text
