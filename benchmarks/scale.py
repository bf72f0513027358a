"""`make bench`: growth with size, both engines in one run (issue 11, "Measured growth").

The real files of ../shared/data are scaled up x1, x4 and x16 rows: ICE's FPDS 2018
transactions, the curated parents, the prime award summaries and subawards, and every 5th
current-layout Canadian contract. Copy 0 is the files as published; every further copy gets
new award ids, new DUNS/UEI numbers and, for about half of its companies, a perturbed name
(a typo, two words swapped, another legal suffix), so blocking meets names it has not seen.

Each step runs in a child process, one at a time, and is measured as a process tree: wall
time, CPU seconds of the whole tree (this process is made a child subreaper, so the Spark JVM
and its Python workers are reaped here and their CPU counted in RUSAGE_CHILDREN), peak memory
(the tree's resident memory summed from /proc, sampled), and the temporary disk the engine
wrote (DuckDB's temp_directory; Spark's local dirs: shuffle and spill). Steps:

- ingest: `ingest_paths()` into a new store (the baseline: it reads every row once);
- spark-ingest: the same into another new store, the large files parsed on Spark's workers
  (`iceout/engines/spark.py` `file_reader()`); its fingerprint of the stored records (src_*,
  quarantine, provenance but the time of ingest) must equal the baseline's;
- duckdb: the rebuild and the exposure report on a copy of that store, DuckDB's defaults;
- spark: the same on Spark, local mode;
- duckdb at the largest size again under a 256 MB memory limit: it must finish by spilling.

The growth exponent is the slope of log(CPU seconds) over log(rows) across the sizes: 1 is
linear. Run: `python -m benchmarks.scale [--sizes 1,4,16] [--engines duckdb,spark]`.
"""

import argparse
import csv
import ctypes
import hashlib
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
US = SHARED / "usaspending"
BASE_FILES = [
    US / "fpds_2018_ice" / "ice_awards_fy13_fy18.csv",
    US / "ice_awards_2018_curated_parents.csv",
    *sorted((US / "prime_award_summaries").glob("*.csv")),
    *sorted((US / "subawards").glob("*.csv")),
]
CANADIAN = SHARED / "canada" / "current_layout" / "contracts_current_layout_cbsa_cic_ps.csv"
CANADIAN_EVERY = 5
SIZES = (1, 4, 16)
LOW_MEMORY = "256MB"
SPARK_MASTER = "local[2]"

ID_COLUMNS = {
    "award_id_piid",
    "parent_award_id",
    "parent_award_id_piid",
    "contract_award_unique_key",
    "assistance_award_unique_key",
    "award_id_fain",
    "prime_award_unique_key",
    "prime_award_piid",
    "prime_award_parent_piid",
    "subaward_number",
    "award_id",
    "reference_number",
    "procurement_id",
}
NAME_COLUMNS = {
    "recipient_name",
    "recipient_name_raw",
    "recipient_parent_name",
    "recipient_parent_name_raw",
    "parent_name",
    "prime_awardee_name",
    "prime_awardee_parent_name",
    "subawardee_name",
    "subawardee_parent_name",
    "vendor_name",
}
SUFFIXES = ["INC", "LLC", "CORP", "LTD", "CO", "CORPORATION", "INCORPORATED", "GROUP"]
UEI_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ123456789"
PR_SET_CHILD_SUBREAPER = 36


# --- scaled data -------------------------------------------------------------------------


def perturbed(name: str, copy: int) -> str:
    """The name as copy `copy` spells it: about half of the names, chosen per name and copy
    (so one company is spelt alike on all its rows), get a typo, a swap or another suffix."""
    rng = random.Random(f"{copy}|{name.upper()}")
    if not name.strip() or rng.random() < 0.5:
        return name
    words = name.split()
    kind = rng.choice(("typo", "swap", "suffix"))
    if kind == "swap" and len(words) >= 2:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    elif kind == "suffix" or len(words) < 2:
        if words[-1].upper().strip(".,") in SUFFIXES:
            words = words[:-1]
        words.append(rng.choice(SUFFIXES))
    else:
        i = max(range(len(words)), key=lambda w: (len(words[w]), -w))
        word = words[i]
        at = rng.randrange(1, len(word)) if len(word) > 1 else 0
        words[i] = rng.choice(
            (word[:at] + word[at + 1 :], word[:at] + word[at] + word[at:], word + "S")
        )
    return " ".join(words)


def _digits(value: str, copy: int, length: int) -> str:
    number = int(hashlib.sha1(f"{copy}|{value}".encode()).hexdigest(), 16)
    return str(number % 10**length).zfill(length)


def _uei(value: str, copy: int) -> str:
    digest = hashlib.sha1(f"{copy}|{value}".encode()).digest()
    return "".join(UEI_LETTERS[b % len(UEI_LETTERS)] for b in digest[:12])


