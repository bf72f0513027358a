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


def test_files_skipped_say_why_in_french(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notes.txt").write_text("not data\n", encoding="utf-8")
    (folder / "other.csv").write_text("colour,shape\nred,round\n", encoding="utf-8")
    contracts = next(demo_data_dir().glob("*.csv"))
    (folder / contracts.name).write_bytes(contracts.read_bytes())
    db = str(tmp_path / "s.duckdb")
    for _ in range(2):  # the second time, the file already stored is skipped
        done = subprocess.run(
            [*COMMAND, "--lang", "fr", "ingest", str(folder), "--db", db],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
    assert "notes.txt : ignoré (ni un fichier CSV ni un fichier XML)" in done.stderr
    assert "other.csv : ignoré (structure non reconnue)" in done.stderr
    assert f"{contracts.name} : ignoré (déjà chargé : même contenu (sha256))" in done.stderr
    assert english_left(done.stderr) == []
