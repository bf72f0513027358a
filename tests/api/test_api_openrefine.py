"""What OpenRefine and the W3C test bench do in the browser, replayed in Chromium from a page
on another origin (a static server on another loopback port): register the service as
OpenRefine's "Add standard service" does (jQuery's JSON request, then JSONP), search by hand
(suggest), reconcile, show the preview in a sandboxed iframe; and what must stay closed to
another origin (a reviewer's decision, an API key). Skips when /usr/bin/chromium is missing,
except under CI=true."""

import json
import os
from urllib.parse import quote

import pytest

try:
    from playwright.sync_api import Page
except ImportError:
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("browser tests need the playwright package", allow_module_level=True)

# jQuery's $.ajax(url, {dataType: "json"}): a GET with jQuery's Accept header (a "simple"
# request: no preflight), as OpenRefine's ReconciliationManager.registerStandardService
# sends it before falling back to JSONP.
GET_JSON = """(url) => new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.setRequestHeader('Accept', 'application/json, text/javascript, */*; q=0.01');
    xhr.timeout = 5000;
    xhr.onload = () => resolve({status: xhr.status, body: JSON.parse(xhr.responseText)});
    xhr.onerror = () => resolve({status: 0, body: null});
    xhr.send();
})"""
# jQuery's JSONP: a script tag with callback=jQuery<random>_<time>&_=<time>.
JSONP = """(url) => new Promise((resolve) => {
    const name = 'jQuery3710' + Math.floor(Math.random() * 1e9) + '_' + Date.now();
    window[name] = (data) => resolve(data);
    const script = document.createElement('script');
    script.src = url + (url.includes('?') ? '&' : '?') + 'callback=' + name + '&_=' + Date.now();
    script.onerror = () => resolve(null);
    document.head.appendChild(script);
})"""
FETCH = """async ([url, init]) => {
    try {
        const response = await fetch(url, init);
        return {status: response.status, body: await response.json()};
    } catch (error) {
        return {status: 0, body: String(error)};
    }
}"""
# What the W3C test bench (0.2) and OpenRefine's backend send: a form POST (a "simple" request).
POST_FORM = """async ([url, field, value]) => {
    const response = await fetch(url, {method: 'POST', body: new URLSearchParams({[field]: value})});
    return {status: response.status, body: await response.json()};
}"""
FRAME = """([id, src]) => new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.id = id;
    frame.sandbox = '';  // as OpenRefine shows a preview: no scripts, an opaque origin
    frame.width = 430;
    frame.height = 300;
    frame.onload = () => resolve(true);
    frame.src = src;
    document.body.appendChild(frame);
})"""


@pytest.fixture
def page(chromium, other_origin) -> Page:
    context = chromium.new_context()
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(f"{other_origin}/")
    yield page
    context.close()


def test_openrefine_adds_the_service_and_reconciles_from_another_origin(
    page: Page, api_server
) -> None:
    endpoint = f"{api_server.url}/reconcile"
    registered = page.evaluate(GET_JSON, endpoint)
    assert registered["status"] == 200
    manifest = registered["body"]
    assert "0.2" in manifest["versions"] and manifest["preview"]["width"] == 430
    assert page.evaluate(JSONP, endpoint) == manifest  # the fallback works too

    entity = manifest["suggest"]["entity"]
    suggest = f"{entity['service_url']}{entity['service_path']}?prefix=garda"
    found = page.evaluate(GET_JSON, suggest)["body"]["result"]
    assert found[0]["id"] == "gardaworld"
    assert page.evaluate(JSONP, suggest)["result"] == found

    queries = json.dumps(
        {"q0": {"query": "Garda World"}, "q1": {"query": "Management Solutions Inc"}}
    )
    posted = page.evaluate(POST_FORM, [endpoint, "queries", queries])
    assert posted["status"] == 200
    assert posted["body"]["q0"]["result"][0]["match"] is True
    assert len(posted["body"]["q1"]["result"]) >= 2
    got = page.evaluate(FETCH, [f"{endpoint}?queries={quote(queries)}", {}])
    assert got["body"] == posted["body"]
    extend = json.dumps({"ids": ["gardaworld"], "properties": [{"id": "us_awards"}]})
    extended = page.evaluate(POST_FORM, [endpoint, "extend", extend])
    assert extended["body"]["rows"]["gardaworld"]["us_awards"][0]["int"] >= 1


def test_json_clients_pass_the_preflight_but_writes_and_keys_do_not(page: Page, api_server) -> None:
    json_post = {"method": "POST", "headers": {"Content-Type": "application/json"}}
    query = {"queries": {"q": {"schema": "Company", "properties": {"name": ["Garda World"]}}}}
    matched = page.evaluate(FETCH, [f"{api_server.url}/match/default", {**json_post, "body": json.dumps(query)}])  # fmt: skip
    assert matched["status"] == 200
    assert matched["body"]["responses"]["q"]["results"][0]["id"] == "gardaworld"
    draft = {"queries": [{"conditions": [{"matchType": "name", "propertyValue": "Garda World"}]}]}
    drafted = page.evaluate(FETCH, [f"{api_server.url}/reconcile/1.0-draft/match", {**json_post, "body": json.dumps(draft)}])  # fmt: skip
    assert drafted["body"]["results"][0]["candidates"][0]["id"] == "gardaworld"

    decision = {"name": "GARDA", "family_id": "gardaworld", "decision": "confirm", "reason": "x"}
    write = page.evaluate(FETCH, [f"{api_server.url}/api/judgements", {**json_post, "body": json.dumps(decision)}])  # fmt: skip
    assert write["status"] == 0 and "Failed to fetch" in write["body"]
    keyed = {"headers": {"Authorization": "Bearer some-key"}}
    assert page.evaluate(FETCH, [f"{api_server.url}/reconcile", keyed])["status"] == 0
    assert page.evaluate(FETCH, [f"{api_server.url}/api/me", {}])["status"] == 0


def test_the_preview_shows_in_a_sandboxed_frame_on_another_origin(page: Page, api_server) -> None:
    page.evaluate(FRAME, ["preview", f"{api_server.url}/reconcile/preview?id=gardaworld"])
    card = page.frame_locator("#preview")
    assert card.locator("strong").first.inner_text() == "GardaWorld"
    assert "ICE/DHS award" in card.locator("body").inner_text()
    # The dossier page keeps frame-ancestors 'self': Chromium refuses to show it here.
    page.evaluate(FRAME, ["dossier", f"{api_server.url}/families/gardaworld"])
    blocked = page.frame_locator("#dossier").locator("body").inner_text()
    assert "GardaWorld" not in blocked and "refused to connect" in blocked
