"""The main job end to end: `iceout run` on ../shared/data and on the bundled demo dataset."""

import csv
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from iceout import db as store
from iceout.cli import app
from iceout.normalize.tables import build_normalized
from iceout.report.exposure import build_exposure
from iceout.screen.policy import Policy
from iceout.screen.watchlist import build_watchlist

LOOK_ALIKES = [
    "THE THOMSEN CORPORATION",
    "MILLER THOMSON LLP",
    "MCGILL UNIVERSITY",
    "GARDNER PINFOLD",
]


@pytest.fixture(scope="module")
def full_run(built_store: dict) -> dict:
    return built_store


def _family(exposure: dict, family_id: str) -> dict:
    found = [f for f in exposure["families"] if f["family_id"] == family_id]
    assert found, f"{family_id} is not in the report"
    return found[0]


def test_seed_families_have_money_on_both_sides(full_run: dict) -> None:
    for family_id in ["gardaworld", "cgi", "thomson-reuters", "opentext", "g4s"]:
        family = _family(full_run["exposure"], family_id)
        assert family["us_obligations_usd"] > 0 and family["us_awards"], family_id
        assert family["headline"]["value_cad"] > 0 and family["canadian_records"], family_id


def test_gardaworld_shows_the_ice_task_order_and_its_cbsa_contracts(full_run: dict) -> None:
    garda = _family(full_run["exposure"], "gardaworld")
    task = [a for a in garda["us_awards"] if a["award_id"] == "70CDCR26FR0000043"]
    assert task and task[0]["component"] == "ICE"
    assert task[0]["url"].endswith("CONT_AWD_70CDCR26FR0000043_7012_N0002325D0032_9700")
    cbsa = [
        r for r in garda["canadian_records"] if r["department"] == "Canada Border Services Agency"
    ]
    assert {"4747771444", "2007005035"} <= {r["reference"] for r in cbsa}
    # the CBSA contracts are in both the legacy and the current-layout file: counted once
    assert len([r for r in cbsa if r["reference"] == "4747771444"]) == 1
    assert all(r["match"]["explanation"] for r in garda["canadian_records"])


def test_look_alikes_are_not_in_the_report(full_run: dict) -> None:
    names = {
        r["vendor_name"].upper()
        for f in full_run["exposure"]["families"]
        for r in f["canadian_records"]
    }
    for look_alike in LOOK_ALIKES:
        assert not [n for n in names if n.startswith(look_alike)], look_alike


def test_every_figure_is_traceable_to_its_record(full_run: dict) -> None:
    for family in full_run["exposure"]["families"][:20]:
        for award in family["us_awards"]:
            assert re.match(r".+\.csv:row \d+$", award["source"]) and award["url"]
        for record in family["canadian_records"]:
            assert (
                re.match(r".+\.(csv:row|pdf:page) \d+$", record["source"])
                and record["match"]["explanation"]
            )
        for total in family["canadian"]:  # each kind its own total, never added together
            assert total["value_cad"] == pytest.approx(
                sum(
                    r["value_cad"] or 0
                    for r in family["canadian_records"]
                    if r["kind"] == total["kind"]
                )
            )


