"""The only place that opens DuckDB connections; applies the persisted schema."""

import itertools
import json
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from iceout.errors import NO_DATABASE, StoreError
from iceout.i18n import N_

if TYPE_CHECKING:
    import pyarrow as pa

LOCK_HELD = re.compile(r"Could not set lock|Conflicting lock", re.IGNORECASE)
HOLDER = re.compile(r"\(PID (\d+)\)")


def connect(
    path: str | Path,
    read_only: bool = False,
    *,
    wait: float = 0.0,
    waiting: Callable[[str], None] | None = None,
    memory_limit: str | None = None,
    temp_directory: str | Path | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the store at `path` with the schema applied. While another
    process holds it (DuckDB lets one process open a store for writing, and then no other),
    try again for up to `wait` seconds, saying so once through `waiting`; then a StoreError
    naming the process. `memory_limit` ('4GB') caps DuckDB's memory (default: 80% of RAM);
    past it DuckDB spills to `temp_directory` (default: `<store>.tmp` beside the store)."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline, said = time.monotonic() + wait, False
    while True:
        try:
            con = duckdb.connect(
                str(path), read_only=read_only, config=_config(memory_limit, temp_directory)
            )
            break
        except duckdb.Error as exc:
            if not LOCK_HELD.search(str(exc)):
                raise StoreError(
                    N_("cannot open database %(path)s: %(problem)s"),
                    path=str(path),
                    problem=str(exc),
                ) from exc
            holder = HOLDER.search(str(exc))
            who = f"process {holder.group(1)}" if holder else "another process"
            if time.monotonic() >= deadline:
                raise StoreError(
                    N_(
                        "%(path)s is in use by %(who)s%(waited)s: DuckDB lets one process at a "
                        "time open a store for writing. Wait for it to finish and run this again "
                        "(ICEOUT_LOCK_WAIT sets how long to wait)"
                    ),
                    path=str(path),
                    who=who,
                    waited=f" (waited {wait:.0f} s)" if wait else "",
                ) from exc
            if waiting and not said:
                waiting(f"{path} is in use by {who}: waiting up to {wait:.0f} s for its turn")
                said = True
            time.sleep(0.25)
    if not read_only:
        con.execute(files("iceout").joinpath("schema.sql").read_text(encoding="utf-8"))
    return con


def _config(
    memory_limit: str | None, temp_directory: str | Path | None
) -> dict[str, str | bool | int | float | list[str]]:
    config: dict[str, str | bool | int | float | list[str]] = {}
    if memory_limit:
        config["memory_limit"] = memory_limit
    if temp_directory:
        config["temp_directory"] = str(temp_directory)
    return config


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: on any error the store is left exactly as it was."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(row and row[0])


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]], where: str = ""
) -> None:
    """Bulk insert through an Arrow table built column by column: far faster than executemany
    or a JSON file, and typed as the table's columns. `where` filters the staged rows (alias
    `s`), e.g. to skip keys already stored."""
    if not rows:
        return
    columns = table_columns(con, table)
    names = ", ".join(name for name, _ in columns)
    with staged(con, columns, rows) as source:
        # table, column names and the condition are our own, never from input
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {source} AS s {where}")


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of each column of one of our tables, in table order."""
    # the result's description, not information_schema: 0.7 ms against 10 ms a call, which
    # counts when thousands of small files are ingested; table names come from our own schema
    described = con.execute(f"SELECT * FROM {table} LIMIT 0").description or []
    return [(column[0], str(column[1])) for column in described]


def column_spec(con: duckdb.DuckDBPyConnection, table: str) -> tuple[str, str]:
    """(column list, read_json columns spec) of one of our tables, in table order."""
    columns = table_columns(con, table)
    spec = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns) + "}"
    return ", ".join(name for name, _ in columns), spec


_staged_names = itertools.count()


@contextmanager
def staged(
    con: duckdb.DuckDBPyConnection,
    columns: list[tuple[str, str]],
    rows: list[dict[str, Any]],
    extra: dict[str, list[Any]] | None = None,
) -> Iterator[str]:
    """The records `rows` as a relation typed like `columns` (a subquery to select from), for
    the duration of the block: an Arrow table built column by column and scanned in place by
    DuckDB. A key missing from a record is NULL; `extra` adds columns given whole (a constant,
    a line number). A value the column's Arrow type cannot take (an int in a VARCHAR column, a
    date written as text) is passed as text and cast by DuckDB, as a JSON reader would."""
    table = arrow_table(columns, rows, extra)
    view = f"iceout_staged_{os.getpid()}_{next(_staged_names)}"
    con.register(view, table)
    try:
        yield typed_select(columns, table.column_names, view)
    except BaseException:
        # a failed statement (out of memory, say) aborts the transaction, which then refuses
        # the unregister too: the first error is the one to report
        with suppress(duckdb.Error):
            con.unregister(view)
        raise
    con.unregister(view)


def arrow_table(
    columns: list[tuple[str, str]],
    rows: list[dict[str, Any]],
    extra: dict[str, list[Any]] | None = None,
) -> "pa.Table":
    """The records `rows` as an Arrow table built column by column (see staged); needs no
    connection, so a Spark worker builds it where it parsed the rows."""
    import pyarrow as pa  # here, not at the top: commands that insert nothing never load it

    given = extra or {}
    table = _from_rows([(n, k) for n, k in columns if n not in given], rows)
    for name, kind in columns:
        if name in given:
            table = table.append_column(name, _array(given[name], kind))
    for name, values in given.items():
        if table.schema.get_field_index(name) < 0:
            table = table.append_column(name, pa.array(values))
    return table


def typed_select(columns: list[tuple[str, str]], names: list[str], source: str) -> str:
    """A subquery reading `names` from `source` (a view, a read_parquet call), each cast to its
    column's type in `columns`: values Arrow could not type were passed as text."""
    kinds = dict(columns)
    typed = ", ".join(f'{_typed(name, kinds.get(name))} AS "{name}"' for name in names)
    return f"(SELECT {typed} FROM {source})"


