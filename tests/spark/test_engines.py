"""Both engines over ../shared/data give the same answers, record by record.

The US files and the Canadian contracts of the current layout (their names meet the families
of every US file), run with the default engine; then a copy of that store rebuilt on Spark in
local mode (`--offline`: the same stored records). One Spark run for the module, as a Spark
session takes a while to start. The whole of ../shared/data is compared by `iceout run` on
both engines in benchmarks (docs/ARCHITECTURE.md).
"""

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from iceout.cli import app

# The derived tables both engines write, each compared row by row (money to the cent: the
# engines add in different orders).
TABLES = [
    "nrm_us_awards",
    "nrm_ca_records",
    "res_families",
    "res_award_families",
    "res_family_names",
    "res_ca_links",
    "wl_awards",
    "wl_families",
    "wl_award_years",
]


def _copy_store(source: Path, target: Path) -> None:
    shutil.copy(source, target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        shutil.copy(wal, target.with_name(target.name + ".wal"))


SUBSET = ["usaspending", "canada/current_layout"]


def _run(db: Path, out: Path, *args: str) -> dict:
    result = CliRunner().invoke(app, ["run", *args, "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return {
        "db": db,
        "output": result.output,
        "exposure": json.loads((out / "exposure.json").read_text(encoding="utf-8")),
    }


@pytest.fixture(scope="module")
def duckdb_run(
    spark_ready: None, shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict:
    root = tmp_path_factory.mktemp("duckdb")
    data = [arg for part in SUBSET for arg in ("--data", str(shared_data / part))]
    return _run(root / "store.duckdb", root / "report", *data)


@pytest.fixture(scope="module")
def spark_run(duckdb_run: dict, tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("spark")
    _copy_store(duckdb_run["db"], root / "store.duckdb")
    engine = ["--engine", "spark", "--spark-master", "local[2]", "--offline"]
    return _run(root / "store.duckdb", root / "report", *engine)


def _cents(value: object) -> object:
    """Money to the cent: the engines add the same amounts in different orders."""
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, dict):
        return {k: _cents(v) for k, v in value.items() if k != "generated_at"}
    if isinstance(value, list):
        return [_cents(v) for v in value]
    return value


def test_spark_writes_the_same_exposure(duckdb_run: dict, spark_run: dict) -> None:
    duck, spark = _cents(duckdb_run["exposure"]), _cents(spark_run["exposure"])
    assert isinstance(duck, dict) and isinstance(spark, dict)
    assert [f["family_id"] for f in spark["families"]] == [f["family_id"] for f in duck["families"]]
    assert spark["summary"] == duck["summary"]
    assert spark["review"] == duck["review"]
    assert spark == duck


def _rows(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple]:
    columns = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = ? AND table_name = ? ORDER BY ordinal_position",
        [schema, table],
    ).fetchall()
    cells = [f"round({c}, 2)" if t == "DOUBLE" else c for c, t in columns]
    return con.execute(f"SELECT {', '.join(cells)} FROM {schema}.{table} ORDER BY ALL").fetchall()


@pytest.mark.parametrize("table", TABLES)
def test_spark_tables_equal_duckdb_tables(duckdb_run: dict, spark_run: dict, table: str) -> None:
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{duckdb_run['db']}' AS duck (READ_ONLY)")
        con.execute(f"ATTACH '{spark_run['db']}' AS spark (READ_ONLY)")
        duck, spark = _rows(con, "duck", table), _rows(con, "spark", table)
    assert len(spark) == len(duck)
    assert spark == duck


def test_spark_tables_are_parquet_the_store_reads(spark_run: dict) -> None:
    with duckdb.connect(str(spark_run["db"]), read_only=True) as con:
        views = {
            name
            for (name, sql) in con.execute("SELECT view_name, sql FROM duckdb_views()").fetchall()
            if "read_parquet" in sql
        }
    assert {"nrm_us_awards", "nrm_ca_records", "wl_awards", "wl_families"} <= views
    assert "start Spark" in spark_run["output"]
