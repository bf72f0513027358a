"""Fixtures of the ingest tests.

- ingest: run the installed `iceout ingest ... --db X` as a user does (a real process, so
  errors go through the CLI's own handler); returns the finished process (returncode, stderr).
- query: run one SQL statement read-only against a DuckDB file and return all rows.
- src_counts: the row count of every src_* table of a store, to show it did not change.
- find_line: the physical line number (as grep counts) of the one line of a file that
  contains all the given strings.
- whole_store: all of ../shared/data ingested by one command, once per session (about 15 s):
  Store(db, stderr, started, finished). Read it; never write to it.
- legacy_first_store: the legacy Canadian contracts file, then the current-layout file, in one
  command, once per session (about 10 s). Read it; never write to it.
"""

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from stored_tables import SOURCE_TABLES

LEGACY = "canada/legacy_contracts/contracts_1999_2015_69_departments.csv"
CURRENT = "canada/current_layout/contracts_current_layout_cbsa_cic_ps.csv"


@dataclass(frozen=True)
class Store:
    db: Path
    stderr: str
    started: datetime  # UTC, naive like ingested_at
    finished: datetime


def _iceout_command() -> str:
    beside_python = Path(sys.executable).parent / "iceout"
    found = str(beside_python) if beside_python.exists() else shutil.which("iceout")
    assert found, "the iceout command is not installed: pip install -e '.[dev]'"
    return found


def _run_ingest(home: Path, db: Path, *paths: Path | str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ICEOUT_HOME": str(home)}  # never touch the user's ~/.iceout
    command = [_iceout_command(), "ingest", *map(str, paths), "--db", str(db)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@pytest.fixture(scope="session")
def ingest(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., subprocess.CompletedProcess]:
    home = tmp_path_factory.mktemp("iceout_home")

    def run(db: Path, *paths: Path | str) -> subprocess.CompletedProcess:
        return _run_ingest(home, db, *paths)

    return run


def _query(db: Path, sql: str, *params: object) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="session")
def src_counts() -> Callable[[Path], dict[str, int]]:
    def counts(db: Path) -> dict[str, int]:
        # table names come from the list above, never from input
        return {table: _query(db, f"SELECT count(*) FROM {table}")[0][0] for table in SOURCE_TABLES}

    return counts


@pytest.fixture(scope="session")
def find_line() -> Callable[..., int]:
    def line_of(path: Path, *needles: str) -> int:
        with path.open("rb") as handle:
            found = [
                number
                for number, line in enumerate(handle, 1)
                if all(needle.encode() in line for needle in needles)
            ]
        assert len(found) == 1, f"{needles} on lines {found} of {path}"
        return found[0]

    return line_of


def _store(root: Path, *paths: Path) -> Store:
    started = _utcnow()
    done = _run_ingest(root, root / "store.duckdb", *paths)
    finished = _utcnow()
    assert done.returncode == 0, done.stderr
    return Store(root / "store.duckdb", done.stderr, started, finished)


@pytest.fixture(scope="session")
def whole_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    return _store(tmp_path_factory.mktemp("whole"), shared_data)


@pytest.fixture(scope="session")
def legacy_first_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    root = tmp_path_factory.mktemp("legacy_first")
    return _store(root, shared_data / LEGACY, shared_data / CURRENT)
