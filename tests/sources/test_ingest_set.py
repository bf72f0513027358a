"""Large files read set-based (iceout/sources/setread.py: DuckDB types the rows it can, Python
the rest) are stored exactly as the row-by-row parser stores them: every src_* table, the
quarantine with its reasons and line numbers, src_files' counts.

The row-by-row side is `parse_apart` (what the Spark engine's workers run: `_parse_csv`,
`Layout.to_record`), run here in this process for each large file. The files are lines of the
real legacy contracts file (../shared/data/canada/legacy_contracts): every 8th line, so every
department, its non-ASCII names, entities, 'N/A' dates, three-decimal amounts and blank vendors
(quarantined) are there; then the same damaged in ways only the row-by-row parser may read.
"""

from pathlib import Path

import duckdb
import pytest

from iceout import db
from iceout.sources import setread
from iceout.sources.ingest import Parsed, ParseJob, ingest_paths, parse_apart

LEGACY = "canada/legacy_contracts/contracts_1999_2015_69_departments.csv"
KEPT = "COLUMNS(lambda c: c <> 'ingested_at')"  # every column but the time of ingest


@pytest.fixture(scope="module")
def legacy_lines(shared_data: Path) -> list[bytes]:
    lines = (shared_data / LEGACY).read_bytes().splitlines(keepends=True)
    return [lines[0], *lines[1::8]]


def _folder(tmp_path: Path, files: dict[str, list[bytes]]) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name, lines in files.items():
        (folder / name).write_bytes(b"".join(lines))
    return folder


def _ingest(store: Path, folder: Path, apart: Path | None = None) -> list[tuple]:
    def read(jobs: list[ParseJob]) -> dict[str, Parsed]:
        assert apart is not None
        return {job.path: parse_apart(job, str(apart / str(i))) for i, job in enumerate(jobs)}

    con = db.connect(store)
    try:
        summary = ingest_paths(con, [folder], reader=read if apart else None)
    finally:
        con.close()
    return [
        (f.rows_read, f.rows_loaded, f.rows_duplicate, f.rows_quarantined) for f in summary.files
    ]


def _differences(one: Path, other: Path) -> dict[str, tuple[int, int]]:
    """Per src_* table, rows of each store missing from the other (ingest times aside)."""
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{one}' AS one (READ_ONLY)")  # our own temp paths
        con.execute(f"ATTACH '{other}' AS other (READ_ONLY)")
        tables = con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'one'"
            " AND table_name LIKE 'src_%'"
        ).fetchall()
        found = {}
        for (table,) in tables:
            a = f"SELECT {KEPT} FROM one.{table}"
            b = f"SELECT {KEPT} FROM other.{table}"
            missing = [
                con.execute(f"SELECT count(*) FROM ({x} EXCEPT ALL {y})").fetchone()
                for x, y in ((a, b), (b, a))
            ]
            found[table] = (missing[0][0], missing[1][0])  # type: ignore[index]
    return found


def _same_stores(tmp_path: Path, folder: Path) -> None:
    set_based = _ingest(tmp_path / "set.duckdb", folder)
    by_rows = _ingest(tmp_path / "rows.duckdb", folder, tmp_path / "apart")
    assert set_based == by_rows
    differences = _differences(tmp_path / "set.duckdb", tmp_path / "rows.duckdb")
    assert differences and all(d == (0, 0) for d in differences.values()), differences


def test_legacy_contracts_read_set_based_are_stored_as_read_row_by_row(
    legacy_lines: list[bytes], tmp_path: Path
) -> None:
    # the same rows again in a second file (one line more, so new content): already stored
    folder = _folder(
        tmp_path, {"a.csv": legacy_lines, "b.csv": [*legacy_lines, legacy_lines[1].upper()]}
    )
    with duckdb.connect() as con, db.transaction(con):  # as the ingest reads it
        raw = setread.read_raw(con, folder / "a.csv", width=11)
        assert raw is not None and raw.rows == len(legacy_lines) - 1
        first = con.execute(f"SELECT {raw.line}, c2 FROM {setread.RAW} ORDER BY rowid LIMIT 1")
        assert first.fetchone() == (2, legacy_lines[1].split(b",")[2].decode())
    _same_stores(tmp_path, folder)
    with duckdb.connect(str(tmp_path / "set.duckdb"), read_only=True) as con:
        actions = con.execute(
            "SELECT action, count(*) FROM src_quarantine WHERE source_file LIKE '%a.csv'"
            " AND (reason = 'vendor_name is blank' OR reason LIKE '%; stored blank')"
            " GROUP BY action ORDER BY action"
        ).fetchall()
    assert [action for action, count in actions if count] == ["kept", "rejected"]


def _damaged(lines: list[bytes], how: str) -> list[bytes]:
    copy = list(lines)
    if how == "NUL byte":
        copy[50] = copy[50].replace(b"Canada", b"Can\x00da", 1)
    elif how == "cut last row":
        copy[-1] = copy[-1][: len(copy[-1]) // 2]
    elif how == "stray quote":
        copy[70] = copy[70].replace(b",", b',"', 1)
    elif how == "quote inside a field":
        copy[90] = copy[90].replace(b"Canada", b'Can"ada', 1)
    elif how == "quoted line break":
        copy[30] = copy[30].replace(b",", b',"', 1).replace(b",", b'",', 2)
        copy[30] = copy[30].replace(b'",', b'\n",', 1)
    elif how == "short row":
        copy[40] = b"a,b,c\r\n"
    return copy


@pytest.mark.parametrize(
    "how",
    [
        "NUL byte",
        "cut last row",
        "stray quote",
        "quote inside a field",
        "quoted line break",
        "short row",
    ],
)
def test_damaged_files_are_stored_as_read_row_by_row(
    legacy_lines: list[bytes], tmp_path: Path, how: str
) -> None:
    """Files whose records are not all one clean line each are left to the row-by-row parser
    (read_raw says no), or read set-based with the same result."""
    folder = _folder(tmp_path, {"damaged.csv": _damaged(legacy_lines, how)})
    if how in ("NUL byte", "cut last row", "stray quote", "short row"):
        with duckdb.connect() as con, db.transaction(con):
            assert setread.read_raw(con, folder / "damaged.csv", width=11) is None
    _same_stores(tmp_path, folder)
