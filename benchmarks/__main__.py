"""`make bench`: the main job on ../shared/data, next to a baseline measured in the same run.

Baseline: DuckDB reading the same CSV files with read_csv (no parsing of ours, no matching),
i.e. the floor any ingest of these files pays.
"""

import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from iceout import db, pipeline
from iceout.screen.policy import Policy
from iceout.sources.csvfile import read_header
from iceout.sources.ingest import detect_layout, discover

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def cpu_seconds() -> float:
    """CPU of this process (all threads): the machine is noisy, so ratios are taken on CPU."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def baseline_read(files: list[Path]) -> tuple[float, float]:
    """Wall and CPU seconds of DuckDB reading the files with read_csv."""
    start, cpu = time.perf_counter(), cpu_seconds()
    con = duckdb.connect()
    for path in files:
        con.execute(
            "SELECT count(*) FROM read_csv(?, all_varchar = true, strict_mode = false)", [str(path)]
        ).fetchone()
    return time.perf_counter() - start, cpu_seconds() - cpu


def main() -> int:
    if not SHARED.is_dir():
        print(f"bench: needs {SHARED}", file=sys.stderr)
        return 1
    csv_files = [
        p for p in discover([SHARED]) if detect_layout(read_header(p)) if p.suffix == ".csv"
    ]
    base_wall, base_cpu = baseline_read(csv_files)
    with tempfile.TemporaryDirectory() as tmp:
        con = db.connect(Path(tmp) / "bench.duckdb")
        start, cpu = time.perf_counter(), cpu_seconds()
        result = pipeline.run(con, [SHARED], Path(tmp) / "out", Policy(), lambda _: None)
        wall, run_cpu = time.perf_counter() - start, cpu_seconds() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'measure':<44} {'wall s':>9} {'CPU s':>9}")
    print(f"{'baseline: DuckDB read_csv of the same files':<44} {base_wall:>9.1f} {base_cpu:>9.1f}")
    for stage, seconds in result.timings.items():
        stage_cpu = result.cpu_timings.get(stage, 0.0)
        print(f"{'iceout run: ' + stage:<44} {seconds:>9.1f} {stage_cpu:>9.1f}")
    print(f"{'iceout run: total (target < 60 s wall)':<44} {wall:>9.1f} {run_cpu:>9.1f}")
    print(
        f"ratio to baseline: {wall / base_wall:.1f}x wall, {run_cpu / base_cpu:.1f}x CPU "
        f"(target 3x CPU); peak RSS {peak_mb:,.0f} MB; "
        f"{result.exposure.summary.families} families in the report"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
