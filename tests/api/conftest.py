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
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from iceout.cli import app

CHROMIUM = Path("/usr/bin/chromium")
# Seconds for `iceout serve` to answer: it takes about 30 s of CPU to load the store's
# screener and views, far longer on a machine shared with other test runs.
START_TIMEOUT = 300
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


@dataclass(frozen=True)
class ApiStore:
    db: Path
    reviewer_key: str
    admin_key: str


def create_key(db: Path, role: str, name: str) -> str:
    result = CliRunner().invoke(
        app, ["keys", "create", "--role", role, "--name", name, "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


def api_store_copy(built_store: dict, directory: Path) -> ApiStore:
    db = directory / "api.duckdb"
    shutil.copyfile(built_store["db"], db)
    return ApiStore(
        db, create_key(db, "reviewer", "Rita Reviewer"), create_key(db, "admin", "Ada Admin")
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`iceout serve --db DB` in its own process, as a user runs it."""

    def __init__(self, db: Path, log: Path, env: dict[str, str] | None = None) -> None:
        self.db, self.log = db, log
        self.env = {**os.environ, **(env or {})}
        self.process: subprocess.Popen | None = None
        self.url = ""

    def start(self, port: int | None = None) -> "Server":
        port = port or _free_port()
        command = [sys.executable, "-c", "from iceout.cli import main; main()", "serve"]
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [*command, "--db", str(self.db), "--port", str(port)],
                stdout=log,
                stderr=log,
                env=self.env,
            )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"iceout serve exited: {self.log.read_text()}")
            try:  # /healthz answers at once; /readyz once the service is warm
                if httpx.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"iceout serve did not answer within {START_TIMEOUT} s: {self.log.read_text()}"
        )

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self) -> "Server":
        """A new process on the same port (so the browser keeps its origin and storage)."""
        port = int(self.url.rsplit(":", 1)[1])
        self.stop()
        return self.start(port)

    def client(self, key: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60)


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