def copied_value(column: str, value: str, copy: int) -> str:
    """A value of copy `copy` (copy 0: as published)."""
    if copy == 0 or not value:
        return value
    if column in ID_COLUMNS:
        return f"{value}X{copy}"
    if column.endswith("_duns"):
        return _digits(value, copy, 9)
    if column.endswith("_uei"):
        return _uei(value, copy)
    if column in NAME_COLUMNS:
        return perturbed(value, copy)
    if column == "company_combo":
        return "||".join(perturbed(part, copy) for part in value.split("||"))
    return value


def write_scaled(source: Path, target: Path, copies: int, every: int = 1) -> int:
    """`copies` copies of `source`'s rows (every `every`th) into `target`; rows written."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [row for i, row in enumerate(reader) if i % every == 0]
    bom = source.read_bytes()[:3] == b"\xef\xbb\xbf"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for copy in range(copies):
            for row in rows:
                writer.writerow(
                    [copied_value(c, v, copy) for c, v in zip(header, row, strict=False)]
                )
    return len(rows) * copies


def scaled_data(folder: Path, copies: int) -> int:
    """The scaled files under `folder`; the number of data rows written."""
    rows = sum(write_scaled(path, folder / path.relative_to(SHARED), copies) for path in BASE_FILES)
    return rows + write_scaled(
        CANADIAN, folder / CANADIAN.relative_to(SHARED), copies, CANADIAN_EVERY
    )


# --- measuring a process tree -------------------------------------------------------------


@dataclass
class Measure:
    wall: float
    cpu: float
    peak_mb: float
    temp_mb: float
    answer: dict[str, float | str]


def _descendants_rss(root: int) -> int:
    """Resident bytes of every process below `root` (orphans reparent to it: subreaper)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
            with open(f"/proc/{entry}/statm", "rb") as handle:
                resident = int(handle.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = resident * page
    total, stack = 0, list(children.get(root, []))
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def _folder_bytes(folders: list[Path]) -> int:
    total = 0
    for folder in folders:
        for path, _, names in os.walk(folder):
            for name in names:
                try:
                    total += os.lstat(os.path.join(path, name)).st_size
                except OSError:
                    pass
    return total


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(command: list[str], temp: list[Path], env: dict[str, str]) -> Measure:
    """Run `command` to its end and every process it left behind; measure the tree."""
    me = os.getpid()
    cpu, start = _children_cpu(), time.perf_counter()
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _descendants_rss(me))
            peak[1] = max(peak[1], _folder_bytes(temp))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    out, err = child.communicate()
    wall = time.perf_counter() - start
    _reap_orphans(deadline=time.monotonic() + 60)
    done.set()
    sampler.join()
    if child.returncode != 0:  # shown in the table: a step that fails is a finding here
        print(err, file=sys.stderr)
        errors = [line for line in err.splitlines() if "Error" in line] or ["exit code"]
        answer = {"FAILED": errors[-1].strip()[:90]}
    else:
        answer = json.loads(out.strip().splitlines()[-1])
    return Measure(wall, _children_cpu() - cpu, peak[0] / 2**20, peak[1] / 2**20, answer)


def _reap_orphans(deadline: float) -> None:
    """Wait for what the child left running (the Spark JVM), so its CPU is counted."""
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.1)


# --- the steps, in child processes --------------------------------------------------------


def step(name: str, store: Path, data: Path, memory_limit: str | None, temp: Path) -> dict:
    """One measured step (in its own process); returns what it produced, to compare."""
    from iceout import db, pipeline
    from iceout.engines import DUCKDB, Engine
    from iceout.report.exposure import build_exposure
    from iceout.screen.policy import Policy
    from iceout.sources.ingest import ingest_paths

    con = db.connect(store, memory_limit=memory_limit, temp_directory=temp)
    if name in ("ingest", "spark-ingest"):
        reader = None
        if name == "spark-ingest":
            from iceout.engines.spark import file_reader

            reader = file_reader(con, SPARK_MASTER)
        summary = ingest_paths(con, [data], lambda _: None, reader)
        answer = {"records": sum(f.rows_loaded for f in summary.loaded), "sha": fingerprint(con)}
        con.close()  # checkpointed: the engines' steps start from copies of this one file
        return answer
    engine = DUCKDB if name == "duckdb" else Engine("spark", SPARK_MASTER)
    policy = Policy()
    with db.transaction(con):
        pipeline.rebuild(con, policy, lambda _: None, engine=engine)
        exposure = build_exposure(con, policy)
    links = con.execute("SELECT count(*) FROM res_ca_links").fetchone()
    con.close()
    return {
        "families": exposure.summary.families,
        "links": links[0] if links else 0,
        "obligations": round(exposure.summary.us_obligations_usd),
    }


