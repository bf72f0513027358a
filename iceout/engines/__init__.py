"""Engines that run the derived stages: DuckDB (embedded, the default) and Apache Spark.

Each stage's SQL is written once, in DuckDB's dialect, beside the stage that owns its output;
`sql.py` turns a statement into Spark SQL with sqlglot, `spark.py` runs the stages on a Spark
session and hands the tables back to the DuckDB store as views over Parquet (`parquet.py`).
"""

import importlib.util
import shutil
from dataclasses import dataclass

from iceout.errors import InputError
from iceout.i18n import N_

ENGINES = ("duckdb", "spark")


class EngineError(InputError):
    """The chosen engine cannot run here (pyspark or Java missing, a bad master URL)."""


@dataclass(frozen=True)
class Engine:
    name: str = "duckdb"
    spark_master: str = "local[*]"

    @property
    def spark(self) -> bool:
        return self.name == "spark"

    def check(self) -> None:
        """Fail early, with what to install, when the engine cannot start."""
        if not self.spark:
            return
        if importlib.util.find_spec("pyspark") is None:
            raise EngineError(
                N_(
                    "--engine spark needs pyspark: pip install 'pyspark>=4' (or pip install -e '.[dev]')"
                )
            )
        for module in ("pandas", "pyarrow", "sqlglot"):
            if importlib.util.find_spec(module) is None:
                raise EngineError(
                    N_("--engine spark needs %(module)s: pip install -e '.[spark]'"), module=module
                )
        if shutil.which("java") is None and not _java_home():
            raise EngineError(
                N_(
                    "--engine spark needs Java 17 or later (apt install openjdk-17-jre-headless), "
                    "on the PATH or in JAVA_HOME"
                )
            )
        if not self.spark_master.strip():
            raise EngineError(N_("--spark-master is empty: give local[*] or a master URL"))


DUCKDB = Engine()


def _java_home() -> bool:
    import os

    home = os.environ.get("JAVA_HOME") or ""
    return bool(home) and os.path.exists(os.path.join(home, "bin", "java"))
