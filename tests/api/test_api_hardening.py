"""Hostile or mistaken input gets a short, clear 4xx, every answer carries the security
headers, silent or slow clients (slowloris) are closed, and a bad setting stops `iceout serve`
with a message, not a traceback. A real
`iceout serve` on loopback over a store built by `iceout run` on the bundled demo data."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from iceout.cli import app

COMMAND = [sys.executable, "-c", "from iceout.cli import main; main()"]


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hardening")
    result = CliRunner().invoke(
        app, ["run", "--db", str(root / "s.duckdb"), "--out", str(root / "report")]
    )
    assert result.exit_code == 0, result.output
    return root / "s.duckdb"


@pytest.fixture(scope="module")
def url(demo_db: Path) -> Iterator[str]:
    port = _port()
    env = {"ICEOUT_TRUSTED_HOSTS": "127.0.0.1,localhost", "ICEOUT_HEADER_TIMEOUT": "2"}
    process = subprocess.Popen(
        [*COMMAND, "serve", "--db", str(demo_db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **env},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240  # a loaded machine starts slowly
    while time.monotonic() < deadline and process.poll() is None:
        try:  # /readyz: warm (/healthz answers while the service warms up)
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_lone_surrogate_gets_a_4xx(url: str) -> None:
    body = b'{"names": [{"name": "\\ud800"}]}'
    answer = httpx.post(
        f"{url}/api/screen", content=body, headers={"content-type": "application/json"}
    )
    assert 400 <= answer.status_code < 500


def test_validation_errors_quote_a_short_excerpt(url: str) -> None:
    answer = httpx.get(f"{url}/api/screen", params={"name": "x" * 5000})
    assert answer.status_code == 422 and len(answer.content) < 1000
    big = httpx.post(f"{url}/api/screen", json={"names": [{"name": "y" * 200_000}] * 3})
    assert 400 <= big.status_code < 500 and len(big.content) < 5000


def test_security_headers_and_trusted_hosts(url: str) -> None:
    for path in ("/healthz", "/api/screen?name=GardaWorld", "/"):
        answer = httpx.get(f"{url}{path}")
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert "content-security-policy" in answer.headers
    assert "script-src 'self'" in httpx.get(f"{url}/").headers["content-security-policy"]
    assert httpx.get(f"{url}/healthz", headers={"host": "evil.example"}).status_code == 400


HEADER_TIMEOUT = 2.0  # ICEOUT_HEADER_TIMEOUT of the server above


def _closed_after(sock: socket.socket, trickle: bool, limit: float) -> float | None:
    """Seconds until the server closes `sock`, sending a header line every 0.5 s when
    `trickle` (slowloris: never the blank line that ends the headers); None if still open."""
    sock.settimeout(0.5)
    start = time.monotonic()
    if trickle:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    while (elapsed := time.monotonic() - start) < limit:
        try:
            if trickle:
                sock.sendall(b"X-Slow: %d\r\n" % int(elapsed * 10))
            if sock.recv(4096) == b"":
                return elapsed
        except TimeoutError:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return elapsed
    return None


def test_silent_and_slow_clients_are_closed(url: str) -> None:
    port = int(url.rsplit(":", 1)[1])
    silent = [socket.create_connection(("127.0.0.1", port)) for _ in range(200)]
    assert httpx.get(f"{url}/healthz").status_code == 200  # others are still served
    slow = socket.create_connection(("127.0.0.1", port))
    try:
        slowloris = _closed_after(slow, trickle=True, limit=HEADER_TIMEOUT + 10)
        assert slowloris is not None and HEADER_TIMEOUT - 0.5 < slowloris < HEADER_TIMEOUT + 5
        closed = [_closed_after(sock, trickle=False, limit=5) for sock in silent]
        assert all(seconds is not None for seconds in closed)
    finally:
        for sock in [*silent, slow]:
            sock.close()


def test_a_kept_alive_client_answering_in_time_keeps_its_connection(url: str) -> None:
    statuses, sockets = [], set()
    with httpx.Client() as client:
        for _ in range(3):
            answer = client.get(f"{url}/healthz")
            statuses.append(answer.status_code)
            sockets.add(answer.extensions["network_stream"].get_extra_info("client_addr"))
            time.sleep(HEADER_TIMEOUT / 2)
    assert statuses == [200, 200, 200] and len(sockets) == 1  # one connection throughout


def test_a_bad_setting_stops_serve_with_a_message(demo_db: Path) -> None:
    for variable, value in [("ICEOUT_HTTP_RETRIES", "nan"), ("ICEOUT_MAX_CONNECTIONS", "lots")]:
        done = subprocess.run(
            [*COMMAND, "serve", "--db", str(demo_db), "--port", str(_port())],
            env={**os.environ, variable: value},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2 and variable in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
