"""Alerts: each run is compared with the previous run of the same policy; `iceout diff` prints
what is new, and every run writes alerts.json and an Atom feed next to the report.

Data: copies of the bundled demo files (iceout/data/demo, real public rows), first without
Capgemini's Canadian contract and without one of GardaWorld's Transport Canada contracts,
then whole.
"""

import csv
import json
import shutil
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from iceout.pipeline import demo_data_dir

ATOM = "{http://www.w3.org/2005/Atom}"
HELD_BACK = ("CAPGEMINI CANADA INC", "T1704-110008")


def _copy_without(source: Path, target: Path, needles: tuple[str, ...]) -> None:
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    with target.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(
            [rows[0], *(r for r in rows[1:] if not any(n in r for n in needles))]
        )


@pytest.fixture(scope="module")
def runs(iceout_for: Any, services: Any, tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("alerts")
    first, later = root / "first", root / "later"
    first.mkdir(), later.mkdir()
    for path in demo_data_dir().glob("*.csv"):
        shutil.copy(path, later / path.name)
        _copy_without(path, first / path.name, HELD_BACK)
    iceout = iceout_for(root / "home")
    db, out = root / "store.duckdb", root / "out"
    steps: dict[str, Any] = {"out": out}
    steps["run1"] = iceout("run", "--data", str(first), "--db", str(db), "--out", str(out))
    steps["alerts1"] = json.loads((out / "alerts.json").read_text(encoding="utf-8"))
    steps["run2"] = iceout("run", "--offline", "--db", str(db), "--out", str(out))
    steps["diff2"] = iceout("diff", "--db", str(db))
    steps["run3"] = iceout("run", "--data", str(later), "--db", str(db), "--out", str(out))
    steps["diff3"] = iceout("diff", "--db", str(db))
    steps["alerts3"] = json.loads((out / "alerts.json").read_text(encoding="utf-8"))
    steps["feed"] = ET.parse(out / "alerts.atom").getroot()
    steps["run_ice"] = iceout(
        "run", "--offline", "--scope", "ice", "--db", str(db), "--out", str(root / "ice")
    )
    steps["alerts_ice"] = json.loads((root / "ice" / "alerts.json").read_text(encoding="utf-8"))
    return steps


def test_the_first_run_flags_every_family_as_new(runs: dict) -> None:
    assert runs["run1"].returncode == 0, runs["run1"].stderr
    alerts = runs["alerts1"]
    assert alerts["previous"] is None and alerts["changes"]
    assert {c["change"] for c in alerts["changes"]} == {"newly flagged"}
    assert "capgemini" not in {c["family_id"] for c in alerts["changes"]}


def test_a_run_on_the_same_records_reports_nothing_new(runs: dict) -> None:
    assert runs["run2"].returncode == 0, runs["run2"].stderr
    assert runs["diff2"].returncode == 0 and runs["diff2"].stdout == ""
    assert "nothing new" in runs["diff2"].stderr


def test_new_records_are_reported_by_diff_and_in_alerts_json(runs: dict) -> None:
    assert runs["run3"].returncode == 0, runs["run3"].stderr
    changes = {(c["family_id"], c["change"]) for c in runs["alerts3"]["changes"]}
    assert changes == {("capgemini", "newly flagged"), ("gardaworld", "more Canadian records")}
    garda = [c for c in runs["alerts3"]["changes"] if c["family_id"] == "gardaworld"][0]
    assert garda["after"]["canadian_records"] == garda["before"]["canadian_records"] + 1
    lines = runs["diff3"].stdout.splitlines()
    assert len(lines) == 2 and any(
        line.startswith("GardaWorld: more Canadian records") for line in lines
    )


def test_the_atom_feed_holds_the_changes_of_the_recent_runs(runs: dict) -> None:
    feed = runs["feed"]
    assert feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}updated") is not None
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert "Capgemini: newly flagged" in titles and "GardaWorld: more Canadian records" in titles
    ids = [e.findtext(f"{ATOM}id") for e in feed.iter(f"{ATOM}entry")]
    assert len(ids) == len(set(ids)) == len(runs["alerts1"]["changes"]) + 2


def test_a_run_under_another_policy_is_not_compared_with_this_one(runs: dict) -> None:
    assert runs["run_ice"].returncode == 0, runs["run_ice"].stderr
    assert runs["alerts_ice"]["previous"] is None
    assert runs["alerts_ice"]["policy"]["policy"]["scope"] == "ice"
