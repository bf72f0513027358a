"""Fixtures of the Spark tests.

- spark_ready: skips the test when pyspark, pandas, pyarrow, sqlglot or Java is missing (with
  what to install), except under CI=true, where their absence is a failure.
"""

import os

import pytest

from iceout.engines import Engine, EngineError


@pytest.fixture(scope="session")
def spark_ready() -> None:
    try:
        Engine("spark").check()
    except EngineError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the Spark engine cannot run: {exc.message}")
        pytest.skip(f"the Spark engine cannot run here: {exc.message}")