def _typed(name: str, kind: str | None) -> str:
    if kind is None:
        return f'"{name}"'
    if kind == "JSON":  # the JSON text minified, as DuckDB's JSON reader gives it
        return f'json("{name}")'
    return f'CAST("{name}" AS {kind})'


def _from_rows(columns: list[tuple[str, str]], rows: list[dict[str, Any]]) -> "pa.Table":
    """The rows as a table of these columns: converted in one pass when every value fits its
    column's type (the common case, twice as fast), else column by column."""
    import pyarrow as pa

    types = [(name, _arrow_type(kind)) for name, kind in columns]
    if all(kind is not None for _, kind in types):
        try:
            return pa.Table.from_pylist(rows, schema=pa.schema(types))
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
            pass
    return pa.table({name: _array([row.get(name) for row in rows], kind) for name, kind in columns})


def _arrow_type(kind: str) -> "pa.DataType | None":
    import pyarrow as pa

    return {
        "VARCHAR": pa.large_string(),
        "DOUBLE": pa.float64(),
        "INTEGER": pa.int32(),
        "BIGINT": pa.int64(),
        "BOOLEAN": pa.bool_(),
        "DATE": pa.date32(),
        "TIMESTAMP": pa.timestamp("us"),
        "VARCHAR[]": pa.large_list(pa.large_string()),
    }.get(kind)


def _array(values: list[Any], kind: str) -> "pa.Array":
    import pyarrow as pa

    if kind == "JSON":
        return pa.array([None if v is None else _json(v) for v in values], pa.large_string())
    target = _arrow_type(kind)
    if target is not None:
        try:
            return pa.array(values, type=target)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
            pass
    return pa.array([_as_text(value) for value in values], type=pa.large_string())


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return _json(value)


def _json(value: Any) -> str:
    return json.dumps(value, default=_json_default, ensure_ascii=False)


def _json_default(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


def overlay(path: str | Path) -> duckdb.DuckDBPyConnection:
    """The store at `path`, read-only, under an in-memory layer that takes new tables: a command
    can rebuild a stage's tables for its own options (a scope, dates) without writing to the
    store."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(NO_DATABASE, path=str(path))
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH ? AS store (READ_ONLY)", [str(path)])
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            raise StoreError(
                N_(
                    "%(path)s is in use by another process (iceout serve?): DuckDB lets no other "
                    "process read it meanwhile; stop that process, or run the command on a copy "
                    "made while it is stopped"
                ),
                path=str(path),
            ) from exc
        raise StoreError(
            N_("cannot open database %(path)s: %(problem)s"), path=str(path), problem=str(exc)
        ) from exc
    con.execute("SET search_path = 'memory.main,store.main'")
    return con


@contextmanager
def layered(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """`con` (a cursor of its own) under an in-memory layer that takes new tables, for a
    process that already holds the store (`iceout serve`): as with overlay(), a stage's tables
    rebuilt for other options land in the layer and reads fall through to the store, which is
    never written. The layer goes when the block ends."""
    row = con.execute("SELECT current_database()").fetchone()
    store = '"' + str(row[0] if row else "main").replace('"', '""') + '"'
    layer = f"layer_{uuid.uuid4().hex}"  # ours, never input
    con.execute(f"ATTACH ':memory:' AS {layer}")
    try:
        con.execute(f"SET search_path = '{layer}.main,{store.replace(chr(39), chr(39) * 2)}.main'")
        yield con
    finally:
        con.execute("RESET search_path")
        con.execute(f"DETACH {layer}")
