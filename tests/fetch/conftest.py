"""Fixtures of the fetch tests. Nothing here touches the internet: every source points at a
fake of the public services on 127.0.0.1 (tests/fetch/fake_services.py, real rows from
../shared/data).

- services: the fake services' state for the session (data loaded once, about 1 s).
- server: the running fake server with faults cleared and its request log emptied; inject
  faults with `server.services.inject(path_prefix, "503", "cut", ...)`.
- iceout: run the installed `iceout` command as a user does (a real process), with ICEOUT_*
  pointing at the fake server and ICEOUT_HOME in the test's temp dir:
  `iceout(*args, home=..., env=...)` -> CompletedProcess; `iceout.start(...)` -> Popen.
- iceout_for: the same for module-scoped fixtures: `iceout_for(home)` -> Iceout (faults are
  not cleared for you: call `services.reset()` first).
- query: run one SQL statement read-only against a DuckDB file and return all rows.
- totals: the row count of every src_* table of a store and the sum of its money, to show a
  fetch changed nothing.
"""

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fake_services import FakeServer, Services

SRC_TABLES = [
    "src_files",
    "src_us_transactions",
    "src_us_awards",
    "src_us_subawards",
    "src_ca_records",
    "src_sanctions",
    "src_fetched_files",
]


@pytest.fixture(scope="session")
def services(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Services:
    return Services(shared_data, tmp_path_factory.mktemp("fake_services"))


@pytest.fixture(scope="session")
def _running(services: Services) -> Iterator[FakeServer]:
    with FakeServer(services) as server:
        yield server


@pytest.fixture
def server(_running: FakeServer) -> FakeServer:
    _running.services.reset()
    return _running


def _command() -> str:
    beside_python = Path(sys.executable).parent / "iceout"
    found = str(beside_python) if beside_python.exists() else shutil.which("iceout")
    assert found, "the iceout command is not installed: pip install -e '.[dev]'"
    return found


class Iceout:
    def __init__(self, server: FakeServer, home: Path) -> None:
        self.server, self.home = server, home

    def environment(self, home: Path | None, extra: dict[str, str] | None) -> dict[str, str]:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("ICEOUT_")}
        return {**clean, **self.server.env(home or self.home), **(extra or {})}

    def __call__(
        self, *args: str, home: Path | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        return subprocess.run(
            [_command(), *args],
            capture_output=True,
            text=True,
            env=self.environment(home, env),
            timeout=900,
        )

    def start(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        return subprocess.Popen(
            [_command(), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.environment(None, env),
        )


@pytest.fixture
def iceout(server: FakeServer, tmp_path: Path) -> Iceout:
    return Iceout(server, tmp_path / "iceout_home")


@pytest.fixture(scope="session")
def iceout_for(_running: FakeServer) -> Callable[[Path], Iceout]:
    return lambda home: Iceout(_running, home)


def _query(db: Path, sql: str, *params: Any) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="session")
def totals() -> Callable[[Path], dict[str, Any]]:
    def measure(db: Path) -> dict[str, Any]:
        # table names come from the list above, never from input
        found: dict[str, Any] = {
            t: _query(db, f"SELECT count(*) FROM {t}")[0][0] for t in SRC_TABLES
        }
        found["usd"] = _query(db, "SELECT round(sum(amount_usd), 2) FROM src_us_transactions")[0][0]
        found["cad"] = _query(db, "SELECT round(sum(value_cad), 2) FROM src_ca_records")[0][0]
        for kind in ("contract", "payment"):  # contracts; Public Accounts open-data payments
            found[kind] = _query(db, "SELECT count(*) FROM src_ca_records WHERE kind = ?", kind)[0][
                0
            ]
        return found

    return measure
