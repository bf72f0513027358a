"""Both engines over ../shared/data give the same answers, record by record.

The US files and the Canadian contracts of the current layout (their names meet the families
of every US file), plus a damaged copy of those contracts (rows to quarantine, every record a
duplicate), run with the default engine; then the same files run on Spark in local mode into
a new store: ingest parses the large files on Spark's workers, and the stored records
(src_*), their quarantine and provenance, and every derived table are compared. One Spark run
for the module, as a Spark session takes a while to start. The whole of ../shared/data is
compared by `iceout run` on both engines in benchmarks (docs/ARCHITECTURE.md).
"""

import json
from pathlib import Path

import duckdb
import pytest
from stored_tables import SOURCE_TABLES
from typer.testing import CliRunner

from iceout.cli import app
from iceout.errors import UnreadableFileError

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


SUBSET = ["usaspending", "canada/current_layout"]
CONTRACTS = "canada/current_layout/contracts_current_layout_cbsa_cic_ps.csv"


@pytest.fixture(scope="module")
def damaged(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the real contracts file copied and damaged at its end: a row with one
    field too many, a row with a NUL byte, and a last row whose quote never closes."""
    folder = tmp_path_factory.mktemp("damaged")
    text = (shared_data / CONTRACTS).read_text(encoding="utf-8-sig")
    row = text.splitlines()[1]
    tail = [row + ",one too many", row.replace(",", ",\x00", 1), '"never closed,' + row]
    (folder / "contracts_damaged.csv").write_text(
        text.rstrip("\r\n") + "\n" + "\n".join(tail) + "\n", encoding="utf-8"
    )
    return folder


def _data(shared_data: Path, damaged: Path) -> list[str]:
    folders = [shared_data / part for part in SUBSET] + [damaged]
    return [arg for folder in folders for arg in ("--data", str(folder))]


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
    spark_ready: None, shared_data: Path, damaged: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict:
    root = tmp_path_factory.mktemp("duckdb")
    return _run(root / "store.duckdb", root / "report", *_data(shared_data, damaged))


@pytest.fixture(scope="module")
def spark_run(
    duckdb_run: dict, shared_data: Path, damaged: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict:
    root = tmp_path_factory.mktemp("spark")
    engine = ["--engine", "spark", "--spark-master", "local[2]"]
    return _run(root / "store.duckdb", root / "report", *engine, *_data(shared_data, damaged))


def _cents(value: object) -> object:
    """Money to the cent: the engines add the same amounts in different orders."""
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, dict):
        # each run stamps its own time of writing and of ingest
        return {k: _cents(v) for k, v in value.items() if k not in ("generated_at", "ingested_at")}
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
        "WHERE table_catalog = ? AND table_name = ? AND column_name <> 'ingested_at' "
        "ORDER BY ordinal_position",
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


@pytest.mark.parametrize("table", SOURCE_TABLES)
def test_spark_ingest_stores_the_same_records(
    duckdb_run: dict, spark_run: dict, table: str
) -> None:
    test_spark_tables_equal_duckdb_tables(duckdb_run, spark_run, table)


def test_spark_ingest_parses_the_large_files_on_spark(spark_run: dict) -> None:
    assert "parsed in parallel on Spark" in spark_run["output"]
    damaged = [
        (reason, action)
        for path, _, reason, action in _query_rows(
            spark_run["db"], "SELECT source_file, source_row, reason, action FROM src_quarantine"
        )
        if path.endswith("contracts_damaged.csv") and action == "rejected"
    ]
    reasons = " ".join(reason for reason, _ in damaged)
    assert len(damaged) == 3
    assert "expected" in reasons and "NUL" in reasons and "quoted field" in reasons
    files = _query_rows(
        spark_run["db"],
        "SELECT rows_loaded, rows_duplicate, rows_quarantined FROM src_files "
        "WHERE path LIKE '%contracts_damaged.csv'",
    )
    assert files[0][0] == 0 and files[0][1] > 10_000 and files[0][2] == 3  # counted once


def _query_rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_a_file_spark_cannot_read_is_named_as_duckdb_names_it(
    spark_ready: None, shared_data: Path, tmp_path: Path
) -> None:
    data = (shared_data / CONTRACTS).read_bytes()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "contracts.csv").write_bytes(data + b"x,\xff\xfe,y\n")
    outputs = []
    for engine in ("duckdb", "spark"):
        result = CliRunner().invoke(
            app,
            [
                "run",
                "--engine",
                engine,
                "--spark-master",
                "local[2]",
                "--data",
                str(tmp_path / "data"),
                "--db",
                str(tmp_path / f"{engine}.duckdb"),
                "--out",
                str(tmp_path / engine),
            ],
        )
        # the error iceout's main() prints as one line (the runner does not go through it)
        assert isinstance(result.exception, UnreadableFileError)
        outputs.append(str(result.exception))
    assert "not UTF-8 text" in outputs[0]
    assert outputs[1] == outputs[0]


def test_spark_tables_are_parquet_the_store_reads(spark_run: dict) -> None:
    with duckdb.connect(str(spark_run["db"]), read_only=True) as con:
        views = {
            name
            for (name, sql) in con.execute("SELECT view_name, sql FROM duckdb_views()").fetchall()
            if "read_parquet" in sql
        }
    assert {"nrm_us_awards", "nrm_ca_records", "wl_awards", "wl_families"} <= views
    assert "start Spark" in spark_run["output"]
