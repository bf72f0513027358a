"""Fixtures for the service: real `iceout serve` processes on loopback, over copies of the store
built from ../shared/data (`built_store` in tests/conftest.py).

- ApiStore / api_store_copy(built_store, tmp): a copy of the store with a reviewer key
  ("Rita Reviewer") and an admin key created through the CLI (`iceout keys create`).
- Server: one `iceout serve` process on a free port; start() (returns once /readyz answers:
  the service is warm), stop(), and restart over the same store. Use it directly for tests that restart the server.
- api: a client of a server shared by the whole session, for tests that only read.
- own_api: (Server, ApiStore) of a module's own: a fresh store copy and server, for tests that
  write (decisions, keys, fuzzing) or restart the server.
- server_with: server_with(env) -> a started Server over a fresh store copy with these
  environment variables (a setting read at start, such as ICEOUT_CORS_ORIGINS); stopped at
  the end of the session.
- chromium: Debian's /usr/bin/chromium driven by Playwright (never a downloaded browser);
  skips with the reason when it is missing, fails instead under CI=true.
- other_origin: a static web server on another loopback port (another origin), serving an
  empty page, for tests of what a web client on another site can do (CORS, JSONP, framing).
- yente_python: the Python of .venv-yente (yente 5.5.0 and nomenklatura 4.10.0, pinned in the
  Makefile), to run yente's models and nomenklatura's YenteEnricher against a live server;
  skips when it is absent, fails instead under CI=true.
- schema_validator: schema_validator(version, name) -> a Draft 7 validator of a W3C
  Reconciliation API schema (tests/api/fixtures/reconciliation, as the W3C test bench has them).
"""

import functools
import http.server
import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from api_servers import ApiStore, Server, api_store_copy

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
YENTE_PYTHON = ROOT / ".venv-yente" / "bin" / "python"
RECONCILIATION = Path(__file__).parent / "fixtures" / "reconciliation"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def api_store(built_store: dict, tmp_path_factory: pytest.TempPathFactory) -> ApiStore:
    return api_store_copy(built_store, tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="session")
def api_server(api_store: ApiStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = Server(api_store.db, tmp_path_factory.mktemp("api-log") / "serve.log").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def own_api(
    built_store: dict, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Server, ApiStore]]:
    directory = tmp_path_factory.mktemp("own-api")
    store = api_store_copy(built_store, directory)
    server = Server(store.db, directory / "serve.log").start()
    yield server, store
    server.stop()


@pytest.fixture(scope="session")
def server_with(
    built_store: dict, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[dict[str, str]], Server]]:
    started: list[Server] = []

    def start(env: dict[str, str]) -> Server:
        directory = tmp_path_factory.mktemp("server-with")
        store = api_store_copy(built_store, directory)
        server = Server(store.db, directory / "serve.log", env=env).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def api(api_server: Server) -> Iterator[httpx.Client]:
    with api_server.client() as client:
        yield client


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(
            f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def chromium(chromium_path: Path) -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def other_origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("other-origin")
    (site / "index.html").write_text(
        "<!doctype html><html><head><title>another site</title></head><body></body></html>",
        encoding="utf-8",
    )
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def yente_python() -> Path:
    if not YENTE_PYTHON.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {YENTE_PYTHON} is missing (make .venv-yente/.installed)")
        pytest.skip("needs yente in .venv-yente (make .venv-yente/.installed)")
    return YENTE_PYTHON


@pytest.fixture(scope="session")
def schema_validator() -> Callable[[str, str], object]:
    jsonschema = pytest.importorskip("jsonschema")
    referencing = pytest.importorskip("referencing")

    @functools.cache
    def validator(version: str, name: str) -> object:
        folder = RECONCILIATION / version / "schemas"
        schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}
        registry = referencing.Registry().with_resources(
            (s["$id"], referencing.Resource.from_contents(s, referencing.jsonschema.DRAFT7))
            for s in schemas.values()
        )
        return jsonschema.Draft7Validator(schemas[f"{name}.json"], registry=registry)

    return validator
