"""A full disk ends a command with a clear error, not a traceback, and loses nothing stored:
`iceout ingest` under a file-size limit (ulimit -f, which fails writes as a full disk does)
stops with a message and the store holds exactly what it held before, and takes the same
files once there is room. Real USAspending exports of ../shared/data, split here into files of
2,500 rows so that each staging file fits while the store cannot grow."""

import os
import resource
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

COMMAND = [sys.executable, "-c", "from iceout.cli import main; main()"]
EXPORTS = "usaspending/api_transactions_cbp_ice"


def _ingest(db: Path, folder: Path, limit: int | None = None) -> subprocess.CompletedProcess:
    def cap() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "ICEOUT_HOME": str(db.parent / "home")}
    return subprocess.run(
        [*COMMAND, "ingest", str(folder), "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=cap,
        timeout=600,
    )


def _split(source: Path, folder: Path, rows: int = 2500) -> Path:
    folder.mkdir()
    lines = source.read_bytes().splitlines(keepends=True)
    for start in range(1, len(lines), rows):
        part = folder / f"{source.stem}_{start:06d}.csv"
        part.write_bytes(lines[0] + b"".join(lines[start : start + rows]))
    return folder


def _held(db: Path) -> tuple:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT (SELECT count(*) FROM src_files), count(*), round(sum(amount_usd), 2) "
            "FROM src_us_transactions"
        ).fetchone()


# extra bytes the store may grow by: none (the store cannot grow), or the staging files
# cannot be written either (1 MB, smaller than the store)
@pytest.mark.parametrize("room", ["store cannot grow", "staging cannot be written"])
def test_a_full_disk_ends_ingest_with_a_message_and_keeps_the_store(
    room: str, shared_data: Path, tmp_path: Path
) -> None:
    db = tmp_path / "s.duckdb"
    first = _split(
        shared_data / EXPORTS / "CBP_ICE_FY2021_Contract_Obligations.csv", tmp_path / "a"
    )
    assert _ingest(db, first).returncode == 0
    before = _held(db)
    more = tmp_path / "more"
    more.mkdir()
    for year in ("FY2023", "FY2024", "FY2025"):
        _split(shared_data / EXPORTS / f"CBP_ICE_{year}_Contract_Obligations.csv", more / year)
    limit = db.stat().st_size + 64 * 1024 if room == "store cannot grow" else 1 << 20

    done = _ingest(db, more, limit)
    assert done.returncode == 2, done.stderr
    assert "error: no room left to write" in done.stderr and "Traceback" not in done.stderr
    assert "File too large" in done.stderr
    assert _held(db) == before
    again = _ingest(db, more)  # with room, the same files go in
    assert again.returncode == 0, again.stderr
    assert _held(db)[0] > before[0]
