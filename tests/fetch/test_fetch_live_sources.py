"""The issue's acceptance: against the fake public services on loopback, a first `iceout fetch`
survives one 503 and one cut download, and the report then shows GardaWorld's ICE task order
70CDCR26FR0000043 and its CBSA contracts; a second fetch (inside `iceout run`) changes no totals
and `iceout diff` reports nothing new.

The CBSA contracts come from the live current-layout contracts dataset alone (the fake serves
canada/current_layout/... as that resource): the legacy 1999-2015 file is neither served nor
ingested here.
"""

import json
from collections.abc import Callable
from typing import Any

import pytest

from iceout.report.site import family_page

GARDA_TASK_ORDER = "70CDCR26FR0000043"
GARDA_CBSA = {"4747771444", "2007005035"}
SEMA_RECORDS = 5_690  # the list the stand-in serves: real records as of 2026-08-22


@pytest.fixture(scope="module")
def live(services: Any, iceout_for: Callable, totals: Callable, tmp_path_factory: Any) -> dict:
    services.reset()
    root = tmp_path_factory.mktemp("live")
    db, out = root / "store.duckdb", root / "report"
    iceout = iceout_for(root / "home")
    services.inject("/api/v2/search/spending_by_transaction/", "503")
    services.inject(services.contracts_path, "cut")
    first = iceout("fetch", "--db", str(db))
    after_first = totals(db) if first.returncode == 0 else {}
    faults = [dict(r) for r in services.log if r.get("fault")]
    resumed = [r for r in services.requests(services.contracts_path) if r.get("status") == 206]
    report = iceout("run", "--offline", "--db", str(db), "--out", str(out))
    ok = report.returncode == 0
    exposure = json.loads((out / "exposure.json").read_text(encoding="utf-8")) if ok else {}
    services.log.clear()
    second = iceout("run", "--db", str(db), "--out", str(out))
    second_log = list(services.log)
    diff = iceout("diff", "--db", str(db))
    listed = iceout("sources", "--db", str(db))
    return {
        "db": db,
        "out": out,
        "first": first,
        "after_first": after_first,
        "faults": faults,
        "resumed": resumed,
        "report": report,
        "exposure": exposure,
        "second": second,
        "second_log": second_log,
        "after_second": totals(db),
        "diff": diff,
        "sources": listed,
    }


def test_first_fetch_survives_a_503_and_a_cut_download(live: dict) -> None:
    first = live["first"]
    assert first.returncode == 0, first.stderr
    assert {f["fault"] for f in live["faults"]} == {"503", "cut"}
    assert "HTTP 503" in first.stderr and "retry 1/" in first.stderr
    # the cut download was resumed where it stopped, not started again
    assert live["resumed"] and live["resumed"][0]["headers"]["Range"].startswith("bytes=")
    assert "Traceback" not in first.stderr


def test_the_report_shows_gardaworlds_ice_task_order_and_cbsa_contracts(live: dict) -> None:
    assert live["report"].returncode == 0, live["report"].stderr
    garda = [f for f in live["exposure"]["families"] if f["family_id"] == "gardaworld"]
    assert garda, "GardaWorld is not in the report"
    task = [a for a in garda[0]["us_awards"] if a["award_id"] == GARDA_TASK_ORDER]
    assert task and task[0]["component"] == "ICE"
    cbsa = {
        r["reference"]
        for r in garda[0]["canadian_records"]
        if r["department"] == "Canada Border Services Agency"
    }
    assert GARDA_CBSA <= cbsa
    assert live["exposure"]["demo"] is False
    page = live["out"] / family_page("gardaworld")  # linked from the summary, report.html
    assert GARDA_TASK_ORDER in page.read_text(encoding="utf-8")


def test_every_fetched_row_of_the_services_is_stored(live: dict, services: Any) -> None:
    # 57,476 rows published; a transaction repeated exactly (same award, modification, date and
    # amount) is stored once: 57,350
    published = {
        (
            r["generated_internal_id"].upper(),
            r["Mod"] or "0",
            r["Action Date"],
            r["Transaction Amount"],
        )
        for rows in services.transactions.values()
        for r in rows
    }
    assert live["after_first"]["src_us_transactions"] == len(published) == 57_350
    assert live["after_first"]["contract"] == 14_425  # 14,449 rows, 24 exact repeats
    # the Public Accounts open-data CSV is stored as payments, and nothing else is
    assert live["after_first"]["payment"] > 0
    assert live["after_first"]["src_ca_records"] == 14_425 + live["after_first"]["payment"]
    assert live["after_first"]["src_sanctions"] == SEMA_RECORDS
    assert live["after_first"]["src_us_awards"] > 0 and live["after_first"]["src_us_subawards"] > 0


def test_a_second_fetch_changes_no_totals(live: dict) -> None:
    assert live["second"].returncode == 0, live["second"].stderr
    assert live["after_second"] == live["after_first"]
    # unchanged files are asked for conditionally and not downloaded again
    csv_gets = [
        r for r in live["second_log"] if r["path"].endswith(".csv") or r["path"].endswith(".xml")
    ]
    assert csv_gets and all(r["status"] == 304 for r in csv_gets)
    assert "DEMO" not in live["second"].stderr


def test_diff_after_the_second_fetch_reports_nothing_new(live: dict) -> None:
    diff = live["diff"]
    assert diff.returncode == 0, diff.stderr
    assert diff.stdout == ""
    assert "nothing new" in diff.stderr
    alerts = json.loads((live["out"] / "alerts.json").read_text(encoding="utf-8"))
    assert alerts["changes"] == [] and alerts["previous"] is not None


def test_sources_lists_the_provenance_of_every_fetched_file(live: dict) -> None:
    listed = live["sources"]
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    header = lines[0].split("\t")
    assert header[:3] == ["source", "request", "retrieved_at"] and "sha256" in header
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    assert {r["source"] for r in rows} == {"usaspending", "open_canada", "sema"}
    contracts = [r for r in rows if r["request"].startswith("contracts ")]
    assert contracts[0]["rows"] == contracts[0]["expected_rows"] == "14449"
    assert all(len(r["sha256"]) == 64 and r["url"].startswith("http://127.0.0.1:") for r in rows)
