"""Bulk award downloads and resumed downloads recover from the faults the live services show,
against the stand-in on loopback (tests/fetch/fake_services.py):

- the status of a job just created answers 404 for a while (usaspending-api
  download/v2/base_download_viewset.py `get_download_job` reads a replica and raises NotFound),
- a job ends `failed` (api_contracts/contracts/v2/download/status.md: status `failed` with a
  message); the same request then starts a new job, since `_get_cached_download` skips failed
  jobs while it returns any other job of the same request,
- a resume past the end of a file answers 416 with `Content-Range: bytes */<size>` (RFC 9110,
  15.5.17), as a cache's complete `.part` left by a run stopped before the rename asks for.
"""

import json
import shutil
from pathlib import Path
from typing import Any

from iceout.sources.csvfile import file_sha256
from iceout.sources.fetch.http import HttpClient, read_meta, write_meta

BULK = "/api/v2/bulk_download/awards/"
STATUS = "/api/v2/download/status"
# FY2026's last month and FY2027 so far: two bulk jobs (their zips hold the award files' headers:
# the real award files end in 2025) and few transactions, so each test takes seconds
SINCE = "2026-09-01"


def _fetch(iceout: Any, db: Path) -> Any:
    return iceout("fetch", "--db", str(db), "--source", "usaspending", "--since", SINCE)


def _awards_fetched(query: Any, db: Path) -> set[str]:
    rows = query(db, "SELECT DISTINCT request FROM src_fetched_files WHERE request LIKE 'awards%'")
    return {row[0].split(" prime")[0].split(" sub")[0] for row in rows}


def test_a_status_404_just_after_the_job_is_created_is_polled_again(
    server: Any, iceout: Any, query: Any, tmp_path: Path
) -> None:
    server.services.inject(STATUS, "404")
    db = tmp_path / "store.duckdb"
    done = _fetch(iceout, db)
    assert done.returncode == 0, done.stderr
    polls = [r["status"] for r in server.services.requests(STATUS)]
    assert polls[0] == 404 and 200 in polls[1:]
    assert "not yet known to the status replica" in done.stderr
    assert _awards_fetched(query, db) == {"awards DHS FY2026", "awards DHS FY2027"}


def test_a_failed_job_is_requested_again(
    server: Any, iceout: Any, query: Any, tmp_path: Path
) -> None:
    server.services.inject(BULK, "failed")
    db = tmp_path / "store.duckdb"
    done = _fetch(iceout, db)
    assert done.returncode == 0, done.stderr
    assert "USAspending could not build the file" in done.stderr and "(2/3)" in done.stderr
    jobs = [r["body"] for r in server.services.requests(BULK)]
    assert jobs[0] == jobs[1]  # the same request: the failed job is not served again
    assert len(server.services.jobs) == 3  # FY2026 twice, FY2027 once
    assert _awards_fetched(query, db) == {"awards DHS FY2026", "awards DHS FY2027"}


def test_a_year_whose_jobs_keep_failing_is_reported_and_the_others_are_stored(
    server: Any, iceout: Any, query: Any, tmp_path: Path
) -> None:
    server.services.inject(BULK, "failed", "failed", "failed")
    db = tmp_path / "store.duckdb"
    done = _fetch(iceout, db)
    assert done.returncode == 2
    assert "error: not fetched: usaspending: awards DHS FY2026" in done.stderr
    assert "Traceback" not in done.stderr
    assert _awards_fetched(query, db) == {"awards DHS FY2027"}
    # the transaction windows were stored, and the next fetch asks FY2026 again
    assert query(db, "SELECT count(*) FROM src_fetched_files WHERE request LIKE 'trans%'")[0][0] > 0
    again = _fetch(iceout, db)
    assert again.returncode == 0, again.stderr
    assert _awards_fetched(query, db) == {"awards DHS FY2026", "awards DHS FY2027"}


def test_the_same_request_gets_the_same_job_while_it_has_not_failed(server: Any) -> None:
    body = {
        "filters": {
            "prime_award_types": ["A", "B", "C", "D"],
            "sub_award_types": ["procurement"],
            "date_type": "action_date",
            "date_range": {"start_date": "2026-09-01", "end_date": "2026-09-30"},
            "agencies": [
                {"type": "awarding", "tier": "toptier", "name": "Department of Homeland Security"}
            ],
        },
        "file_format": "csv",
    }
    with HttpClient(lambda _: None, interval=0.0) as client:
        first = client.json("POST", server.url + BULK, body)
        second = client.json("POST", server.url + BULK, body)
        server.services.jobs[first["file_name"]]["failed"] = True
        third = client.json("POST", server.url + BULK, body)
    assert first["file_name"] == second["file_name"] != third["file_name"]
    assert set(first) == {"status_url", "file_name", "file_url", "download_request"}


def _interrupted_before_the_rename(server: Any, tmp_path: Path, extra: bytes) -> tuple[str, Path]:
    """A cache whose `.part` holds the whole file (plus `extra` bytes) with the validators of
    the download that wrote it, as a run stopped between its last chunk and the rename leaves it."""
    url = server.url + server.services.contracts_path
    with HttpClient(lambda _: None, interval=0.0) as client:
        client.download(url, tmp_path / "first.csv", "contracts")
    meta = read_meta(tmp_path / "first.csv") or {}
    dest = tmp_path / "cache" / "contracts.csv"
    dest.parent.mkdir()
    part = dest.with_name("contracts.csv.part")
    shutil.copy(server.services.contracts_csv, part)
    with part.open("ab") as out:
        out.write(extra)
    write_meta(part, {"url": url, "etag": meta["etag"], "last_modified": meta["last_modified"]})
    server.services.log.clear()
    return url, dest


def test_a_complete_part_answered_416_is_verified_not_downloaded_again(
    server: Any, tmp_path: Path
) -> None:
    url, dest = _interrupted_before_the_rename(server, tmp_path, b"")
    with HttpClient(lambda _: None, interval=0.0) as client:
        done = client.download(url, dest, "contracts")
    requests = server.services.requests(server.services.contracts_path)
    assert [r["status"] for r in requests] == [416]
    assert done.sha256 == file_sha256(server.services.contracts_csv) and dest.exists()
    assert not dest.with_name("contracts.csv.part").exists()


def test_a_part_longer_than_the_file_starts_again_from_zero(server: Any, tmp_path: Path) -> None:
    url, dest = _interrupted_before_the_rename(server, tmp_path, b"9999,stray\n")
    with HttpClient(lambda _: None, interval=0.0, backoff=0.1) as client:
        done = client.download(url, dest, "contracts")
    requests = server.services.requests(server.services.contracts_path)
    assert [r["status"] for r in requests] == [416, 200]
    assert "Range" not in requests[1]["headers"]
    assert done.sha256 == file_sha256(server.services.contracts_csv)
    assert json.loads(dest.with_name("contracts.csv.meta.json").read_text())["size"] == done.size
