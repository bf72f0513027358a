"""Cross-origin access as a browser sees it: CORS headers and preflight answers on the public
reads, none on reviewers' decisions or keys, JSONP on the reconciliation GET forms, and a
server whose ICEOUT_CORS_ORIGINS names one origin (its own process)."""

import json
import re

import httpx
import pytest

from iceout.errors import InputError
from iceout.settings import load_settings

SITE = "http://openrefine.example:3333"
PREFLIGHT = {"Origin": SITE, "Access-Control-Request-Method": "POST"}


def test_public_reads_are_open_to_any_origin(api: httpx.Client) -> None:
    for path in ("/reconcile", "/reconcile/suggest/entity?prefix=garda", "/catalog", "/healthz"):
        response = api.get(path, headers={"Origin": SITE})
        assert response.headers["access-control-allow-origin"] == "*", path
    posted = api.post("/match/default", headers={"Origin": SITE}, json={"queries": {}})
    assert posted.status_code == 400  # an error a web client can read
    assert posted.headers["access-control-allow-origin"] == "*"


def test_preflight_admits_json_posts_but_no_credentials(api: httpx.Client) -> None:
    ok = api.options(
        "/match/default", headers={**PREFLIGHT, "Access-Control-Request-Headers": "content-type"}
    )
    assert ok.status_code == 204
    assert ok.headers["access-control-allow-origin"] == "*"
    assert "POST" in ok.headers["access-control-allow-methods"]
    assert "content-type" in ok.headers["access-control-allow-headers"]
    assert "access-control-allow-credentials" not in ok.headers
    key = api.options(
        "/reconcile", headers={**PREFLIGHT, "Access-Control-Request-Headers": "authorization"}
    )
    assert key.status_code == 403 and "authorization" in key.json()["detail"]


def test_writes_and_keys_stay_same_origin(api: httpx.Client) -> None:
    for path in ("/api/judgements", "/api/keys", "/api/me"):
        preflight = api.options(path, headers=PREFLIGHT)
        assert preflight.status_code == 405, path
        assert "access-control-allow-origin" not in preflight.headers
        answer = api.get(path, headers={"Origin": SITE})
        assert "access-control-allow-origin" not in answer.headers


def test_jsonp_on_the_reconciliation_get_forms(api: httpx.Client) -> None:
    # jQuery's JSONP, as OpenRefine falls back to it: callback=jQuery..._ts&_=ts
    manifest = api.get("/reconcile", params={"callback": "jQuery371_1700", "_": "1700"})
    assert manifest.headers["content-type"].startswith("application/javascript")
    call = re.fullmatch(r"/\*\*/jQuery371_1700\((.*)\);", manifest.text, re.S)
    assert call and json.loads(call.group(1))["versions"] == ["0.1", "0.2"]
    queries = json.dumps({"q": {"query": "Garda World"}})
    answered = api.get("/reconcile", params={"queries": queries, "callback": "cb"})
    assert '"id": "gardaworld"' in answered.text and answered.text.startswith("/**/cb(")
    suggested = api.get("/reconcile/suggest/entity", params={"prefix": "garda", "callback": "cb"})
    assert suggested.text.startswith("/**/cb(")
    evil = api.get("/reconcile", params={"callback": "alert(1);x"})
    assert evil.status_code == 400 and evil.json()["detail"].startswith("callback:")


def test_the_origins_setting_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICEOUT_CORS_ORIGINS", "http://a.example, https://B.example:8443/")
    assert load_settings().cors_origins == ("http://a.example", "https://b.example:8443")
    monkeypatch.delenv("ICEOUT_CORS_ORIGINS")
    assert load_settings().cors_origins == ("*",)
    monkeypatch.setenv("ICEOUT_CORS_ORIGINS", "a.example/path")
    with pytest.raises(InputError, match="is not an origin"):
        load_settings()


def test_a_list_of_origins_is_honoured(server_with) -> None:
    with server_with({"ICEOUT_CORS_ORIGINS": SITE}).client() as api:
        allowed = api.get("/reconcile", headers={"Origin": SITE})
        assert allowed.headers["access-control-allow-origin"] == SITE
        assert "Origin" in allowed.headers["vary"]
        other = api.get("/reconcile", headers={"Origin": "http://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers
        refused = api.options(
            "/reconcile", headers={**PREFLIGHT, "Origin": "http://elsewhere.example"}
        )
        assert refused.status_code == 403
        assert api.options("/reconcile", headers=PREFLIGHT).status_code == 204
        # A script tag carries no Origin: JSONP would bypass the list, so it is off.
        jsonp = api.get("/reconcile", params={"callback": "cb"})
        assert jsonp.status_code == 400 and "ICEOUT_CORS_ORIGINS" in jsonp.json()["detail"]
        preview = api.get("/reconcile/preview", params={"id": "gardaworld"})
        assert f"frame-ancestors 'self' {SITE}" in preview.headers["content-security-policy"]
