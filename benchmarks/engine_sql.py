"""One logic on two engines, measured on the normalise stage: DuckDB running the stage's SQL
as written, against the two ways of writing it once (docs/ARCHITECTURE.md, Engines):

- sqlglot: the same text transpiled to Spark SQL (the cost of transpiling, per run);
- sqlframe: a Spark program (here the transpiled Spark SQL, through sqlframe's DuckDB
  session) executed back on DuckDB: what running a PySpark-API program on DuckDB costs.

    python -m benchmarks.engine_sql STORE.duckdb   (a store built by `iceout run`; copied)
"""

import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from iceout.engines.sql import to_spark
from iceout.normalize.tables import STEPS


def _schema(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    schema: dict[str, dict[str, str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
    ).fetchall():
        schema.setdefault(table, {})[column] = "TEXT"
    return schema


def main(store: Path) -> None:
    from sqlframe.duckdb import DuckDBSession

    with tempfile.TemporaryDirectory(prefix="iceout-bench-") as folder:
        copy = Path(folder) / "store.duckdb"
        shutil.copy(store, copy)
        con = duckdb.connect(str(copy))
        start = time.perf_counter()
        for sql in STEPS:
            con.execute(sql)
        native = time.perf_counter() - start
        counts = [
            con.execute(f"SELECT count(*) FROM {to_spark(s).table}").fetchone() for s in STEPS
        ]
        start = time.perf_counter()
        steps = [to_spark(sql, {}, _schema(con)) for sql in STEPS]
        transpile = time.perf_counter() - start
        session = DuckDBSession(conn=con)
        start = time.perf_counter()
        again = []
        for step in steps:
            frame = session.sql(step.select)
            again.append(
                con.execute(f"SELECT count(*) FROM ({frame.sql(dialect='duckdb')})").fetchone()
            )
        through_sqlframe = time.perf_counter() - start
        con.close()
    print(f"normalise stage on {store.name}: rows {[c[0] for c in counts if c]}")
    print(f"  duckdb, SQL as written:           {native:8.2f} s")
    print(f"  sqlglot duckdb->spark transpile:  {transpile * 1000:8.1f} ms (3 statements)")
    print(
        f"  sqlframe (Spark SQL on DuckDB):   {through_sqlframe:8.2f} s, rows {[c[0] for c in again if c]}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
