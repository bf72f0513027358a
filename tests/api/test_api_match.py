"""POST /match/{dataset}: yente 5's request and response, and yente's meaning of every
parameter: threshold, cutoff (clamped to the threshold), limit, total (matches only), the
filters, and 400s for what yente refuses."""

import httpx

QUERIES = {
    "garda": {"schema": "Company", "properties": {"name": ["Garda World"], "country": ["ca"]}},
    "person": {"schema": "Person", "properties": {"name": ["John Smith"]}},
    "nothing": {"schema": "Company", "properties": {"name": ["Boulangerie Saint-Roch"]}},
    "geo": {"schema": "Organization", "properties": {"name": "GEO Group"}},
}
COMMON = {"schema": "Company", "properties": {"name": ["Management Solutions Inc"]}}
ICE = {"schema": "Organization", "properties": {"name": ["ICE"]}}


def match(api: httpx.Client, queries: dict, dataset: str = "default", **params) -> dict:
    response = api.post(f"/match/{dataset}", params=params, json={"queries": queries})
    assert response.status_code == 200, response.text
    return response.json()["responses"]


def ids(response: dict) -> list[str]:
    return [r["id"] for r in response["results"]]


def test_match_answers_in_yentes_shape(api: httpx.Client) -> None:
    response = api.post("/match/default", json={"queries": QUERIES})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"responses", "matcher", "limit"} and body["limit"] == 5
    garda = body["responses"]["garda"]
    assert garda["status"] == 200 and garda["total"] == {"value": 1, "relation": "eq"}
    assert garda["query"] == {"id": None, **QUERIES["garda"]}
    (result,) = garda["results"]
    assert (result["id"], result["caption"], result["schema"]) == (
        "gardaworld",
        "GardaWorld",
        "Company",
    )
    assert result["match"] is True and result["score"] >= 0.9
    assert result["properties"]["name"] == ["GardaWorld"] and result["properties"]["country"] == [
        "ca"
    ]
    assert result["datasets"] == ["iceout_contractors"] and result["target"] is True
    (feature,) = result["explanations"].values()  # yente 5
    assert feature["score"] == result["score"] and feature["query"] == "Garda World"
    assert "GardaWorld" in feature["detail"]
    assert result["features"] == {"iceout_name": result["score"]}  # yente 4
    assert body["responses"]["person"]["results"] == []
    assert body["responses"]["nothing"]["results"] == []
    assert ids(body["responses"]["geo"]) == ["us-geo-group"]


def test_several_results_ranked_and_total_counts_matches(api: httpx.Client) -> None:
    # the second shares only common words: under the review band, shown when cutoff is lowered
    assert ids(match(api, {"q": COMMON}, limit=10)["q"]) == ["us-management-solutions"]
    common = match(api, {"q": COMMON}, limit=10, cutoff=0.4)["q"]
    assert ids(common)[:2] == ["us-management-solutions", "us-air-management-solutions"]
    assert [r["score"] for r in common["results"]] == sorted(
        (r["score"] for r in common["results"]), reverse=True
    )
    assert common["total"]["value"] == 0  # returned, but none reaches the threshold
    # scores of a name made of common words are capped under the match threshold
    loose = match(api, {"q": COMMON}, limit=10, threshold=0.4, cutoff=0.4)["q"]
    assert loose["total"]["value"] == len(loose["results"]) >= 2
    assert all(r["match"] for r in loose["results"])
    assert len(match(api, {"q": COMMON}, limit=1)["q"]["results"]) == 1


def test_threshold_decides_match_and_cutoff_is_clamped_to_it(api: httpx.Client) -> None:
    query = {"q": {"schema": "Company", "properties": {"name": ["GardaWorld"]}}}
    assert match(api, query, threshold=1.0)["q"]["results"][0]["match"] is True
    assert match(api, {"q": COMMON}, cutoff=0.9)["q"]["results"] == []
    # yente: cutoff = min(cutoff, threshold), so a low threshold lets lower scores through.
    clamped = match(api, {"q": COMMON}, cutoff=0.9, threshold=0.72, limit=10)["q"]
    assert ids(clamped) == ["us-management-solutions"]
    assert clamped["results"][0]["match"] is True


