"""The main job, stage by stage: ingest -> normalise -> resolve -> watchlist -> report."""

import gc
import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import duckdb

from iceout.db import transaction
from iceout.engines import DUCKDB, Engine
from iceout.engines.parquet import drop_parquet_views
from iceout.i18n.message import Figure, Message
from iceout.normalize.tables import build_normalized
from iceout.progress import Progress, heartbeat
from iceout.report.alerts import write_alerts
from iceout.report.csv_out import write_csv
from iceout.report.exposure import build_exposure
from iceout.report.html import render_html
from iceout.report.records import Exposure
from iceout.report.site import render_site
from iceout.report.views import PolicyViews, policy_views
from iceout.resolve import explained
from iceout.resolve.families import load_families
from iceout.resolve.links import build_ca_links, standing_links
from iceout.resolve.us_families import build_us_families
from iceout.screen.policy import Policy
from iceout.screen.watchlist import build_watchlist
from iceout.sources.ingest import IngestSummary, ingest_paths
from iceout.staging import staged_folder


def demo_data_dir() -> Path:
    return Path(str(files("iceout").joinpath("data/demo")))


def store_is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("SELECT count(*) FROM src_files WHERE rows_loaded > 0").fetchone()
    return not (row and row[0])


def uses_demo(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the bundled demo files are among what is stored: the report must say so."""
    row = con.execute(
        "SELECT count(*) FROM src_files WHERE starts_with(path, ?)", [str(demo_data_dir())]
    ).fetchone()
    return bool(row and row[0])


@dataclass
class RunResult:
    ingest: IngestSummary
    exposure: Exposure
    outputs: list[Path]
    timings: dict[str, float] = field(default_factory=dict)
    cpu_timings: dict[str, float] = field(default_factory=dict)  # CPU s of this process


class _Timer:
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.timings: dict[str, float] = {}
        self.cpu_timings: dict[str, float] = {}

    def __call__(self, stage: Message, work: Callable[[], Any]) -> Any:
        self.progress(Message("%(step)s ...", step=stage))
        start, cpu = time.perf_counter(), time.process_time()
        with heartbeat(stage, self.progress):
            result = work()
        self.timings[str(stage)] = time.perf_counter() - start
        self.cpu_timings[str(stage)] = time.process_time() - cpu
        took = Figure(self.timings[str(stage)], "0.0")
        self.progress(Message("%(step)s: done in %(seconds)ss", step=stage, seconds=took))
        return result


@contextmanager
def collector_paused() -> Iterator[None]:
    """A build makes millions of small objects that live until it ends (parsed rows, name
    profiles, cached comparisons) and frees them by reference counting, not cycles: the
    cycle collector would scan them over and over for nothing (a third of the CPU of
    profiling every name). Paused for the build, then one collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect()


def rebuild(
    con: duckdb.DuckDBPyConnection,
    policy: Policy,
    progress: Progress,
    timer: _Timer | None = None,
    engine: Engine = DUCKDB,
) -> None:
    """Recompute every derived table from the stored records (and the reviewers' judgements)."""
    with collector_paused():
        _rebuild(con, policy, progress, timer or _Timer(progress), engine)


def _rebuild(
    con: duckdb.DuckDBPyConnection,
    policy: Policy,
    progress: Progress,
    timer: _Timer,
    engine: Engine,
) -> None:
    families = load_families()
    if engine.spark:
        from iceout.engines.spark import rebuild_on_spark  # pyspark loads only when asked

        rebuild_on_spark(con, policy, timer, families, engine.spark_master)
        return
    drop_parquet_views(con)
    timer(Message("normalise"), lambda: build_normalized(con))
    timer(Message("group US recipients into families"), lambda: build_us_families(con, families))
    timer(Message("resolve Canadian names to families"), lambda: build_ca_links(con))
    timer(Message("build watchlist"), lambda: build_watchlist(con, policy))


def run(
    con: duckdb.DuckDBPyConnection,
    data: Iterable[Path],
    out: Path,
    policy: Policy,
    progress: Progress,
    lang: str = "en",
    engine: Engine = DUCKDB,
    single_file: bool = False,
) -> RunResult:
    """Ingest `data`, rebuild, and write the report into `out`: a summary page (report.html)
    with pages per family and per policy view, or, with `single_file`, the whole report as one
    self-contained report.html."""
    with collector_paused():
        return _run(con, data, out, policy, progress, lang, engine, single_file)


def _run(
    con: duckdb.DuckDBPyConnection,
    data: Iterable[Path],
    out: Path,
    policy: Policy,
    progress: Progress,
    lang: str,
    engine: Engine,
    single_file: bool,
) -> RunResult:
    timer = _Timer(progress)
    reader = None
    if engine.spark:
        from iceout.engines.spark import file_reader  # pyspark loads only when asked

        reader = file_reader(con, engine.spark_master, progress)
    summary = timer(Message("ingest"), lambda: ingest_paths(con, data, progress, reader))
    demo = uses_demo(con)
    # One transaction: a killed run leaves every derived table as it was, never half rebuilt.
    with transaction(con):
        rebuild(con, policy, progress, timer, engine)
        exposure = timer(Message("exposure report"), lambda: build_exposure(con, policy, demo=demo))
        views = timer(Message("policy views"), lambda: views_of(con, policy))
    why = explained.of_store(con, lang)  # the links' explanations in the report's language
    with staged_folder(out) as staging:
        written = write_outputs(exposure, staging, views, lang, single_file, why)
        written += write_alerts(con, exposure, staging)
    return RunResult(
        summary, exposure, [out / p.name for p in written], timer.timings, timer.cpu_timings
    )


def views_of(con: duckdb.DuckDBPyConnection, policy: Policy) -> PolicyViews:
    return policy_views(con, standing_links(con).matched(), policy.scope)


def write_outputs(
    exposure: Exposure,
    out: Path,
    views: PolicyViews | None = None,
    lang: str = "en",
    single_file: bool = False,
    why: explained.Why = explained.as_stored,
) -> list[Path]:
    """exposure.csv/json and report.html: with `views`, report.html is the summary page of the
    report's pages (report/site.py); without, or with `single_file`, it is the whole report in
    one file, with the policy views when they are given."""
    out.mkdir(parents=True, exist_ok=True)
    html_path, csv_path, json_path = (
        out / "report.html",
        out / "exposure.csv",
        out / "exposure.json",
    )
    if views is None or single_file:
        html_path.write_text(render_html(exposure, lang, views, why), encoding="utf-8")
    else:
        for name, content in render_site(exposure, views, lang, why).items():
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
    write_csv(exposure, csv_path)
    json_path.write_text(
        json.dumps(exposure.to_dict(), indent=2, ensure_ascii=False, default=str),
        encoding="utf-8",
    )
    return [html_path, csv_path, json_path]