def fingerprint(con: Any) -> str:
    """One hash of every stored record, quarantine row and file (but the time of ingest)."""
    digest = 0
    for (table,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'src_%' ORDER BY 1"
    ).fetchall():
        row = con.execute(
            f"SELECT bit_xor(hash(r)) FROM (SELECT * EXCLUDE (ingested_at) FROM {table}) r"
            if table != "src_fetched_files"
            else f"SELECT bit_xor(hash(r)) FROM {table} r"
        ).fetchone()
        digest ^= int(row[0] or 0) if row else 0
    return f"{digest:016x}"[:8]


def run_size(
    copies: int, engines: list[str], folder: Path, largest: bool
) -> tuple[int, dict[str, Measure]]:
    data, store = folder / "data", folder / "ingested.duckdb"
    rows = scaled_data(data, copies)
    results: dict[str, Measure] = {}
    configs = [("ingest", "ingest", None)]
    configs += [("spark-ingest", "spark-ingest", None)] if "spark" in engines else []
    configs += [(e, e, None) for e in engines]
    if largest and "duckdb" in engines:
        configs.append((f"duckdb {LOW_MEMORY}", "duckdb", LOW_MEMORY))
    for label, name, limit in configs:
        target = store if name == "ingest" else folder / f"{label.replace(' ', '-')}.duckdb"
        if name not in ("ingest", "spark-ingest"):
            shutil.copy(store, target)
        temp = folder / f"{label.replace(' ', '-')}.tmp"
        spark_dirs = folder / f"{label.replace(' ', '-')}.spark"
        env = {**os.environ, "SPARK_LOCAL_DIRS": str(spark_dirs)}
        command = [sys.executable, "-m", "benchmarks.scale", "--step", name]
        command += ["--store", str(target), "--data", str(data), "--temp", str(temp)]
        command += ["--memory-limit", limit] if limit else []
        print(f"x{copies} {label} ...", file=sys.stderr, flush=True)
        results[label] = measure(command, [temp, spark_dirs], env)
        print(f"x{copies} {label}: {results[label]}", file=sys.stderr, flush=True)
        if name != "ingest":
            target.unlink()
            shutil.rmtree(temp, ignore_errors=True)
            shutil.rmtree(spark_dirs, ignore_errors=True)
    return rows, results


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(y) over log(x)."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(max(y, 1e-3)) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / spread


def report(sizes: dict[int, tuple[int, dict[str, Measure]]]) -> None:
    head = f"{'size':>5} {'rows':>8} {'step':<13} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} "
    print(head + f"{'temp MB':>8} {'rows/s':>8} {'CPU/ingest':>10}  answer")
    for copies, (rows, results) in sizes.items():
        base = results["ingest"].cpu
        for label, m in results.items():
            answer = " ".join(
                f"{k}={v:,}" if isinstance(v, int | float) else f"{k}: {v}"
                for k, v in m.answer.items()
            )
            print(
                f"x{copies:<4} {rows:>8,} {label:<13} {m.wall:>8.1f} {m.cpu:>8.1f} "
                f"{m.peak_mb:>8,.0f} {m.temp_mb:>8,.0f} {rows / m.wall:>8,.0f} "
                f"{m.cpu / base:>9.1f}x  {answer}"
            )
    if len(sizes) < 2:
        return
    labels = [label for label in next(iter(sizes.values()))[1] if label.count(" ") == 0]
    print("growth exponent (slope of log time over log rows; 1 = linear):")
    for label in labels:
        cpu = [(rows, results[label].cpu) for rows, results in sizes.values()]
        wall = [(rows, results[label].wall) for rows, results in sizes.values()]
        memory = [(rows, results[label].peak_mb) for rows, results in sizes.values()]
        print(
            f"  {label:<8} CPU {slope(cpu):.2f}  wall {slope(wall):.2f}  "
            f"peak memory {slope(memory):.2f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--engines", default="duckdb,spark")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--temp", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--memory-limit", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        answer = step(args.step, args.store, args.data, args.memory_limit, args.temp)
        print(json.dumps(answer))
        return 0
    if not CANADIAN.is_file():
        print(f"bench: needs {SHARED}", file=sys.stderr)
        return 1
    engines = [e for e in args.engines.split(",") if e]
    if "spark" in engines:
        from iceout.engines import Engine, EngineError

        try:
            Engine("spark").check()
        except EngineError as exc:
            print(f"bench: Spark left out: {exc.message}", file=sys.stderr)
            engines.remove("spark")
    # orphans (the Spark JVM, its Python workers) are reparented here and reaped here
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    sizes = {}
    with tempfile.TemporaryDirectory(prefix="iceout-scale-") as tmp:
        wanted = [int(s) for s in args.sizes.split(",")]
        for copies in wanted:
            folder = Path(tmp) / f"x{copies}"
            sizes[copies] = run_size(copies, engines, folder, copies == max(wanted))
            shutil.rmtree(folder, ignore_errors=True)
    report(sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