def test_exclude_entity_ids_suppresses_a_known_false_positive(api: httpx.Client) -> None:
    before = ids(match(api, {"q": COMMON}, limit=10)["q"])
    after = match(api, {"q": COMMON}, limit=10, exclude_entity_ids=[before[0]])["q"]
    assert ids(after) == before[1:]


def test_exclude_entity_ids_takes_a_referent(api: httpx.Client) -> None:
    referents = api.get("/entities/us-geo-group", params={"nested": "false"}).json()["referents"]
    assert referents
    query = {"q": QUERIES["geo"]}
    assert ids(match(api, query)["q"]) == ["us-geo-group"]
    assert ids(match(api, query, exclude_entity_ids=[referents[-1]])["q"]) == []


def test_dataset_schema_and_topic_filters(api: httpx.Client) -> None:
    query = {"ice": ICE, "garda": QUERIES["garda"]}
    assert ids(match(api, query)["ice"]) == ["us-dhs-ice"]
    agencies_only = match(api, query, include_dataset=["iceout_agencies"])
    assert ids(agencies_only["ice"]) == ["us-dhs-ice"] and ids(agencies_only["garda"]) == []
    no_agencies = match(api, query, exclude_dataset=["iceout_agencies"])
    assert ids(no_agencies["ice"]) == [] and ids(no_agencies["garda"]) == ["gardaworld"]
    scoped = match(api, query, dataset="iceout_agencies")
    assert ids(scoped["ice"]) == ["us-dhs-ice"] and ids(scoped["garda"]) == []
    assert ids(match(api, query, exclude_schema=["PublicBody"])["ice"]) == []
    topical = match(api, query, topics=["gov.national"])
    assert ids(topical["ice"]) == ["us-dhs-ice"] and ids(topical["garda"]) == []
    # A Company query cannot match a public body (yente's matchable schemata).
    assert ids(match(api, {"q": {**ICE, "schema": "Company"}})["q"]) == []


def test_changed_since_keeps_entities_changed_after_it(api: httpx.Client) -> None:
    garda = api.get("/entities/gardaworld", params={"nested": "false"}).json()
    changed = garda["last_change"]
    query = {"q": QUERIES["garda"]}
    assert ids(match(api, query, changed_since=changed[:10])["q"]) == []
    day_before = f"{int(changed[:4]) - 1}{changed[4:10]}"
    assert ids(match(api, query, changed_since=day_before)["q"]) == ["gardaworld"]
    bad = api.post("/match/default", params={"changed_since": "yesterday"}, json={"queries": query})
    assert bad.status_code == 422


def test_match_errors_are_clear(api: httpx.Client) -> None:
    unknown = api.post("/match/sanctions", json={"queries": QUERIES})
    assert unknown.status_code == 404 and "default" in unknown.json()["detail"]
    assert api.post("/match/default", json={"queries": {}}).json() == {
        "detail": "No queries provided."
    }
    many = {f"q{i}": QUERIES["garda"] for i in range(1001)}
    assert api.post("/match/default", json={"queries": many}).status_code == 400
    assert (
        api.post("/match/default", json={"queries": {"q": {"properties": {}}}}).status_code == 422
    )
    schema = api.post(
        "/match/default", json={"queries": {"q": {"schema": "Vessel2", "properties": {}}}}
    )
    assert (
        schema.status_code == 400
        and schema.json()["detail"] == "query 'q': unknown schema 'Vessel2'"
    )
    fixed = {"q": {"schema": "Sanction", "properties": {}}}
    assert api.post("/match/default", json={"queries": fixed}).status_code == 400
    algorithm = api.post(
        "/match/default", params={"algorithm": "logic-v2"}, json={"queries": QUERIES}
    )
    assert algorithm.status_code == 400 and "logic-v2" in algorithm.json()["detail"]
    assert (
        api.post(
            "/match/default", params={"algorithm": "best"}, json={"queries": QUERIES}
        ).status_code
        == 200
    )
    config = {"queries": QUERIES, "config": {"nm_number_mismatch": 0.4}}
    assert api.post("/match/default", json=config).status_code == 400
    too_many = api.post(
        "/match/default",
        params={"exclude_entity_ids": [f"x{i}" for i in range(51)]},
        json={"queries": QUERIES},
    )
    assert too_many.status_code == 422
