"""`iceout run` is all or nothing: a real `iceout run` process killed with SIGKILL at several
points leaves the store's derived tables wholly old or wholly new, and the report folder wholly
old or wholly new; the next run removes what the killed one left behind.

"Old" is a run over part of the bundled demo data, "new" the same store after a run over all
of it."""

import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pytest

from iceout.pipeline import demo_data_dir

COMMAND = [sys.executable, "-c", "from iceout.cli import main; main()"]
OLD_FILES = ("demo_legacy_contracts.csv", "demo_fpds_2018_transactions.csv")
REPORT_FILES = {"report.html", "exposure.csv", "exposure.json", "alerts.json", "alerts.atom"}
# (line of progress on stderr that triggers the kill, seconds to wait after it)
KILL_POINTS = [
    ("ingest ...", 0.05),
    ("normalise ...", 0.0),
    ("resolve Canadian names to families ...", 2.0),
    ("build watchlist ...", 0.0),
    ("exposure report: done", 0.0),
    ("exposure report: done", 0.01),
    ("exposure report: done", 0.05),
]


def _run(data: Path, db: Path, out: Path) -> None:
    args = ["run", "--data", str(data), "--db", str(db), "--out", str(out)]
    done = subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr


def _killed_run(data: Path, db: Path, out: Path, trigger: str, delay: float) -> int:
    args = ["run", "--data", str(data), "--db", str(db), "--out", str(out)]
    process = subprocess.Popen(
        [*COMMAND, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr
    for line in process.stderr:
        if line.startswith(trigger):
            time.sleep(delay)
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    return process.pid


def _derived(db: Path) -> dict[str, str]:
    """A digest of every derived table's rows (normalised, resolved, watchlist), without the
    ingest timestamps, with amounts to the cent and lists sorted: what a rerun reproduces."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [
            t
            for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
            if t.startswith(("nrm_", "res_", "wl_"))
        ]
        return {t: _digest(con, t) for t in sorted(tables)}


def _digest(con: duckdb.DuckDBPyConnection, table: str) -> str:
    columns = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?",
        [table],
    ).fetchall()
    parts = [
        f"round({name}, 2)"
        if kind == "DOUBLE"
        else f"list_sort({name})"
        if kind.endswith("[]")
        else name
        for name, kind in columns
        if kind != "TIMESTAMP"
    ]
    row = "concat_ws('\x1f', " + ", ".join(f"coalesce(({p})::VARCHAR, '~')" for p in parts) + ")"
    # table and column names come from the store's own catalogue
    digest = con.execute(
        f"SELECT count(*), md5(coalesce(string_agg(x, '|' ORDER BY x), '')) "
        f"FROM (SELECT {row} AS x FROM {table})"
    ).fetchone()
    return str(digest)


def _files(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("atomic")
    old_data, new_data = root / "old-data", root / "new-data"
    old_data.mkdir()
    for name in OLD_FILES:
        shutil.copy(demo_data_dir() / name, old_data)
    shutil.copytree(demo_data_dir(), new_data)
    old = root / "old"
    old.mkdir()
    _run(old_data, old / "s.duckdb", old / "report")
    new = root / "new"
    shutil.copytree(old, new)
    _run(new_data, new / "s.duckdb", new / "report")
    return {"root": root, "old": old, "new": new, "new_data": new_data}


def test_the_two_states_differ(states: dict) -> None:
    old, new = states["old"], states["new"]
    assert _derived(old / "s.duckdb") != _derived(new / "s.duckdb")
    assert REPORT_FILES <= set(_files(old / "report")) and REPORT_FILES <= set(
        _files(new / "report")
    )
    old_files, new_files = _files(old / "report"), _files(new / "report")
    assert all(old_files[n] != new_files[n] for n in REPORT_FILES)


@pytest.mark.parametrize(("trigger", "delay"), KILL_POINTS)
def test_a_killed_run_leaves_old_or_new(
    states: dict, tmp_path: Path, trigger: str, delay: float
) -> None:
    trial = tmp_path / "trial"
    shutil.copytree(states["old"], trial)
    db, out = trial / "s.duckdb", trial / "report"
    pid = _killed_run(states["new_data"], db, out, trigger, delay)

    derived = _derived(db)
    assert derived in (_derived(states["old"] / "s.duckdb"), _derived(states["new"] / "s.duckdb"))
    report, old_report = _files(out), _files(states["old"] / "report")
    new_csv = (states["new"] / "report" / "exposure.csv").read_bytes()
    is_old = report == old_report
    is_new = (
        REPORT_FILES <= set(report)
        and not any(report[n] == old_report[n] for n in REPORT_FILES)
        and report["exposure.csv"] == new_csv
    )
    assert is_old or is_new, f"report folder mixes old and new: {sorted(report)}"

    _run(states["new_data"], db, out)
    assert _derived(db) == _derived(states["new"] / "s.duckdb")
    assert (out / "exposure.csv").read_bytes() == new_csv
    assert [p.name for p in trial.iterdir() if p.name.startswith(".")] == []
    assert not list(Path(tempfile.gettempdir()).glob(f"iceout-*-{pid}-*"))
