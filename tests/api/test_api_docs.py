"""/docs and /redoc with no network: Swagger UI and ReDoc come from the server itself (the
packaged assets), so every request of the page stays on loopback. Chromium (Debian's) with
every other request refused."""

import os
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import Page, Route, expect
except ImportError:
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("browser tests need the playwright package", allow_module_level=True)


@pytest.fixture
def offline_page(chromium) -> tuple[Page, list[str]]:
    """A page whose requests outside loopback are refused and listed."""
    context = chromium.new_context()
    context.set_default_timeout(20_000)
    refused: list[str] = []

    def only_loopback(route: Route) -> None:
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", only_loopback)
    yield context.new_page(), refused
    context.close()


def test_docs_render_the_operations_offline(offline_page, api_server) -> None:
    page, refused = offline_page
    page.goto(f"{api_server.url}/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() > 10
    expect(page.locator(".opblock-summary-path", has_text="/api/screen").first).to_be_visible()
    assert refused == []


def test_redoc_renders_offline(offline_page, api_server) -> None:
    page, refused = offline_page
    page.goto(f"{api_server.url}/redoc")
    expect(page.locator("h1", has_text="iceout").first).to_be_visible()
    expect(page.get_by_text("/api/screen").first).to_be_attached()
    # ReDoc's own "API docs by Redocly" badge is the one thing it asks of the internet.
    assert [url for url in refused if "cdn.redoc.ly" not in url] == []
