"""`iceout serve` processes on loopback over copies of the built store, for the fixtures in
conftest.py and for tests that start their own servers (a module, not conftest.py, so that test
modules can import it: pytest puts this folder on sys.path)."""

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from typer.testing import CliRunner

from iceout.cli import app

# Seconds for `iceout serve` to answer: it takes about 30 s of CPU to load the store's
# screener and views, far longer on a machine shared with other test runs.
START_TIMEOUT = 300


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
