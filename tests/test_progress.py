"""The heartbeat of long steps (iceout/progress.py): it speaks while a step runs, then stops,
in the command's language."""

import subprocess
import sys
import time
from pathlib import Path

from iceout.i18n.catalogue import english_left
from iceout.i18n.message import Message
from iceout.pipeline import demo_data_dir
from iceout.progress import heartbeat

COMMAND = [sys.executable, "-c", "from iceout.cli import main; main()"]


def test_a_long_step_reports_until_it_ends() -> None:
    said: list[str | Message] = []
    with heartbeat("resolve Canadian names", said.append, every=0.05):
        time.sleep(0.28)
    count = len(said)
    time.sleep(0.15)
    assert 3 <= count <= 6 and len(said) == count
    assert str(said[0]).startswith("resolve Canadian names: still working (")


def test_a_short_step_says_nothing() -> None:
    said: list[str | Message] = []
    with heartbeat("normalise", said.append, every=5):
        pass
    assert said == []


def test_a_long_step_in_french_says_so_in_french() -> None:
    said: list[str | Message] = []
    with heartbeat(Message("resolve Canadian names to families"), said.append, every=0.05):
        time.sleep(0.12)
    shown = said[0].render("fr") if isinstance(said[0], Message) else said[0]
    assert shown.startswith("rattachement des noms canadiens aux familles : toujours en cours (")
    assert english_left(shown) == []


def test_a_run_in_french_reports_its_steps_and_files_in_french(tmp_path: Path) -> None:
    args = [
        "--lang",
        "fr",
        "run",
        "--data",
        str(demo_data_dir()),
        "--db",
        str(tmp_path / "s.duckdb"),
    ]
    done = subprocess.run(
        [*COMMAND, *args, "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert "ingestion…" in lines and "rattachement des noms canadiens aux familles…" in lines
    assert any(" : terminé en " in line for line in lines)
    assert any(" lignes, " in line and " déjà stockées, " in line for line in lines)
    assert english_left(done.stderr) == []
