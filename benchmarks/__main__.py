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


def baseline_read(files: list[Path]) -> float:
    start = time.perf_counter()
    con = duckdb.connect()
    for path in files:
        con.execute(
            "SELECT count(*) FROM read_csv(?, all_varchar = true, strict_mode = false)", [str(path)]
        ).fetchone()
    return time.perf_counter() - start


def main() -> int:
    if not SHARED.is_dir():
        print(f"bench: needs {SHARED}", file=sys.stderr)
        return 1
    csv_files = [
        p for p in discover([SHARED]) if detect_layout(read_header(p)) if p.suffix == ".csv"
    ]
    base = baseline_read(csv_files)
    with tempfile.TemporaryDirectory() as tmp:
        con = db.connect(Path(tmp) / "bench.duckdb")
        start = time.perf_counter()
        result = pipeline.run(con, [SHARED], Path(tmp) / "out", Policy(), lambda _: None)
        total = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'measure':<44} {'seconds':>9}")
    print(f"{'baseline: DuckDB read_csv of the same files':<44} {base:>9.1f}")
    for stage, seconds in result.timings.items():
        print(f"{'iceout run: ' + stage:<44} {seconds:>9.1f}")
    print(f"{'iceout run: total (target < 60 s)':<44} {total:>9.1f}")
    print(
        f"ratio to baseline: {total / base:.1f}x; peak RSS {peak_mb:,.0f} MB; "
        f"{result.exposure['summary']['families']} families in the report"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
