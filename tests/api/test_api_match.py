"""POST /match/{dataset}: yente's request and response shape, so yente clients work unchanged."""

import httpx

QUERIES = {
    "garda": {"schema": "Company", "properties": {"name": ["Garda World"], "country": ["ca"]}},
    "person": {"schema": "Person", "properties": {"name": ["John Smith"]}},
    "nothing": {"schema": "Company", "properties": {"name": ["Boulangerie Saint-Roch"]}},
    "geo": {"schema": "Organization", "properties": {"name": "GEO Group"}},
}


def test_match_answers_in_yentes_shape(api: httpx.Client) -> None:
    response = api.post("/match/default", json={"queries": QUERIES})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"responses", "matcher", "limit"} and body["limit"] == 5
    garda = body["responses"]["garda"]
    assert garda["status"] == 200 and garda["total"] == {"value": 1, "relation": "eq"}
    assert garda["query"] == {"id": None, **QUERIES["garda"]}
    (result,) = garda["results"]
    assert {
        "id",
        "caption",
        "schema",
        "properties",
        "score",
        "match",
        "features",
        "datasets",
    } <= set(result)
    assert (result["id"], result["caption"], result["schema"]) == (
        "gardaworld",
        "GardaWorld",
        "Company",
    )
    assert result["match"] is True and result["score"] >= 0.9
    assert result["properties"]["name"] == ["GardaWorld"] and result["properties"]["country"] == [
        "ca"
    ]
    assert body["responses"]["person"]["results"] == []
    assert body["responses"]["nothing"]["results"] == []
    assert body["responses"]["geo"]["results"][0]["id"] == "us-geo-group"


def test_threshold_decides_match_and_cutoff_what_is_returned(api: httpx.Client) -> None:
    query = {"queries": {"q": {"schema": "Company", "properties": {"name": ["GardaWorld"]}}}}
    strict = api.post("/match/default", params={"threshold": 1.0}, json=query).json()
    assert strict["responses"]["q"]["results"][0]["match"] is True
    none = api.post("/match/iceout", params={"cutoff": 1.0}, json={"queries": QUERIES}).json()
    assert none["responses"]["nothing"]["results"] == []


def test_match_errors_are_clear(api: httpx.Client) -> None:
    unknown = api.post("/match/sanctions", json={"queries": QUERIES})
    assert unknown.status_code == 404 and "default" in unknown.json()["detail"]
    assert api.post("/match/default", json={"queries": {}}).json() == {
        "detail": "no queries provided"
    }
    many = {f"q{i}": QUERIES["garda"] for i in range(1001)}
    assert api.post("/match/default", json={"queries": many}).status_code == 400
    assert (
        api.post("/match/default", json={"queries": {"q": {"properties": {}}}}).status_code == 422
    )
