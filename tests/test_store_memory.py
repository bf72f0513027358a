"""The store's memory settings: ICEOUT_DUCKDB_MEMORY_LIMIT caps DuckDB's memory and
ICEOUT_DUCKDB_TEMP_DIRECTORY is where it spills past the cap; a value that is not an amount
of memory is a clear error, not a traceback. Real FPDS rows of ../shared/data."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb

COMMAND = [sys.executable, "-c", "from iceout.cli import main; main()"]
FPDS = "usaspending/fpds_2018_ice/ice_awards_fy13_fy18.csv"


def _ingest(shared_data: Path, db: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*COMMAND, "ingest", str(shared_data / FPDS), "--db", str(db)],
        capture_output=True,
        text=True,
        env={**os.environ, "ICEOUT_HOME": str(db.parent / "home"), **env},
        timeout=600,
    )


def test_a_memory_limit_that_is_not_an_amount_is_named(shared_data: Path, tmp_path: Path) -> None:
    done = _ingest(shared_data, tmp_path / "s.duckdb", ICEOUT_DUCKDB_MEMORY_LIMIT="lots")
    assert done.returncode == 2
    assert "ICEOUT_DUCKDB_MEMORY_LIMIT must be an amount of memory like 4GB" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "s.duckdb").exists()


def test_a_capped_store_loads_the_same_records(shared_data: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    done = _ingest(
        shared_data,
        db,
        ICEOUT_DUCKDB_MEMORY_LIMIT="200MB",
        ICEOUT_DUCKDB_TEMP_DIRECTORY=str(tmp_path / "spill"),
    )
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM src_us_transactions").fetchone()
    assert row == (5672,)


def test_a_cap_too_small_says_what_to_raise(shared_data: Path, tmp_path: Path) -> None:
    done = _ingest(shared_data, tmp_path / "s.duckdb", ICEOUT_DUCKDB_MEMORY_LIMIT="8MB")
    assert done.returncode == 2
    assert "DuckDB ran out of memory" in done.stderr
    assert "Raise ICEOUT_DUCKDB_MEMORY_LIMIT (now 8MB)" in done.stderr
    assert "Traceback" not in done.stderr
