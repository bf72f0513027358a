"""The public services' known faults, one at a time, against the fake services on loopback:
an empty results page, malformed JSON, a slow answer, a corrupt zip, a service that keeps
failing, and no network at all."""

import json
import socket
import time
from pathlib import Path
from typing import Any

RECENT = "2026-06-01"
SEMA_RECORDS = 5_690  # the list the stand-in serves: real records as of 2026-08-22


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _published_since(services: Any, day: str) -> int:
    return len(
        {
            (r["generated_internal_id"], r["Mod"] or "0", r["Action Date"], r["Transaction Amount"])
            for rows in services.transactions.values()
            for r in rows
            if r["Action Date"] >= day
        }
    )


def test_an_empty_page_before_the_end_is_retried_not_taken_as_the_end(
    server: Any, iceout: Any, query: Any, tmp_path: Path
) -> None:
    db = tmp_path / "store.duckdb"
    server.services.inject("/api/v2/search/spending_by_transaction/", "empty")
    done = iceout("fetch", "--db", str(db), "--source", "usaspending", "--since", RECENT)
    assert done.returncode == 0, done.stderr
    assert "empty page 1 before the end" in done.stderr
    stored = query(db, "SELECT count(*) FROM src_us_transactions")[0][0]
    assert stored == _published_since(server.services, RECENT) > 1_000
    # the API caches answers by request body: the page is asked again past its cache
    first, retry = server.services.requests("/api/v2/search/spending_by_transaction/")[:2]
    assert first["fault"] == "empty" and retry["body"] == first["body"]
    headers = {k.lower(): v for k, v in retry["headers"].items()}
    assert headers.get("x-experimental-api") == "disable-cache-check"


def test_malformed_json_is_asked_for_again(
    server: Any, iceout: Any, query: Any, tmp_path: Path
) -> None:
    db = tmp_path / "store.duckdb"
    server.services.inject("/api/v2/search/spending_by_transaction_count/", "malformed")
    server.services.inject("/data/api/3/action/package_show", "malformed")
    done = iceout(
        "fetch",
        "--db",
        str(db),
        "--source",
        "usaspending",
        "--source",
        "open_canada",
        "--since",
        RECENT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("malformed JSON") == 2
    assert query(db, "SELECT count(*) FROM src_ca_records WHERE kind = 'contract'")[0][0] == 14_425


def test_a_slow_answer_past_the_timeout_is_retried(
    server: Any, iceout: Any, query: Any, tmp_path: Path
) -> None:
    db = tmp_path / "store.duckdb"
    server.services.inject("/sema/", "slow:3")
    done = iceout("fetch", "--db", str(db), "--source", "sema", env={"ICEOUT_HTTP_TIMEOUT": "1"})
    assert done.returncode == 0, done.stderr
    assert "ReadTimeout" in done.stderr
    assert len(server.services.requests("/sema/")) == 2
    assert query(db, "SELECT count(*) FROM src_sanctions")[0][0] == SEMA_RECORDS


def test_a_slow_answer_within_the_timeout_is_waited_for(
    server: Any, iceout: Any, tmp_path: Path
) -> None:
    server.services.inject("/sema/", "slow:1")
    done = iceout(
        "fetch",
        "--db",
        str(tmp_path / "s.duckdb"),
        "--source",
        "sema",
        env={"ICEOUT_HTTP_TIMEOUT": "4"},
    )
    assert done.returncode == 0, done.stderr
    assert "retry" not in done.stderr and len(server.services.requests("/sema/")) == 1


def test_a_zip_that_fails_its_crc_is_downloaded_again(
    server: Any, iceout: Any, query: Any, tmp_path: Path
) -> None:
    db = tmp_path / "store.duckdb"
    server.services.inject("/files/", "corrupt")
    done = iceout("fetch", "--db", str(db), "--source", "usaspending", "--since", "2026-09-01")
    assert done.returncode == 0, done.stderr
    assert "CRC" in done.stderr or "broken zip" in done.stderr
    first_zip = server.services.requests("/files/")[0]["path"]
    assert len([r for r in server.services.requests(first_zip)]) == 2
    assert (
        query(db, "SELECT count(*) FROM src_fetched_files WHERE request LIKE 'awards DHS FY2026%'")[
            0
        ][0]
        >= 1
    )


def test_a_service_that_keeps_failing_ends_with_a_message_and_stores_nothing_of_it(
    server: Any, iceout: Any, query: Any, tmp_path: Path
) -> None:
    db = tmp_path / "store.duckdb"
    server.services.inject("/api/v2/search/spending_by_transaction/", *["503"] * 20)
    done = iceout(
        "fetch",
        "--db",
        str(db),
        "--source",
        "usaspending",
        "--source",
        "sema",
        "--since",
        "2026-08-01",
        env={"ICEOUT_HTTP_RETRIES": "2"},
    )
    assert done.returncode == 2
    assert "error: not fetched: usaspending:" in done.stderr and "HTTP 503" in done.stderr
    assert "Traceback" not in done.stderr
    # the source that answered is stored; nothing of the one that failed
    assert query(db, "SELECT count(*) FROM src_us_transactions")[0][0] == 0
    assert query(db, "SELECT count(*) FROM src_sanctions")[0][0] == SEMA_RECORDS


def _unreachable() -> dict[str, str]:
    dead = f"http://127.0.0.1:{_closed_port()}"
    return {
        "ICEOUT_USASPENDING_URL": dead,
        "ICEOUT_OPEN_CANADA_URL": f"{dead}/data",
        "ICEOUT_SEMA_URL": f"{dead}/sema.xml",
    }


def test_no_network_and_an_empty_store_falls_back_to_the_demo_and_says_so(
    iceout: Any, tmp_path: Path
) -> None:
    out, start = tmp_path / "out", time.monotonic()
    done = iceout(
        "run", "--db", str(tmp_path / "empty.duckdb"), "--out", str(out), env=_unreachable()
    )
    assert done.returncode == 0, done.stderr
    # a service that never answers is given up after two tries, not the full five with backoff
    assert "failed after 2 attempt(s)" in done.stderr and time.monotonic() - start < 60
    assert "cannot be reached" in done.stderr and "DEMO" in done.stderr
    assert json.loads((out / "exposure.json").read_text(encoding="utf-8"))["demo"] is True


def test_no_network_and_a_filled_store_uses_what_is_stored(iceout: Any, tmp_path: Path) -> None:
    db, out = tmp_path / "store.duckdb", tmp_path / "out"
    assert iceout("fetch", "--db", str(db), "--source", "sema").returncode == 0
    done = iceout("run", "--db", str(db), "--out", str(out), env=_unreachable())
    assert done.returncode == 0, done.stderr
    assert "using what is stored" in done.stderr and "DEMO" not in done.stderr
    assert json.loads((out / "exposure.json").read_text(encoding="utf-8"))["demo"] is False


def test_fetch_mistakes_end_with_a_message_not_a_traceback(iceout: Any, tmp_path: Path) -> None:
    for args, message in (
        (["--source", "usaspendng"], "unknown source usaspendng"),
        (["--since", "last week"], "--since must be a date"),
    ):
        done = iceout("fetch", "--db", str(tmp_path / "x.duckdb"), *args)
        assert done.returncode == 2 and message in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
