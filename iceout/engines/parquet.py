"""Tables handed between the DuckDB store and Spark as Parquet.

Spark reads the stored records (src_*) and the driver's tables as Parquet files that DuckDB
writes; the tables Spark computes come back as Parquet folders, and the store shows them as
views (`CREATE VIEW nrm_us_awards AS SELECT * FROM read_parquet(...)`), so the report, the
screening and the API read them exactly as they read the store's own tables.

Each Spark rebuild writes a new run folder beside the store (`<store>.parquet/run-<n>/`); the
views move to it in the run's transaction, and older run folders are removed by the next
rebuild, so a killed run leaves the views on the folder of the last complete one.
"""

import re
import shutil
from pathlib import Path

import duckdb

# The derived tables' prefixes: a view of one of these names is an engine's hand-off.
DERIVED = re.compile(r"^(nrm|res|wl)_[a-z_]+$")


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def store_path(con: duckdb.DuckDBPyConnection) -> Path:
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    if not row or not row[0]:
        raise ValueError("the Spark engine needs a store on disk, not an in-memory database")
    return Path(row[0]).resolve()


def new_run_folder(con: duckdb.DuckDBPyConnection) -> Path:
    """A fresh folder for this rebuild's Parquet; run folders no view points to are removed."""
    base = store_path(con).with_suffix(".parquet")
    base.mkdir(parents=True, exist_ok=True)
    in_use = {
        Path(m).parent.parent.name.rstrip("~")
        for (sql,) in con.execute("SELECT sql FROM duckdb_views() WHERE NOT internal").fetchall()
        for m in re.findall(r"read_parquet\('([^']+)'", sql or "")
    }
    numbers = [int(p.name[4:]) for p in base.glob("run-*") if p.name[4:].isdigit()]
    for folder in base.glob("run-*"):
        if folder.name not in in_use:
            shutil.rmtree(folder, ignore_errors=True)
    folder = base / f"run-{max(numbers, default=0) + 1}"
    folder.mkdir()
    return folder


def export_tables(con: duckdb.DuckDBPyConnection, tables: list[str], folder: Path) -> None:
    """Write each table (our own names) as <folder>/<table>/part-0.parquet."""
    for table in tables:
        (folder / table).mkdir(parents=True, exist_ok=True)
        con.execute(
            f"COPY {table} TO {_quoted(folder / table / 'part-0.parquet')} (FORMAT parquet)"
        )


def show_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, Path]) -> None:
    """Replace each table of the store by a view over the Parquet folder Spark wrote."""
    for table, folder in tables.items():
        _drop(con, table)
        files = _quoted(folder / "*.parquet")
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({files})")


def _drop(con: duckdb.DuckDBPyConnection, name: str) -> None:
    row = con.execute(
        "SELECT table_type FROM information_schema.tables WHERE table_name = ? "
        "AND table_schema = current_schema()",
        [name],
    ).fetchone()
    if row:
        con.execute(f"DROP {'VIEW' if row[0] == 'VIEW' else 'TABLE'} {name}")


def drop_parquet_views(con: duckdb.DuckDBPyConnection) -> None:
    """Before DuckDB rebuilds its tables: the views a Spark run left in their place go."""
    for (name,) in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = current_schema()"
    ).fetchall():
        if DERIVED.match(name):
            con.execute(f"DROP VIEW {name}")
