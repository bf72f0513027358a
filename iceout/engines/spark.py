"""The stages on Apache Spark: the same SQL as DuckDB's, transpiled; names scored on the
workers by the same Resolver; large files parsed on the workers by the same layout code.

Ingest parses the large CSV files as Spark tasks (`file_reader`: one task per file, calling
`iceout.sources.ingest.parse_apart`), and the driver stores their Parquet into src_* with the
same deduplicating insert as DuckDB's path. The stored records reach Spark as Parquet.
Normalise, blocking, scoring and the watchlist run as Spark jobs; family grouping (union-find),
word rarity and the reviewers' decisions run on the driver with the code the DuckDB engine uses.
Spark's tables come back to the store as views over Parquet (iceout/engines/parquet.py).
"""

import os
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from iceout.engines import EngineError
from iceout.engines.parquet import export_tables, new_run_folder, show_tables, store_path
from iceout.engines.sql import to_spark
from iceout.i18n.message import Message, Plural
from iceout.normalize.departments import build_departments
from iceout.normalize.tables import STEPS as NORMALISE_STEPS
from iceout.progress import Progress
from iceout.resolve import persons
from iceout.resolve.blocking import (
    CANDIDATES_SQL,
    DIGITS,
    MAX_DF,
    QUALIFIER_STEMS,
    TOKENS_SQL,
    TOP_K,
    blocking_key,
)
from iceout.resolve.families import Family
from iceout.resolve.links import (
    Resolver,
    Target,
    build_rarity,
    canadian_names,
    store_ca_links,
)
from iceout.resolve.profile import profile
from iceout.resolve.scoring import REVIEW, Comparator
from iceout.resolve.us_families import build_us_families
from iceout.screen.policy import Policy
from iceout.screen.watchlist import steps as watchlist_steps
from iceout.sources.ingest import Parsed, ParseJob, Reader, parse_apart

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

Timer = Callable[[Message, Callable[[], Any]], Any]

SOURCES = ["src_us_transactions", "src_us_awards", "src_us_subawards", "src_ca_records"]
SOURCES += ["src_us_parent_links", "nrm_departments"]
FAMILY_TABLES = ["res_families", "res_award_families", "res_family_names"]
RARITY_TABLES = ["res_word_rarity", "res_person_words"]

# A Canadian name's best link: the greatest Rank of iceout/resolve/links.py, as an ordering.
BEST_LINKS_SQL = """
CREATE TABLE blk_best AS
SELECT * FROM blk_scored
QUALIFY row_number() OVER (PARTITION BY vendor_name
    ORDER BY score DESC, same DESC, origin_rank, target_id) = 1
"""
# A target written with the very same key is always a candidate (Resolver._candidates).
SAME_KEY_SQL = """
CREATE TABLE blk_same AS
SELECT q.name_id AS query_id, t.name_id AS target_id
FROM blk_query_keys q JOIN blk_target_keys t ON q.key = t.key
"""
PAIRS_SQL = """
CREATE TABLE blk_pairs AS
SELECT DISTINCT n.vendor_name, p.target_id
FROM (SELECT query_id, target_id FROM blk_candidates UNION ALL SELECT * FROM blk_same) p
JOIN blk_query_names n ON n.name_id = p.query_id
"""
SCORED_SCHEMA = (
    "vendor_name string, target_id int, family_id string, family_name string, "
    "matched_name string, score double, decision string, explanation string, same boolean, "
    "origin_rank int"
)


