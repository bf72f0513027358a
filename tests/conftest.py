"""Shared fixtures.

- shared_data: Path of ../shared/data (real public files). Skips the test when it is absent,
  except under CI=true, where its absence is a failure. Use for anything reading real data.
- offline_services (autouse): the live-service URLs point at a closed loopback port, so no
  test reaches the internet; tests of the connectors start their own servers.
- require_shared: require_shared(path, what) -> path, with the same skip/fail rule.
- query: query(db_path, sql, *params) -> rows, read-only; for asserting on a store.
- built_store: one `iceout run` over all of ../shared/data for the whole session:
  {"db": Path, "out": Path, "output": str, "exposure": dict}. Use read-only; copy the DuckDB
  file (`db`) before writing to it.
- french_report: the report folder of built_store written in French (`iceout run --lang fr`
  does the same: report/html.py, report/site.py, the links' explanations re-made in French by
  resolve/explained.py), read-only; Path of the folder.
"""

import json
import os
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from iceout.cli import app

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


CLOSED_PORT = "http://127.0.0.1:9"


@pytest.fixture(autouse=True, scope="session")
def offline_services() -> None:
    for variable in ("ICEOUT_USASPENDING_URL", "ICEOUT_OPEN_CANADA_URL", "ICEOUT_SEMA_URL"):
        os.environ.setdefault(variable, CLOSED_PORT)


def shared(path: Path, what: str) -> Path:
    """`path` under ../shared, or skip (fail under CI=true) with a clear reason."""
    if not path.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {what} is missing: {path}")
        pytest.skip(f"needs {what} in {path} (absent in this clone)")
    return path


@pytest.fixture(scope="session")
def require_shared() -> Callable[[Path, str], Path]:
    """require_shared(path, what): for tests needing another folder of ../shared."""
    return shared


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return shared(SHARED_DATA, "the real public data")


def _query(db: Path, sql: str, *params: object) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="session")
def query() -> Callable[..., list[tuple]]:
    """query(db_path, sql, *params): rows from a store, read-only."""
    return _query


@pytest.fixture(scope="session")
def built_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("full")
    db, out = root / "store.duckdb", root / "report"
    result = CliRunner().invoke(
        app, ["run", "--data", str(shared_data), "--db", str(db), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return {
        "db": db,
        "out": out,
        "output": result.output,
        "exposure": json.loads((out / "exposure.json").read_text(encoding="utf-8")),
    }


@pytest.fixture(scope="session")
def french_report(built_store: dict, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from iceout import pipeline
    from iceout.report.exposure import build_exposure
    from iceout.resolve import explained
    from iceout.screen.policy import Policy

    out = tmp_path_factory.mktemp("report-fr")
    with duckdb.connect(str(built_store["db"]), read_only=True) as con:
        policy = Policy()
        exposure = build_exposure(con, policy)
        views = pipeline.views_of(con, policy)
        why = explained.of_store(con, "fr")
        pipeline.write_outputs(exposure, out, views, "fr", False, why)
    return out
