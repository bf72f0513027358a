"""Reviewers' decisions over HTTP: API keys and roles (401/403), decisions recorded with who,
when and why, and shown on the very next read (review queue, dossier, screening)."""

from collections.abc import Iterator

import httpx
import pytest


@pytest.fixture
def anonymous(own_api) -> Iterator[httpx.Client]:
    with own_api[0].client() as client:
        yield client


@pytest.fixture
def reviewer(own_api) -> Iterator[httpx.Client]:
    with own_api[0].client(own_api[1].reviewer_key) as client:
        yield client


@pytest.fixture
def admin(own_api) -> Iterator[httpx.Client]:
    with own_api[0].client(own_api[1].admin_key) as client:
        yield client


def _decide(
    client: httpx.Client, name: str, family_id: str, judgement: str, reason: str = "checked"
) -> httpx.Response:
    body = {"name": name, "family_id": family_id, "judgement": judgement, "reason": reason}
    return client.post("/api/judgements", json=body)


def test_writes_need_a_key_with_the_right_role(
    anonymous: httpx.Client, reviewer: httpx.Client
) -> None:
    missing = _decide(anonymous, "GARDA", "gardaworld", "positive")
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert "API key" in missing.json()["detail"]
    wrong = anonymous.post(
        "/api/judgements",
        headers={"Authorization": "Bearer iceout_0_guess"},
        json={"name": "GARDA", "family_id": "gardaworld", "judgement": "positive", "reason": "x"},
    )
    assert wrong.status_code == 401 and "not known" in wrong.json()["detail"]
    assert reviewer.get("/api/me").json()["name"] == "Rita Reviewer"
    forbidden = reviewer.get("/api/keys")
    assert forbidden.status_code == 403
    assert forbidden.json() == {"detail": "this needs a key with the admin role; yours is reviewer"}


def test_a_confirmed_link_counts_on_the_next_read(
    anonymous: httpx.Client, reviewer: httpx.Client
) -> None:
    queue = anonymous.get("/api/review").json()
    item = queue["items"][0]
    # the queue shows the records behind each link, largest first, and is sorted by money
    values = [i["value_cad"] or 0 for i in queue["items"]]
    assert values == sorted(values, reverse=True)
    shown = item["top_records"]
    assert shown and all(r["vendor_name"] == item["name"] for r in shown)
    assert shown[0]["value_cad"] == max(r["value_cad"] or 0 for r in shown)
    assert all(r["source"] and r["url"].startswith("http") for r in shown)
    # a judgement is about the name as judged (case and spacing aside): every queued spelling
    # of that name is decided by it
    judged = " ".join(item["name"].split()).lower()
    spellings = sum(
        1
        for offset in range(0, queue["total"], 200)
        for i in anonymous.get("/api/review", params={"limit": 200, "offset": offset}).json()[
            "items"
        ]
        if " ".join(i["name"].split()).lower() == judged
    )
    before = anonymous.get(f"/api/families/{item['family_id']}").json()
    assert item["name"] not in {r["vendor_name"] for r in before["canadian_records"]}
    assert item["name"] in {c["name"] for c in before["in_review"] if c["pending"]}

    decided = _decide(
        reviewer, item["name"], item["family_id"], "positive", "same company, same address"
    )
    assert decided.status_code == 201
    body = decided.json()
    assert body["judgement"] == "positive" and body["reviewer"].startswith("Rita Reviewer (key ")
    assert body["reason"] == "same company, same address" and body["decided_at"]

    after = anonymous.get("/api/review").json()
    assert after["total"] == queue["total"] - spellings
    assert (item["name"], item["family_id"]) not in {
        (i["name"], i["family_id"]) for i in after["items"]
    }
    dossier = anonymous.get(f"/api/families/{item['family_id']}").json()
    confirmed = [r for r in dossier["canadian_records"] if r["vendor_name"] == item["name"]]
    assert len(confirmed) == item["records"]
    assert all("positive by Rita Reviewer" in r["match"]["explanation"] for r in confirmed)
    assert dossier["judgements"][0]["reason"] == "same company, same address"
    history = anonymous.get("/api/judgements", params={"family_id": item["family_id"]}).json()
    assert history["results"][0]["reviewer"] == body["reviewer"]


def test_a_rejected_match_leaves_the_dossier_and_the_screening(
    anonymous: httpx.Client, reviewer: httpx.Client
) -> None:
    family = anonymous.get("/api/families/gardaworld").json()
    own = {n.lower() for n in family["names"]}
    # a Canadian spelling that is not itself one of the family's names
    name = next(
        r["vendor_name"]
        for r in reversed(family["canadian_records"])
        if r["vendor_name"].lower() not in own
    )
    assert anonymous.get("/api/screen", params={"name": name}).json()["family_id"] == "gardaworld"
    assert _decide(reviewer, name, "gardaworld", "negative", "another Garda").status_code == 201
    after = anonymous.get("/api/families/gardaworld").json()
    assert name not in {r["vendor_name"] for r in after["canadian_records"]}
    assert anonymous.get("/api/screen", params={"name": name}).json()["family_id"] != "gardaworld"


def test_rejecting_a_spelling_never_changes_how_the_familys_own_names_screen(
    anonymous: httpx.Client, reviewer: httpx.Client
) -> None:
    family = anonymous.get("/api/families/gardaworld").json()
    own = {n.lower(): n for n in family["names"]}
    spelling = next(
        r["vendor_name"] for r in family["canadian_records"] if r["vendor_name"].lower() in own
    )
    assert _decide(reviewer, spelling, "gardaworld", "negative", "a namesake").status_code == 201
    after = anonymous.get("/api/families/gardaworld").json()
    assert spelling not in {r["vendor_name"] for r in after["canadian_records"]}
    screened = anonymous.get("/api/screen", params={"name": own[spelling.lower()]}).json()
    assert (screened["decision"], screened["family_id"]) == ("match", "gardaworld")


def test_a_decision_needs_a_reason_and_a_known_family(reviewer: httpx.Client) -> None:
    blank = _decide(reviewer, "GARDA", "gardaworld", "positive", "   ")
    assert blank.status_code == 400 and blank.json() == {"detail": "a decision needs a reason"}
    unknown = _decide(reviewer, "GARDA", "no-such-family", "positive")
    assert (
        unknown.status_code == 400
        and "no family with id 'no-such-family'" in unknown.json()["detail"]
    )
    assert _decide(reviewer, "GARDA", "gardaworld", "maybe").status_code == 422
    assert _decide(reviewer, "!!!", "gardaworld", "positive").status_code == 400


def test_an_admin_creates_and_revokes_keys(admin: httpx.Client, own_api) -> None:
    created = admin.post("/api/keys", json={"role": "reviewer", "name": "Sam Second"})
    assert created.status_code == 201
    key = created.json()
    with own_api[0].client(key["key"]) as sam:
        assert sam.get("/api/me").json()["name"] == "Sam Second"
        assert sam.post("/api/keys", json={"role": "admin", "name": "x"}).status_code == 403
        revoked = admin.delete(f"/api/keys/{key['key_id']}").json()
        assert revoked["revoked_at"] is not None
        assert sam.get("/api/me").status_code == 401
    listed = {k["key_id"]: k for k in admin.get("/api/keys").json()["results"]}
    assert "key" not in listed[key["key_id"]] and listed[key["key_id"]]["revoked_at"]
    assert admin.delete("/api/keys/nope").status_code == 404
    own = admin.get("/api/me").json()["key_id"]
    assert admin.delete(f"/api/keys/{own}").json()["detail"].startswith("you cannot revoke")
