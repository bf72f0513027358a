"""Both engines over ../shared/data give the same answers, record by record.

The DuckDB run is the session's `built_store`; the Spark run rebuilds a copy of that store
(`--offline`: the same stored records) in local mode. One Spark run for the module, as a Spark
session takes a while to start.
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


@pytest.fixture(scope="module")
def spark_run(
    spark_ready: None, built_store: dict, tmp_path_factory: pytest.TempPathFactory
) -> dict:
    root = tmp_path_factory.mktemp("spark")
    db, out = root / "store.duckdb", root / "report"
    _copy_store(built_store["db"], db)
    result = CliRunner().invoke(
        app,
        ["run", "--engine", "spark", "--spark-master", "local[2]", "--offline"]
        + ["--db", str(db), "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    return {
        "db": db,
        "output": result.output,
        "exposure": json.loads((out / "exposure.json").read_text(encoding="utf-8")),
    }


def test_spark_writes_the_same_exposure(built_store: dict, spark_run: dict) -> None:
    duck, spark = dict(built_store["exposure"]), dict(spark_run["exposure"])
    for exposure in (duck, spark):
        exposure.pop("generated_at")
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
def test_spark_tables_equal_duckdb_tables(built_store: dict, spark_run: dict, table: str) -> None:
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{built_store['db']}' AS duck (READ_ONLY)")
        con.execute(f"ATTACH '{spark_run['db']}' AS spark (READ_ONLY)")
        duck, spark = _rows(con, "duck", table), _rows(con, "spark", table)
    assert len(spark) == len(duck)
    assert [r for r in spark if r not in set(duck)] == []
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
