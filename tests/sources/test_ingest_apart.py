"""Large files parsed apart (as Spark's workers parse them, iceout/engines/spark.py) are stored
exactly as files parsed in the ingest itself: same records, quarantine and counts.

The reader here runs `parse_apart` in this process, one file after the other: the code each
Spark task runs, without Spark (tests/spark/test_engines.py runs it on Spark).
"""

import shutil
from pathlib import Path

import duckdb
import pytest

from iceout import db
from iceout.sources.ingest import (
    SMALL_FILES_FROM,
    IngestSummary,
    Parsed,
    ParseJob,
    Reader,
    ingest_paths,
    parse_apart,
)

TABLES = ["src_files", "src_quarantine", "src_us_awards", "src_us_transactions"]
PRIMES = "usaspending/prime_award_summaries"
BIG_PRIME = "ice_minnesota_Contracts_PrimeAwardSummaries_2025-03-21_H19M57S23_1.csv"
SMALL = "usaspending/api_transactions_cbp_ice/CBP_ICE_FY2026_Contract_Obligations.csv"


@pytest.fixture
def many_files(shared_data: Path, tmp_path: Path) -> Path:
    """A large file of few rows among many files: it waits with the small files (SmallFiles)
    whichever way it was parsed; the copies of one file after the first are skipped."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(shared_data / PRIMES / BIG_PRIME, folder / "a_primes.csv")
    for number in range(SMALL_FILES_FROM):
        shutil.copy(shared_data / SMALL, folder / f"b_{number:03}.csv")
    return folder


def _serial_reader(folder: Path) -> tuple[list[str], Reader]:
    parsed: list[str] = []

    def read(jobs: list[ParseJob]) -> dict[str, Parsed]:
        parsed.extend(job.path for job in jobs)
        return {job.path: parse_apart(job, str(folder / str(i))) for i, job in enumerate(jobs)}

    return parsed, read


def _ingest(store: Path, data: list[Path], reader: Reader | None = None) -> IngestSummary:
    con = db.connect(store)
    try:
        return ingest_paths(con, data, reader=reader)
    finally:
        con.close()


def _rows(store: Path, table: str) -> list[tuple]:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(
            f"SELECT * EXCLUDE (ingested_at) FROM {table} ORDER BY ALL"  # our own table names
        ).fetchall()


@pytest.mark.parametrize("case", ["primes", "many files"])
def test_files_parsed_apart_are_stored_as_files_parsed_here(
    shared_data: Path, many_files: Path, tmp_path: Path, case: str
) -> None:
    data = [shared_data / PRIMES] if case == "primes" else [many_files]
    here = _ingest(tmp_path / "here.duckdb", data)
    parsed, reader = _serial_reader(tmp_path / "apart")
    apart = _ingest(tmp_path / "apart.duckdb", data, reader)
    assert any(path.endswith(("a_primes.csv", BIG_PRIME)) for path in parsed)
    assert [(f.rows_loaded, f.rows_duplicate) for f in apart.files] == [
        (f.rows_loaded, f.rows_duplicate) for f in here.files
    ]
    for table in TABLES:
        assert _rows(tmp_path / "apart.duckdb", table) == _rows(tmp_path / "here.duckdb", table)
    assert not list((tmp_path / "apart").glob("*/*.parquet"))  # removed once stored


@pytest.mark.parametrize("when", ["while parsed apart", "after parsed apart"])
def test_a_file_changed_around_its_parse_is_stored_as_it_is_then(
    shared_data: Path, tmp_path: Path, when: str
) -> None:
    """A file edited while a worker parsed it, or before its records were stored, is stored
    from what it holds when stored (parsed again by the ingest itself), never the records of
    its old content under the new content's hash."""
    data = tmp_path / "data"
    data.mkdir()
    big = data / BIG_PRIME
    shutil.copy(shared_data / PRIMES / BIG_PRIME, big)
    lines = big.read_bytes().splitlines(keepends=True)
    cut = b"".join(lines[:-100])  # the same file, less its last 100 awards

    def read(jobs: list[ParseJob]) -> dict[str, Parsed]:
        if when == "while parsed apart":
            big.write_bytes(cut)
        done = {
            job.path: parse_apart(job, str(tmp_path / f"apart{i}")) for i, job in enumerate(jobs)
        }
        if when == "after parsed apart":
            big.write_bytes(cut)
        return done

    here = tmp_path / "data_cut"
    here.mkdir()
    (here / BIG_PRIME).write_bytes(cut)
    expected = _ingest(tmp_path / "here.duckdb", [here])
    stored = _ingest(tmp_path / "apart.duckdb", [data], read)
    assert stored.files[0].rows_read == expected.files[0].rows_read == len(lines) - 101
    for table in ("src_us_awards", "src_files"):
        assert _rows(tmp_path / "apart.duckdb", table) == [
            tuple(str(big) if v == str(here / BIG_PRIME) else v for v in row)
            for row in _rows(tmp_path / "here.duckdb", table)
        ]
