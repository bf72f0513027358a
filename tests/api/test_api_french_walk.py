"""Every page of the service in French, in Debian's chromium as a French-speaking reader
opens it: none of the catalogue's English left in what the page shows. What the publishers
wrote (award descriptions, departments, names, quotations) stays in their words and is set
aside; what iceout wrote beside them (a layout's note on its coverage, a Public Accounts line's
service class) is checked like the rest. And the report written in French (`iceout run --lang
fr`), walked offline: the summary -> a family's page -> the department view."""

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

from iceout.i18n.catalogue import english_left

PAGES = [
    "/",
    "/families/gardaworld",
    "/review",
    "/batch",
    "/ice-in-canada",
    "/parties",
    "/claims",
    "/views/departments",
    "/views/components",
    "/views/impact",
]
PUBLISHED = ".desc, .src, .org, .name, blockquote"
SHOWN = "(sel) => { document.querySelectorAll(sel).forEach(e => e.remove()); return document.body.innerText; }"


@pytest.fixture
def page(chromium) -> Page:
    context = chromium.new_context(locale="fr-CA")
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def test_every_page_in_french_shows_no_english_of_ours(page: Page, api_server) -> None:
    left = {}
    for path in PAGES:
        page.goto(f"{api_server.url}{path}")
        assert page.locator("html").get_attribute("lang") == "fr"
        left[path] = english_left(page.evaluate(SHOWN, PUBLISHED))
    assert left == {path: [] for path in PAGES}


def test_a_family_page_describes_the_family_and_its_lines_in_french(page: Page, api_server) -> None:
    """The curated family's own description (families.yaml description_fr), and each Public
    Accounts line's service class."""
    page.goto(f"{api_server.url}/families/gardaworld")
    expect(page.locator("main")).to_contain_text("Groupe montréalais de sécurité")
    said = page.locator(".desc").all_inner_texts()
    assert "catégorie de services : Protection Services" in said
    assert not [d for d in said if d.startswith(("service class", "transfer payment program"))]


def test_a_screening_explained_in_french_on_the_home_page(page: Page, api_server) -> None:
    page.goto(f"{api_server.url}/")
    page.locator("#q").fill("Garda World Security Corporation")
    page.locator("#q").press("Enter")
    verdict = page.locator("#verdict .verdict.match")
    verdict.wait_for()
    said = verdict.inner_text()
    assert "est un alias vérifié de GardaWorld" in said and english_left(said) == []


def test_the_french_report_walked_from_the_summary_to_a_family_to_its_departments(
    page: Page, french_report: Path, built_store: dict
) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_default_timeout(60_000)  # pages of a megabyte or more, on a loaded machine
    page.goto((french_report / "report.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.locator("h1")).to_contain_text("entrepreneurs de l'ICE et du DHS")
    seen = {"summary": english_left(page.evaluate(SHOWN, PUBLISHED))}

    family = built_store["exposure"]["families"][0]
    page.locator("#top-families a", has_text=family["family"]).first.click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(re.compile(r"/families/[^/]+\.html$"))
    expect(page.locator("h1")).to_contain_text(family["family"])
    expect(page.locator("#us-awards h2")).to_contain_text("Marchés américains")
    expect(page.locator(".why").first).to_be_visible()
    seen["family"] = english_left(page.evaluate(SHOWN, PUBLISHED))

    page.click("#departments-link")
    page.wait_for_load_state("load")
    expect(page).to_have_url(re.compile(r"/departments\.html#q="))
    shown = page.locator("#departments-table tbody tr:not([hidden])")
    expect(shown.first).to_be_visible()
    rows = shown.evaluate_all("rows => rows.map(r => r.textContent)")
    assert rows and all(family["family"] in text for text in rows)
    page.locator("#departments-table thead").get_by_role(
        "button", name="Exercice", exact=True
    ).click()
    expect(page.locator("#departments-table thead th[aria-sort=ascending]")).to_have_count(1)
    seen["departments"] = english_left(page.evaluate(SHOWN, PUBLISHED))
    assert seen == {"summary": [], "family": [], "departments": []}
    assert [u for u in requests if not u.startswith("file://")] == []
