"""Damaged input is named, never half-read: a subfolder that cannot be read stops the ingest
with its name (nothing stored), and a row holding NUL bytes goes to quarantine with its line,
so no NUL is ever stored. The rows are the first of a real API export of ../shared/data, copied
or edited here in tmp dirs."""

import os
import subprocess
import sys
from pathlib import Path

FY2025 = "usaspending/api_transactions_cbp_ice/CBP_ICE_FY2025_Contract_Obligations.csv"
COMMAND = [sys.executable, "-c", "from iceout.cli import main; main()"]
# root reads any folder; without these capabilities it is refused like any user
AS_A_USER = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
)


def _lines(shared_data: Path, count: int) -> list[bytes]:
    with (shared_data / FY2025).open("rb") as handle:
        return [handle.readline() for _ in range(count)]


def test_an_unreadable_subfolder_stops_the_ingest_by_name(
    shared_data: Path, tmp_path: Path, query
) -> None:
    lines = _lines(shared_data, 21)
    (tmp_path / "in" / "readable").mkdir(parents=True)
    (tmp_path / "in" / "readable" / "a.csv").write_bytes(b"".join(lines[:11]))
    locked = tmp_path / "in" / "locked"
    locked.mkdir()
    (locked / "b.csv").write_bytes(lines[0] + b"".join(lines[11:]))
    locked.chmod(0)
    db = tmp_path / "s.duckdb"
    env = {**os.environ, "ICEOUT_HOME": str(tmp_path / "home")}
    try:
        done = subprocess.run(
            [*AS_A_USER, *COMMAND, "ingest", str(tmp_path / "in"), "--db", str(db)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
    finally:
        locked.chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert f"{locked}: a folder that cannot be read (Permission denied)" in done.stderr
    assert "Traceback" not in done.stderr
    assert query(db, "SELECT count(*) FROM src_files") == [(0,)]


def test_a_row_with_nul_bytes_is_quarantined_and_no_nul_is_stored(
    shared_data: Path, tmp_path: Path, ingest, query
) -> None:
    lines = _lines(shared_data, 11)
    fields = lines[5].split(b",")
    fields[3] = fields[3][:2] + b"\x00\x00" + fields[3][2:]  # inside the amount
    damaged = tmp_path / "damaged.csv"
    damaged.write_bytes(b"".join(lines[:5]) + b",".join(fields) + b"".join(lines[6:]))
    whole = tmp_path / "whole.csv"
    whole.write_bytes(b"".join(lines[:5] + lines[6:]))

    assert ingest(db := tmp_path / "damaged.duckdb", damaged).returncode == 0
    assert ingest(whole_db := tmp_path / "whole.duckdb", whole).returncode == 0
    totals = "SELECT count(*), round(sum(amount_usd), 2) FROM src_us_transactions"
    assert query(db, totals) == query(whole_db, totals)
    [(line, reason, raw)] = query(
        db, "SELECT source_row, reason, raw FROM src_quarantine WHERE action = 'rejected'"
    )
    assert line == 6 and "NUL bytes in field 4" in reason and "\x00" not in raw
    texts = query(
        db,
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'src_us_transactions' AND data_type = 'VARCHAR'",
    )
    # column names come from the store's own schema
    with_nul = " OR ".join(f"contains({name}, chr(0))" for (name,) in texts)
    assert query(db, f"SELECT count(*) FROM src_us_transactions WHERE {with_nul}") == [(0,)]
