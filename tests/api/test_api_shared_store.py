"""One store, many users (issue 13, item 6): while a real `iceout serve` holds a store, the
command line (run as subprocesses, as a user runs it) screens, checks claims, records a
decision and creates a key through the server, never hitting DuckDB's lock; a command that
cannot go through the server says what to do; a command waits its turn behind another
command. The screening log holds each screening with who, when, what and the answer."""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pytest

FIXTURES = Path(__file__).parents[1] / "fixtures"
ICEOUT = [sys.executable, "-c", "from iceout.cli import main; main()"]


def _iceout(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*ICEOUT, *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


def _clean(done: subprocess.CompletedProcess) -> None:
    """What a user must never see."""
    assert "Traceback" not in done.stderr and "IO Error" not in done.stderr, done.stderr


@pytest.fixture(scope="module")
def serving(own_api):
    """A real `iceout serve` on a store of its own (the module's own_api)."""
    return own_api


def _sheet_rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_export_goes_through_the_running_server(serving, built_store: dict, tmp_path: Path) -> None:
    """First in this module: the store is still as built (later tests record decisions)."""
    _, store = serving
    exposure = built_store["exposure"]
    everyone = exposure["families"] + exposure["no_obligations"]
    path = tmp_path / "exposure.xlsx"
    path.write_bytes(b"the previous export")
    done = _iceout("export", "--format", "xlsx", "--output", str(path), "--db", str(store.db))
    _clean(done)
    assert done.returncode == 0, done.stderr
    assert "exporting through `iceout serve`" in done.stderr
    assert f"{len(exposure['families'])} families" in done.stderr
    book = openpyxl.load_workbook(path)
    assert [f["family_id"] for f in _sheet_rows(book["families"])] == [
        f["family_id"] for f in everyone
    ]
    records = _sheet_rows(book["Canadian records"])
    assert len(records) == sum(len(f["canadian_records"]) for f in everyone)
    assert len(_sheet_rows(book["US awards"])) == sum(len(f["us_awards"]) for f in everyone)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exposure.xlsx"]  # no temporary left

    ice = tmp_path / "ice.csv"
    done = _iceout(
        "export", "--format", "csv", "--scope", "ice", "--output", str(ice), "--db", str(store.db)
    )
    _clean(done)
    with ice.open(encoding="utf-8-sig", newline="") as handle:
        ice_families = [r["family_id"] for r in csv.DictReader(handle)]
    assert 0 < len(ice_families) < len(everyone)

    wrong = _iceout(
        "--lang", "fr", "export", "--format", "pdf", "--output", str(path), "--db", str(store.db)
    )
    _clean(wrong)
    assert wrong.returncode == 2 and "--format doit être l'un de xlsx, ftm, csv" in wrong.stderr
    assert openpyxl.load_workbook(path).sheetnames[0] == "summary"  # the last export, whole


def test_commands_work_through_the_running_server(serving, tmp_path: Path) -> None:
    server, store = serving
    db = str(store.db)
    names = tmp_path / "names.csv"
    names.write_text('name\n"GEO GROUP, INC., THE"\nBoulangerie Saint-Roch\n', encoding="utf-8")

    screened = _iceout("screen", "--input", str(names), "--db", db)
    _clean(screened)
    assert screened.returncode == 0, screened.stderr
    rows = list(csv.DictReader(screened.stdout.splitlines()))
    assert [r["decision"] for r in rows] == ["match", "clear"]
    assert "GEO" in rows[0]["family"].upper() and int(rows[0]["evidence"]) > 0

    parties = _iceout(
        "screen-parties", "--input", str(FIXTURES / "parties/application.csv"), "--db", db
    )
    _clean(parties)
    assert parties.returncode == 0 and "application: match" in parties.stderr

    claims = _iceout("claims", str(FIXTURES / "claims_canadian.txt"), "--db", db)
    _clean(claims)
    assert claims.returncode == 0, claims.stderr
    assert "through `iceout serve`" in claims.stderr and '"claims"' in claims.stdout
    with server.client() as client:
        stored = client.get("/api/claims").json()
    assert "claims_canadian.txt" in [d["document"] for d in stored["documents"]]

    key = _iceout("keys", "create", "--role", "reviewer", "--name", "Kim Keys", "--db", db)
    _clean(key)
    assert key.returncode == 0 and "through `iceout serve`" in key.stderr
    with server.client(key.stdout.strip()) as client:
        assert client.get("/api/me").json()["name"] == "Kim Keys"
        item = client.get("/api/review", params={"limit": 1}).json()["items"][0]

    judged = _iceout(
        "judge", item["name"], item["family_id"], "negative", "--reason", "Another firm",
        "--reviewer", "Jo Judge", "--db", db,
    )  # fmt: skip
    _clean(judged)
    assert judged.returncode == 0 and "it applies now" in judged.stderr
    with server.client() as client:
        latest = client.get("/api/judgements", params={"limit": 1}).json()["results"][0]
        assert latest["reviewer"].startswith("Jo Judge (command line)")
        assert latest["reason"] == "Another firm"
        queue = client.get("/api/review", params={"limit": 200}).json()["items"]
    assert (item["name"], item["family_id"]) not in [(i["name"], i["family_id"]) for i in queue]

    by_names = _iceout("judge", "A Name", "Another Name", "positive", "--names", "--db", db)
    _clean(by_names)
    assert by_names.returncode == 2
    assert "held by `iceout serve`" in by_names.stderr and "stop the server" in by_names.stderr

    rebuilt = _iceout("run", "--offline", "--db", db, "--out", str(tmp_path / "out"))
    _clean(rebuilt)
    assert rebuilt.returncode == 2 and "held by `iceout serve`" in rebuilt.stderr


def test_the_log_holds_each_screening(serving, chromium, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    server, store = serving
    with server.client(store.reviewer_key) as client:
        client.get("/api/screen", params={"name": "GEO GROUP, INC., THE", "scope": "ice"})
    with server.client() as client:
        client.post("/api/screen", json={"names": [{"name": "Boulangerie Saint-Roch"}]})
        preview = client.get("/api/screen", params={"name": "Preview Only", "preview": "true"})
        assert preview.json()["decision"] == "clear"
    # the home page's instant search: what is typed is previewed, what is submitted logged
    context = chromium.new_context()
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{server.url}/")
    page.locator("#q").press_sequentially("Garda World", delay=200)
    expect(page.locator("#verdict .verdict.match")).to_contain_text("GardaWorld")
    page.locator("#q").press("Enter")
    page.wait_for_timeout(1000)
    context.close()
    names = tmp_path / "one.csv"
    names.write_text("name\nCoreCivic\n", encoding="utf-8")
    assert _iceout("screen", "--input", str(names), "--db", str(store.db)).returncode == 0
    server.stop()  # the last test of this server: the store is read once it lets go
    with duckdb.connect(str(store.db), read_only=True) as con:
        log = con.execute(
            "SELECT who, via, request, scope, subject, decision, logged_at FROM scr_log "
            "ORDER BY logged_at, position"
        ).fetchall()
    assert not Path(f"{store.db}.serve.json").exists()  # the server said it has gone
    subjects = {(who.split(" (")[0] if via == "api" else via, request, scope, subject, decision)
                for who, via, request, scope, subject, decision, _ in log}  # fmt: skip
    assert ("Rita Reviewer", "screen", "ice", "GEO GROUP, INC., THE", "match") in subjects
    assert ("anonymous", "screen", "dhs", "Boulangerie Saint-Roch", "clear") in subjects
    assert any(s[0] == "cli" and s[3] == "CoreCivic" for s in subjects)
    # what was typed is logged too, as previews, apart from the one screening submitted
    assert ("anonymous", "preview", "dhs", "Preview Only", "clear") in subjects
    screened = [row[4] for row in log if row[2] == "screen"]
    previews = [row[4] for row in log if row[2] == "preview"]
    assert screened.count("Garda World") == 1 and "Preview Only" not in screened
    assert "Garda World" in previews  # the answer the typist saw before pressing Enter
    assert all("Garda World".startswith(t) for t in previews if t.startswith("G"))
    garda = [row for row in log if row[2] == "preview" and row[4] == "Garda World"]
    assert garda and all(row[5] == "match" for row in garda)
    cli = [row for row in log if row[1] == "cli"]
    assert cli and all(row[0].endswith("(command line)") for row in cli)
    assert all(row[6] is not None for row in log)


def test_a_command_waits_its_turn_behind_another(built_store: dict, tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    shutil.copyfile(built_store["db"], db)
    hold = (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
        "print('held', flush=True); time.sleep(float(sys.argv[2]))"
    )

    def holder(seconds: float) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-c", hold, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
        )
        assert process.stdout and process.stdout.readline().strip() == "held"
        return process

    first = holder(600)
    waiting = subprocess.Popen(
        [*ICEOUT, "keys", "create", "--role", "reviewer", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert waiting.stderr is not None
    said = waiting.stderr.readline()  # the command says it waits, and waits
    assert "is in use by process" in said and "waiting up to 30 s for its turn" in said
    first.kill()
    first.wait()
    out, err = waiting.communicate(timeout=600)
    assert waiting.returncode == 0 and out.startswith("iceout_"), err
    assert "Traceback" not in err

    second = holder(600)
    try:
        refused = _iceout(
            "keys", "create", "--role", "reviewer", "--db", str(db), env={"ICEOUT_LOCK_WAIT": "1"}
        )
    finally:
        second.kill()
        second.wait()
    _clean(refused)
    assert refused.returncode == 2
    assert f"in use by process {second.pid} (waited 1 s)" in refused.stderr
