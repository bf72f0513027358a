"""The OpenRefine reconciliation service (W3C Reconciliation API 0.2)."""

import json

import httpx


def test_the_manifest_describes_the_service(api: httpx.Client) -> None:
    manifest = api.get("/reconcile").json()
    assert manifest["versions"] == ["0.2"]
    assert {t["id"] for t in manifest["defaultTypes"]} == {"Company", "PublicBody"}
    assert manifest["view"]["url"].endswith("/families/{{id}}")
    assert manifest["preview"]["url"].endswith("/reconcile/preview?id={{id}}")
    assert manifest["identifierSpace"].startswith(str(api.base_url))


def test_a_column_of_names_reconciles(api: httpx.Client) -> None:
    queries = {
        "q0": {"query": "Thomson Reuters Canada Limited", "type": "Company", "limit": 3},
        "q1": {
            "query": "GARDA OF CANADA SECURITY CORP",
            "properties": [{"pid": "country", "v": "CA"}],
        },
        "q2": {"query": "Boulangerie Saint-Roch"},
        "q3": {"query": "Thomson Reuters", "type": "Person"},
    }
    posted = api.post("/reconcile", data={"queries": json.dumps(queries)}).json()
    assert posted["q0"]["result"][0]["id"] == "thomson-reuters"
    assert posted["q0"]["result"][0]["match"] is True and posted["q0"]["result"][0]["score"] >= 90
    assert posted["q1"]["result"][0]["id"] == "gardaworld"
    assert posted["q2"] == {"result": []} and posted["q3"] == {"result": []}
    got = api.get("/reconcile", params={"queries": json.dumps({"q0": queries["q0"]})}).json()
    assert got["q0"] == posted["q0"]


def test_preview_and_errors(api: httpx.Client) -> None:
    preview = api.get("/reconcile/preview", params={"id": "gardaworld"})
    assert preview.status_code == 200 and "GardaWorld" in preview.text
    assert api.get("/reconcile/preview", params={"id": "nope"}).status_code == 404
    broken = api.post("/reconcile", data={"queries": "{not json"})
    assert broken.status_code == 400 and broken.json()["detail"].startswith("queries: Invalid JSON")
    wrong = api.post("/reconcile", data={"queries": json.dumps({"q": {"limit": 0}})})
    assert wrong.status_code == 400 and "q.limit" in wrong.json()["detail"]