def test_report_files_are_written_and_self_contained(full_run: dict) -> None:
    out = full_run["out"]
    summary = (out / "report.html").read_text(encoding="utf-8")
    assert 'href="families/gardaworld.html"' in summary
    html = (out / "families" / "gardaworld.html").read_text(encoding="utf-8")
    assert "70CDCR26FR0000043" in html and "GardaWorld" in html
    for page in out.rglob("*.html"):
        assert not re.search(r"<script[^>]+src=|<link[^>]+stylesheet", page.read_text("utf-8"))
    with (out / "exposure.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    exposure = full_run["exposure"]
    assert len(rows) == len(exposure["families"]) + len(exposure["no_obligations"])
    assert {"generated_at", "policy", "families"} <= set(full_run["exposure"])


def test_ice_only_scope_drops_cbp_only_families(full_run: dict, tmp_path: Path) -> None:
    cbp_only = {
        f["family_id"]
        for f in full_run["exposure"]["families"]
        if {a["component"] for a in f["us_awards"]} == {"CBP"}
    }
    assert cbp_only
    out, store = tmp_path / "ice", tmp_path / "ice.duckdb"
    store.write_bytes(full_run["db"].read_bytes())
    result = CliRunner().invoke(
        app, ["run", "--offline", "--db", str(store), "--out", str(out), "--scope", "ice"]
    )
    assert result.exit_code == 0, result.output
    exposure = json.loads((out / "exposure.json").read_text(encoding="utf-8"))
    assert exposure["policy"]["components"] == ["ICE"]
    assert "gardaworld" in {f["family_id"] for f in exposure["families"]}
    assert not cbp_only & {f["family_id"] for f in exposure["families"]}
    assert {a["component"] for f in exposure["families"] for a in f["us_awards"]} == {"ICE"}


def test_reviewer_rejection_persists_across_rebuilds(full_run: dict, tmp_path: Path) -> None:
    store = tmp_path / "judged.duckdb"
    store.write_bytes(full_run["db"].read_bytes())
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "judge",
            "GARDA",
            "gardaworld",
            "negative",
            "--reviewer",
            "A. Analyst",
            "--reason",
            "could be the Irish police",
            "--db",
            str(store),
        ],
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "--offline", "--db", str(store), "--out", str(out)])
    assert result.exit_code == 0, result.output
    garda = _family(json.loads((out / "exposure.json").read_text(encoding="utf-8")), "gardaworld")
    assert "GARDA" not in {r["vendor_name"] for r in garda["canadian_records"]}
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT reviewer FROM rev_judgements").fetchall() == [("A. Analyst",)]


def test_demo_run_without_data(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["run", "--db", str(tmp_path / "demo.duckdb"), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert "DEMO" in result.output
    exposure = json.loads((tmp_path / "out" / "exposure.json").read_text(encoding="utf-8"))
    assert exposure["demo"] is True
    garda = _family(exposure, "gardaworld")
    assert "70CDCR26FR0000043" in {a["award_id"] for a in garda["us_awards"]}
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "demo" in html.lower()


@pytest.mark.parametrize(
    "args, message",
    [
        (["run", "--scope", "everything"], "scope must be one of"),
        (["run", "--from", "last year"], "--from must be a date"),
        (["ingest", "/no/such/place"], "no such file or directory"),
    ],
)
def test_user_mistakes_end_with_a_message_not_a_traceback(
    args: list[str], message: str, tmp_path: Path
) -> None:
    import subprocess
    import sys

    command = [
        str(Path(sys.executable).parent / "iceout"),
        *args,
        "--db",
        str(tmp_path / "x.duckdb"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_a_rebuild_gives_the_same_totals_to_the_last_cent(full_run: dict, tmp_path: Path) -> None:
    """Money is summed in cents: rebuilt from the same records, every amount of the normalised
    awards, the watchlist and the exposure report (per-year US sums, review totals) is the
    same, not off in its last bits."""
    copy = tmp_path / "again.duckdb"
    shutil.copy(full_run["db"], copy)
    con = store.connect(copy)
    build_normalized(con)
    build_watchlist(con, Policy())
    con.execute(f"ATTACH '{full_run['db']}' AS first (READ_ONLY)")
    for table in ("nrm_us_awards", "wl_awards", "wl_families", "wl_award_years"):
        for a, b in ((table, f"first.{table}"), (f"first.{table}", table)):
            differing = con.execute(f"SELECT count(*) FROM (FROM {a} EXCEPT ALL FROM {b})")
            assert differing.fetchone() == (0,), f"{table} differs between two builds"
    again = json.loads(json.dumps(build_exposure(con, Policy()).to_dict(), default=str))
    con.close()
    first = dict(full_run["exposure"])
    assert again.pop("generated_at") and first.pop("generated_at")
    assert again == first