def session(master: str) -> "SparkSession":
    """A Spark session on `master`; its workers run this very Python (and iceout). Under
    spark-submit, the master and every --conf it was given stand: ours only fill the gaps."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    given = submitted_conf()
    master = given.get("spark.master", master)
    settings = {
        "spark.app.name": "iceout",
        "spark.sql.session.timeZone": "UTC",
        # DuckDB's casts (year || '-' ...) and try_cast semantics, not ANSI errors
        "spark.sql.ansi.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
    }
    if master.startswith("local"):
        # one machine: no web UI, few shuffle partitions, and the driver on loopback
        settings |= {
            "spark.ui.enabled": "false",
            "spark.sql.shuffle.partitions": "8",
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
        }
    builder = (
        SparkSession.builder if "spark.master" in given else SparkSession.builder.master(master)
    )
    for key, value in settings.items():
        if key not in given:
            builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # the JVM's own errors: no Java, a master that does not answer
        raise EngineError(f"cannot start Spark on {master}: {exc}") from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def submitted_conf() -> dict[str, str]:
    """The configuration spark-submit started this driver with (its --master, --conf and
    properties file); empty when iceout started Spark itself."""
    if "PYSPARK_GATEWAY_PORT" not in os.environ:  # set by spark-submit for its Python driver
        return {}
    from pyspark import SparkConf, SparkContext

    SparkContext._ensure_initialized()
    return dict(SparkConf().getAll())


def file_reader(
    con: duckdb.DuckDBPyConnection, master: str, progress: Progress = lambda _: None
) -> Reader:
    """Parses ingest's large CSV files on Spark's workers, one task per file (largest first),
    into a folder beside the store (storage the driver and the workers share). Spark starts
    only when there is a file to parse."""

    def read(jobs: list[ParseJob]) -> dict[str, Parsed]:
        if not jobs:
            return {}
        base = store_path(con).with_suffix(".parquet")
        run = f"ingest-{uuid.uuid4().hex[:12]}"
        jobs = sorted(jobs, key=lambda job: -os.path.getsize(job.path))
        tasks = [(job, str(base / f"{run}-{number}")) for number, job in enumerate(jobs)]
        context = session(master).sparkContext
        try:
            done = context.parallelize(tasks, len(tasks)).map(_parse_task).collect()
        except BaseException:
            for _, folder in tasks:
                shutil.rmtree(folder, ignore_errors=True)
            raise
        rows = sum(parsed.rows_read for parsed in done)
        parsed = Plural(
            "%(count)s large file, %(rows)s rows, parsed in parallel on Spark",
            "%(count)s large files, %(rows)s rows, parsed in parallel on Spark",
            len(done),
            rows=rows,
        )
        progress(parsed)
        return {parsed.path: parsed for parsed in done}

    return read


def _parse_task(task: tuple[ParseJob, str]) -> Parsed:
    return parse_apart(*task)


class SparkStage:
    """Tables on one Spark session: each registered as a view, each step's output written as
    Parquet under the run folder and read back (a job computes it once)."""

    def __init__(self, spark: "SparkSession", folder: Path) -> None:
        self.spark, self.folder = spark, folder
        self.paths: dict[str, Path] = {}

    def read(self, tables: Sequence[str]) -> None:
        for table in tables:
            self.register(table, self.folder / table)

    def register(self, table: str, path: Path) -> None:
        self.paths[table] = path
        self.spark.read.parquet(str(path)).createOrReplaceTempView(table)

    def write(self, table: str, frame: "DataFrame") -> None:
        path = self.folder / table
        while path.exists():  # a step rewriting its own input (DELETE) writes beside it
            path = path.with_name(path.name + "~")
        frame.write.parquet(str(path))
        self.register(table, path)

    def run(self, sql: str, params: dict[str, Any] | None = None) -> str:
        """One stage statement, transpiled; returns the table it wrote."""
        schema = {t: dict.fromkeys(self.spark.table(t).columns, "TEXT") for t in self.paths}
        step = to_spark(sql, params, schema)
        self.write(step.table, self.spark.sql(step.select))
        return step.table

    def show(self, con: duckdb.DuckDBPyConnection, tables: Sequence[str]) -> None:
        show_tables(con, {t: self.paths[t] for t in tables})


def rebuild_on_spark(
    con: duckdb.DuckDBPyConnection,
    policy: Policy,
    timer: Timer,
    families: list[Family],
    master: str,
) -> None:
    spark = timer(Message("start Spark"), lambda: session(master))
    stage = SparkStage(spark, new_run_folder(con))
    # the department names are a small lookup built in Python, beside the records it serves
    build_departments(con)
    timer(Message("hand the stored records to Spark"), lambda: _hand_over(con, stage, SOURCES))
    timer(
        Message("normalise"), lambda: stage.show(con, [stage.run(sql) for sql in NORMALISE_STEPS])
    )
    timer(Message("group US recipients into families"), lambda: build_us_families(con, families))
    timer(Message("resolve Canadian names to families"), lambda: resolve(con, stage))
    timer(Message("build watchlist"), lambda: watchlist(con, stage, policy))


def _hand_over(con: duckdb.DuckDBPyConnection, stage: SparkStage, tables: list[str]) -> None:
    export_tables(con, tables, stage.folder)
    stage.read(tables)


def watchlist(con: duckdb.DuckDBPyConnection, stage: SparkStage, policy: Policy) -> None:
    _hand_over(con, stage, FAMILY_TABLES)
    written = [stage.run(sql, params) for sql, params in watchlist_steps(policy)]
    stage.show(con, list(dict.fromkeys(written)))


def resolve(con: duckdb.DuckDBPyConnection, stage: SparkStage) -> int:
    """res_ca_links, the pairs blocked and scored on Spark; rarity and decisions on the driver."""
    names = canadian_names(con)
    build_rarity(con, names)
    resolver = Resolver.load(con)
    _hand_over(con, stage, ["res_word_rarity"])
    spark = stage.spark
    order = {name: i for i, name in enumerate(names)}
    stage.write(
        "blk_query_names",
        spark.sql(
            "SELECT vendor_name, row_number() OVER (ORDER BY vendor_name) AS name_id "
            "FROM (SELECT DISTINCT vendor_name FROM nrm_ca_records)"
        ),
    )
    stage.write(
        "blk_query_keys",
        spark.table("blk_query_names").mapInPandas(_query_keys, "name_id long, key string"),
    )
    targets = [(i, key) for i, key in resolver._target_keys]
    stage.write("blk_target_keys", spark.createDataFrame(targets, "name_id long, key string"))
    spark.udf.register("blocking_key", blocking_key, "string")
    stage.write(
        "blk_names",
        spark.sql(
            "SELECT 'query' AS side, name_id, blocking_key(key) AS lookup_key FROM blk_query_keys "
            "UNION ALL SELECT 'target', name_id, blocking_key(key) FROM blk_target_keys"
        ),
    )
    stage.run(TOKENS_SQL)
    stage.run(
        CANDIDATES_SQL,
        {
            "qualifiers": sorted(QUALIFIER_STEMS),
            "max_df": MAX_DF,
            "top_k": TOP_K,
            "digits": DIGITS,
        },
    )
    stage.run(SAME_KEY_SQL)
    stage.run(PAIRS_SQL)
    scorer = _scorer(resolver.targets, resolver.comparator, persons.answers())
    stage.write("blk_scored", spark.table("blk_pairs").mapInPandas(scorer, SCORED_SCHEMA))
    stage.run(BEST_LINKS_SQL)
    best = spark.table("blk_best").collect()  # one row per linked name: the result, not the pairs
    computed = {
        row.vendor_name: resolver.link(row.vendor_name, row.target_id, _comparison(row))
        for row in sorted(best, key=lambda r: order[r.vendor_name])
    }
    count = store_ca_links(con, computed)
    export_tables(con, ["res_ca_links", *RARITY_TABLES], stage.folder)
    return count


def _query_keys(batches: Iterator["pd.DataFrame"]) -> Iterator["pd.DataFrame"]:
    """Each Canadian name's key, and its division's ('Carswell, a division of Thomson
    Reuters'): the queries Resolver.ranked blocks with."""
    import pandas as pd

    for batch in batches:
        rows = []
        for name_id, name in zip(batch["name_id"], batch["vendor_name"], strict=True):
            p = profile(name)
            rows.append((name_id, p.key))
            if p.division_of:
                rows.append((name_id, profile(p.division_of).key))
        yield pd.DataFrame(rows, columns=["name_id", "key"])


def _scorer(
    targets: list[Target], comparator: Comparator, people: dict[str, bool]
) -> Callable[[Iterator["pd.DataFrame"]], Iterator["pd.DataFrame"]]:
    """Scores candidate pairs where they are, with the Resolver the DuckDB engine uses."""
    rarity, documents = comparator.document_frequency, comparator.documents

    def score(batches: Iterator["pd.DataFrame"]) -> Iterator["pd.DataFrame"]:
        import pandas as pd

        persons.remember(people)
        resolver = Resolver(targets, Comparator(rarity, documents))
        for batch in batches:
            rows = []
            for name, target_id in zip(batch["vendor_name"], batch["target_id"], strict=True):
                rank, result = resolver.rank(name, int(target_id))
                if result.score < REVIEW:
                    continue
                link = resolver.link(name, int(target_id), result)
                rows.append(
                    (
                        name,
                        int(target_id),
                        link.family_id,
                        link.family_name,
                        link.matched_name,
                        result.score,
                        result.decision.value,
                        str(result.reason),
                        rank[1],
                        -rank[2],
                    )
                )
            yield pd.DataFrame(rows, columns=[c.split()[0] for c in SCORED_SCHEMA.split(", ")])

    return score


def _comparison(row: Any) -> Any:
    from iceout.domain import Decision
    from iceout.resolve.scoring import Comparison

    return Comparison(row.score, Decision(row.decision), row.explanation)
