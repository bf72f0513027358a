"""The HTTP client against the fake services: conditional requests, resumed downloads with
an intact result, retries with backoff, a polite pace, and a clear error when nothing answers."""

import shutil
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from fake_services import CONTRACTS_PACKAGE

from iceout.sources.csvfile import file_sha256
from iceout.sources.fetch.http import FetchError, HttpClient, RetryableError, UnreachableError
from iceout.sources.fetch.open_canada import check_csv


def _client(**options: Any) -> HttpClient:
    settings = {"timeout": 5.0, "retries": 3, "interval": 0.0, "backoff": 0.1, **options}
    return HttpClient(lambda _: None, **settings)


def test_an_unchanged_file_is_not_downloaded_again_and_a_changed_one_is(
    server: Any, tmp_path: Path
) -> None:
    url, dest = server.url + server.services.contracts_path, tmp_path / "contracts.csv"
    with _client() as client:
        first = client.download(url, dest, "contracts")
        again = client.download(url, dest, "contracts")
        assert first.changed and not again.changed and again.sha256 == first.sha256
        assert server.services.requests(server.services.contracts_path)[-1]["status"] == 304
        edited = tmp_path / "edited.csv"
        shutil.copy(server.services.contracts_csv, edited)
        with edited.open("a", encoding="utf-8") as out:
            out.write("\n")
        server.services.serve_contracts(edited)
        changed = client.download(url, dest, "contracts")
    assert changed.changed and changed.sha256 == file_sha256(edited) != first.sha256


def test_a_cut_download_resumes_where_it_stopped_and_ends_intact(
    server: Any, tmp_path: Path
) -> None:
    url, dest = server.url + server.services.contracts_path, tmp_path / "contracts.csv"
    server.services.inject(server.services.contracts_path, "cut")
    with _client(retries=1) as client, pytest.raises(FetchError, match="failed after 1 attempt"):
        client.download(url, dest, "contracts")
    part = dest.with_name("contracts.csv.part")
    assert (
        not dest.exists() and 0 < part.stat().st_size < server.services.contracts_csv.stat().st_size
    )
    with _client() as client:
        done = client.download(url, dest, "contracts")
    resumed = server.services.requests(server.services.contracts_path)[-1]
    assert (
        resumed["status"] == 206 and resumed["headers"]["Range"] == f"bytes={part_size(resumed)}-"
    )
    assert done.sha256 == file_sha256(server.services.contracts_csv) and not part.exists()


def part_size(request: dict[str, Any]) -> int:
    return int(request["headers"]["Range"].removeprefix("bytes=").rstrip("-"))


def test_a_503_is_retried_after_a_pause(server: Any) -> None:
    path = "/data/api/3/action/package_show"
    server.services.inject(path, "503")
    with _client(backoff=0.3) as client:
        start = time.monotonic()
        answer = client.json("GET", server.url + path, params={"id": CONTRACTS_PACKAGE})
    assert time.monotonic() - start >= 0.3
    assert answer["success"] is True
    assert [r["status"] for r in server.services.requests(path)] == [503, 200]


def test_requests_keep_a_polite_interval(server: Any) -> None:
    with _client(interval=0.2) as client:
        start = time.monotonic()
        for _ in range(3):
            client.json(
                "GET",
                f"{server.url}/data/api/3/action/datastore_search",
                params={"resource_id": "x"},
            )
    assert time.monotonic() - start >= 0.4


def test_nothing_listening_is_reported_as_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with _client(retries=2) as client, pytest.raises(UnreachableError, match="ConnectError"):
        client.json("GET", f"http://127.0.0.1:{port}/api/v2/")


def test_a_csv_cut_mid_row_is_not_whole(shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "canada/current_layout/contracts_current_layout_cbsa_cic_ps.csv"
    whole, cut = tmp_path / "whole.csv", tmp_path / "cut.csv"
    shutil.copy(source, whole)
    data = source.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    check_csv(whole)
    with pytest.raises(RetryableError, match="the file was cut"):
        check_csv(cut)
