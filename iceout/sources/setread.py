"""Reading a large CSV file set-based: DuckDB parses it and types its rows by the layout's
`sql_form` (see sqlrow.py); Python types only the rows SQL cannot type exactly.

Only for a file whose every record is proven to be one line, so that a record's line number
is its position in the file and none of csvfile.py's proofs can apply: the file ends with a
line break, holds no NUL byte and no carriage return but in line endings, is UTF-8, every line
holding a quote reads on its own under the csv module's strict rules, DuckDB reads as many
rows as the file has lines after its header, and gives each quoted line the very fields the
csv module gives. Any other file is read by `csvfile.iter_rows`, row by row, as before.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from iceout.sources.layout import Layout
from iceout.sources.sqlrow import SqlRow

RAW = "ingest_raw"  # temp tables of the file being read: its raw rows ...
TYPED = "ingest_typed"  # ... and its typed records, with provenance
FETCH_ROWS = 50_000  # rows fetched at a time for Python to type


def quoted_lines(path: Path) -> tuple[int, dict[int, list[str]]] | None:
    """(number of lines, the csv module's fields of each data line holding a quote), when
    every record of the file is one line of it; None when that cannot be shown."""
    quoted: dict[int, list[str]] = {}
    number = 0
    with path.open("rb") as handle:
        next(handle, None)  # the header, read by read_header
        for number, raw in enumerate(handle, 2):
            if b"\x00" in raw or not raw.endswith(b"\n"):
                return None
            if raw.find(b"\r") not in (-1, len(raw) - 2):
                return None
            if not raw.isascii():
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    return None
            if b'"' in raw:
                try:
                    quoted[number] = next(csv.reader([raw.decode("utf-8")], strict=True))
                except csv.Error:
                    return None
    return number, quoted


@dataclass(frozen=True)
class Raw:
    """The file as read into RAW: its rows, and the SQL of each row's line number (a row's
    rowid counts from a base that is not 0 inside a transaction)."""

    rows: int
    first_rowid: int

    @property
    def line(self) -> str:
        return f"(rowid - {self.first_rowid} + 2)"


def read_raw(con: duckdb.DuckDBPyConnection, path: Path, width: int) -> Raw | None:
    """Read the file into the temp table RAW (c0, c1, ...), all text, rows in file order;
    None (and no table) when its records cannot be shown to be its lines."""
    shape = quoted_lines(path)
    if shape is None:
        return None
    lines, quoted = shape
    columns = "{" + ", ".join(f"'c{n}': 'VARCHAR'" for n in range(width)) + "}"
    # a row DuckDB cannot read is skipped (ignore_errors), never an error: an error would
    # abort the ingest's transaction, and a skipped row shows in the count below
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {RAW} AS
        SELECT * FROM read_csv(?, columns = {columns}, header = true, auto_detect = false,
            delim = ',', quote = '"', escape = '"', strict_mode = true, ignore_errors = true,
            max_line_size = 100000000)
        """,
        [str(path)],
    )
    shown = con.execute(f"SELECT count(*), coalesce(min(rowid), 0) FROM {RAW}").fetchone()
    raw = Raw(*shown) if shown else Raw(0, 0)
    if raw.rows != lines - 1 or not _same_fields(con, raw, width, quoted):
        drop(con)
        return None
    return raw


def _same_fields(
    con: duckdb.DuckDBPyConnection, raw: Raw, width: int, quoted: dict[int, list[str]]
) -> bool:
    """Whether DuckDB read every quoted line as the csv module does, on the same line."""
    if not quoted:
        return True
    fields = ", ".join(f"coalesce(c{n}, '')" for n in range(width))
    read = con.execute(
        f"SELECT {raw.line}, [{fields}] FROM {RAW} WHERE {raw.line} IN (SELECT unnest(?))",
        [list(quoted)],
    ).fetchall()
    return len(read) == len(quoted) and all(quoted[line] == values for line, values in read)


def type_rows(
    con: duckdb.DuckDBPyConnection,
    raw: Raw,
    layout: Layout,
    header: list[str],
    columns: list[tuple[str, str]],
    provenance: dict[str, Any],
) -> list[int]:
    """Create TYPED with the table's `columns` (and `taken`) from every row, typed by SQL;
    returns the lines of the rows SQL does not type exactly (`taken` false), for Python."""
    assert layout.sql_form is not None
    row = SqlRow(header)
    values = layout.sql_form(row)
    select = []
    for name, kind in columns:
        if name in provenance:
            select.append(f"CAST(${name} AS {kind}) AS {name}")
        elif name == "source_row":
            select.append(f"CAST({raw.line} AS {kind}) AS source_row")
        else:
            select.append(f"CAST({values.get(name, 'NULL')} AS {kind}) AS {name}")
    # column names come from our own schema, expressions from our own layouts
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {TYPED} AS"
        f" SELECT {', '.join(select)}, {row.takes()} AS taken FROM {RAW}",
        provenance,
    )
    untaken = con.execute(f"SELECT source_row FROM {TYPED} WHERE NOT taken ORDER BY 1")
    return [line for (line,) in untaken.fetchall()]


TAKEN = f"(SELECT * FROM {TYPED} WHERE taken IS NOT false)"  # with the rows Python typed


def untyped_rows(
    con: duckdb.DuckDBPyConnection, raw: Raw, width: int, lines: list[int]
) -> Iterator[tuple[int, list[str]]]:
    """(line, fields) of the rows at `lines`, in file order, fetched some at a time (the
    connection is free in between to store what they give)."""
    fields = ", ".join(f"coalesce(c{n}, '')" for n in range(width))
    for start in range(0, len(lines), FETCH_ROWS):
        yield from con.execute(
            f"SELECT {raw.line} AS line, [{fields}] FROM {RAW}"
            " WHERE line IN (SELECT unnest(?)) ORDER BY line",
            [lines[start : start + FETCH_ROWS]],
        ).fetchall()


def drop(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"DROP TABLE IF EXISTS {RAW}")
    con.execute(f"DROP TABLE IF EXISTS {TYPED}")
