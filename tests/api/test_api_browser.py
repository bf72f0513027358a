"""The web UI in a real browser (Playwright driving Debian's chromium): search -> dossier -> a
reviewer's decision, which is still there after the server restarts; and a batch upload
round trip. Skips when /usr/bin/chromium is missing, except under CI=true."""

import csv
import os
from pathlib import Path

import pytest

try:
    from playwright.sync_api import Page, expect
except ImportError:
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("browser tests need the playwright package", allow_module_level=True)


@pytest.fixture
def page(chromium) -> Page:
    context = chromium.new_context()
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def test_search_dossier_and_a_decision_that_survives_a_restart(page: Page, own_api) -> None:
    server, store = own_api
    page.goto(f"{server.url}/")
    page.fill("#q", "Garda World")
    expect(page.locator("#results-title")).to_contain_text("containing 'Garda World'")
    expect(page.locator("#verdict .verdict.match")).to_contain_text("GardaWorld")
    page.locator("#family-list a", has_text="GardaWorld").first.click()

    expect(page).to_have_url(f"{server.url}/families/gardaworld")
    expect(page.locator("h1")).to_have_text("GardaWorld")
    expect(page.locator("#us-awards")).to_contain_text("70CDCR26FR0000043")
    expect(page.locator("#canadian-records table.records tbody tr").first).to_be_visible()
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator("#tree")).to_contain_text("GardaWorld Federal Services LLC")

    page.goto(f"{server.url}/review")
    page.fill("#api-key", store.reviewer_key)
    page.click("#signin-form button")
    expect(page.locator("#reviewer-name")).to_have_text("Rita Reviewer")
    item = page.locator("ol.queue li.item").first
    name, family = item.get_attribute("data-name"), item.get_attribute("data-family")
    item.locator("input[name=reason]").fill("Same address in both records")
    item.locator("button[value=positive]").click()
    expect(item.locator(".outcome")).to_contain_text("Confirmed by Rita Reviewer")

    server.restart()
    page.goto(f"{server.url}/review")
    expect(page.locator("#reviewer-name")).to_have_text("Rita Reviewer")  # still signed in
    pending = page.locator("ol.queue li.item").evaluate_all(
        "items => items.map(i => [i.dataset.name, i.dataset.family])"
    )
    assert [name, family] not in pending
    page.goto(f"{server.url}/families/{family}")
    expect(page.locator("#canadian-records")).to_contain_text(name)
    expect(page.locator("#decisions")).to_contain_text("Same address in both records")
    expect(page.locator("#decisions")).to_contain_text("Rita Reviewer")


def test_batch_upload_round_trip(page: Page, api_server, tmp_path: Path) -> None:
    upload = tmp_path / "vendors.csv"
    upload.write_text(
        'name,ref\nGardaWorld,A1\nBoulangerie Saint-Roch,A2\n"GEO GROUP, INC., THE",A3\n',
        encoding="utf-8",
    )
    page.goto(f"{api_server.url}/batch")
    page.set_input_files("#file", str(upload))
    page.click("#batch-form button")
    expect(page.locator("#batch-status")).to_have_text(
        "Screened 3 rows: 2 match, 0 review, 1 clear."
    )
    expect(page.locator("#batch-preview tbody tr")).to_have_count(3)
    with page.expect_download() as info:
        page.click("#download")
    download = info.value
    assert download.suggested_filename == "vendors-screened.csv"
    with open(download.path(), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["ref"], r["decision"], r["family_id"]) for r in rows] == [
        ("A1", "match", "gardaworld"),
        ("A2", "clear", ""),
        ("A3", "match", "us-geo-group"),
    ]
