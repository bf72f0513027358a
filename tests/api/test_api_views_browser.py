"""The report as a reader walks it, in a real browser (Playwright driving Debian's chromium):
the summary page -> a family's page -> the department view, filtered to that family, with no
network request; the summary printed to PDF stays a few pages; and the service's policy impact
page, filtered, with its CSV download. Skips when /usr/bin/chromium is missing, except under
CI=true."""

import csv
import os
import re
from pathlib import Path

import pytest

try:
    from playwright.sync_api import Page, expect
except ImportError:
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("browser tests need the playwright package", allow_module_level=True)

SUMMARY_MAX_PAGES = 8
SLOW = 60_000  # ms: pages of a megabyte or more, on a loaded machine


@pytest.fixture
def page(chromium) -> Page:
    context = chromium.new_context()
    context.set_default_timeout(SLOW)
    yield context.new_page()
    context.close()


def test_summary_to_a_family_to_its_departments_offline(page: Page, built_store: dict) -> None:
    out: Path = built_store["out"]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((out / "report.html").as_uri(), timeout=SLOW)
    expect(page.locator("h1")).to_contain_text("ICE and DHS contractors", timeout=SLOW)
    expect(page.locator("#policy-impact table tbody tr").first).to_be_visible()

    family = built_store["exposure"]["families"][0]
    page.locator("#top-families a", has_text=family["family"]).first.click()
    page.wait_for_load_state("load", timeout=SLOW)
    expect(page).to_have_url(re.compile(r"/families/[^/]+\.html$"))
    expect(page.locator("h1")).to_contain_text(family["family"], timeout=SLOW)
    expect(page.locator("#us-awards table.records tbody tr").first).to_be_visible()
    expect(page.locator("#canadian-records table.records tbody tr").first).to_be_visible()

    page.click("#departments-link")
    page.wait_for_load_state("load", timeout=SLOW)
    expect(page).to_have_url(re.compile(r"/departments\.html#q="))
    expect(page.locator("input[data-filter=departments-table]")).to_have_value(
        family["family"], timeout=SLOW
    )
    shown = page.locator("#departments-table tbody tr:not([hidden])")
    expect(shown.first).to_be_visible()
    rows = shown.evaluate_all("rows => rows.map(r => [r.cells[0].textContent, r.textContent])")
    departments = {r["department"] for r in family["canadian_records"]}
    assert rows and all(family["family"] in text for _, text in rows)
    assert {d.strip() for d, _ in rows} <= departments | {"(department not stated)"}
    expect(page.locator("[data-count-for=departments-table]")).to_have_text(
        str(len(rows)), timeout=SLOW
    )

    page.fill("input[data-filter=departments-table]", "Border Services")
    expect(shown.first).to_contain_text("Border Services", timeout=SLOW)
    page.locator("#departments-table thead").get_by_role(
        "button", name="Fiscal year", exact=True
    ).click()
    expect(page.locator("#departments-table thead th[aria-sort=ascending]")).to_have_count(
        1, timeout=SLOW
    )
    years = shown.evaluate_all("rows => rows.map(r => r.cells[1].textContent.trim())")
    assert years == sorted(years)
    assert [u for u in requests if not u.startswith("file://")] == []


def test_the_summary_prints_on_a_few_pages(chromium, built_store: dict, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    page = chromium.new_page()
    page.goto((built_store["out"] / "report.html").as_uri())
    page.pdf(path=str(tmp_path / "summary.pdf"), format="A4")
    page.close()
    assert len(pypdf.PdfReader(tmp_path / "summary.pdf").pages) <= SUMMARY_MAX_PAGES


def test_policy_impact_page_filters_and_downloads(page: Page, api_server) -> None:
    page.goto(f"{api_server.url}/views/impact?scope=ice", timeout=SLOW)
    expect(page.locator("h1")).to_contain_text("ICE", timeout=SLOW)
    page.fill("input[data-filter=impact-suppliers]", "Border Services")
    shown = page.locator("#impact-suppliers tbody tr:not([hidden])")
    expect(shown.first).to_contain_text("Border Services", timeout=SLOW)
    families = set(shown.evaluate_all("rows => rows.map(r => r.cells[1].textContent.trim())"))
    with page.expect_download() as info:
        page.click("#download-csv")
    download = info.value
    assert download.suggested_filename == "impact-ice.csv"
    with open(download.path(), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert families <= {r["family"] for r in rows if "Border Services" in r["department"]}
    page.click("nav.views a:has-text('By department')")
    expect(page).to_have_url(f"{api_server.url}/views/departments", timeout=SLOW)
    expect(page.locator("#departments-table tbody tr").first).to_be_visible(timeout=SLOW)
