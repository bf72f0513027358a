"""USAspending bulk award download: DHS prime award summaries (recipient UEI, parent, country)
and their contract subawards, one zip per fiscal year (the service caps a zip at 500,000 rows).

Asynchronous: request the file, poll its status until it is finished, download the zip, check
every member's CRC and that the rows add up to the status's `total_rows`, then unpack the CSVs
into the cache for ingest (which recognises their layouts from the headers).

The status is read from a database replica (usaspending-api download/v2/base_download_viewset.py,
`get_download_job`), so a job just created can answer 404 for a while: polled again. A job that
ends `failed` is requested again, up to `JOB_ATTEMPTS` times: the API's download cache skips
failed jobs (`_get_cached_download` excludes them), so the same request starts a new job.
"""

import csv
import io
import shutil
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from iceout.sources.fetch.cache import Cache, Cached
from iceout.sources.fetch.http import FetchError, HttpClient, RetryableError, forget
from iceout.sources.fetch.progress import Report
from iceout.sources.fetch.usaspending import CONTRACT_TYPES, DHS, SOURCE, fiscal_year

MAX_POLL = 30.0  # seconds between status checks once a job runs long
GIVE_UP = 3600.0  # a DHS fiscal year takes minutes; an hour means the job is stuck
NOT_FOUND_GRACE = 120.0  # seconds a fresh job may be unknown to the replica
JOB_ATTEMPTS = 3


class JobFailed(FetchError):
    """USAspending reported the job `failed`: worth requesting again."""


class BulkAwards:
    def __init__(self, client: HttpClient, base: str, cache: Cache, report: Report) -> None:
        self.client, self.base, self.cache, self.report = client, base.rstrip("/"), cache, report

    def fiscal_year(self, start: date, end: date) -> list[Cached]:
        year = fiscal_year(end)  # a year cut short by today ends in the calendar year before
        label = f"awards DHS FY{year}"
        job, status = self._finished_job(label, start, end)
        url = urljoin(self.base + "/", str(status.get("file_url") or job.get("file_url") or ""))
        directory = self.cache.directory(SOURCE, "awards", f"FY{year}")
        total = status.get("total_rows")
        download = self.client.download(
            url, directory / "download.zip", label, check=lambda p: check_zip(p, total)
        )
        try:
            return [
                Cached(
                    SOURCE,
                    f"{label} {_kind(member)}",
                    f"{url}#{Path(member).name}",
                    path,
                    sha,
                    path.stat().st_size,
                    download.retrieved_at,
                    rows=rows,
                    expected_rows=total,  # for the whole zip: awards and subawards together
                )
                for member, path, sha, rows in self._unpack(download.path, directory)
            ]
        finally:
            forget(download.path)  # the unpacked CSVs are what is kept

    def _finished_job(
        self, label: str, start: date, end: date
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """(the job, its finished status), the job requested again after each failure."""
        for attempt in range(1, JOB_ATTEMPTS):
            try:
                return self._job(label, start, end)
            except JobFailed as exc:
                self.report(f"  {exc.message}: requesting it again ({attempt + 1}/{JOB_ATTEMPTS})")
        return self._job(label, start, end)  # the last failure is reported with the source

    def _job(self, label: str, start: date, end: date) -> tuple[dict[str, Any], dict[str, Any]]:
        job = self.client.json(
            "POST", f"{self.base}/api/v2/bulk_download/awards/", _body(start, end)
        )
        return job, self._wait(label, str(job.get("file_name") or ""))

    def _wait(self, label: str, file_name: str) -> dict[str, Any]:
        if not file_name:
            raise FetchError(f"{label}: the bulk download request returned no file name")
        url, waited, pause = f"{self.base}/api/v2/download/status/", 0.0, 1.0
        while True:
            status = self._status(url, file_name, waited)
            state = status.get("status") if isinstance(status, dict) else None
            if state == "finished":
                return status
            if state == "failed":
                raise JobFailed(
                    f"{label}: USAspending could not build the file: {status.get('message')}"
                )
            if waited >= GIVE_UP:
                raise FetchError(f"{label}: the file was not ready after {waited / 60:.0f} minutes")
            self.report(f"  {label}: {state or 'waiting'} ({waited:.0f}s)")
            time.sleep(pause)
            waited, pause = waited + pause, min(pause * 2, MAX_POLL)

    def _status(self, url: str, file_name: str, waited: float) -> dict[str, Any]:
        try:
            return self.client.json("GET", url, params={"file_name": file_name})
        except FetchError as exc:
            if exc.http_status == 404 and waited < NOT_FOUND_GRACE:
                return {"status": "not yet known to the status replica"}
            raise

    def _unpack(self, zip_path: Path, directory: Path) -> list[tuple[str, Path, str, int]]:
        unpacked = []
        with zipfile.ZipFile(zip_path) as archive:
            for member in archive.namelist():
                if not member.lower().endswith(".csv"):
                    continue
                part = directory / (Path(member).name + ".part")
                with archive.open(member) as source, part.open("wb") as out:
                    shutil.copyfileobj(source, out, 1 << 20)
                rows = count_rows(part)
                path, sha = self.cache.keep(part, directory, Path(member).stem, ".csv")
                unpacked.append((member, path, sha, rows))
        return unpacked


def _body(start: date, end: date) -> dict[str, Any]:
    return {
        "filters": {
            "prime_award_types": CONTRACT_TYPES,
            "sub_award_types": ["procurement"],
            "date_type": "action_date",
            "date_range": {"start_date": start.isoformat(), "end_date": end.isoformat()},
            "agencies": [{"type": "awarding", "tier": "toptier", "name": DHS}],
        },
        "file_format": "csv",
    }


def _kind(member: str) -> str:
    return "subawards" if "subaward" in member.lower() else "prime awards"


def count_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return _count(handle)


def _count(handle: io.TextIOBase) -> int:
    return max(sum(1 for _ in csv.reader(handle)) - 1, 0)  # less the header


def check_zip(path: Path, total_rows: object) -> None:
    """Every member's CRC, and the data rows of its CSVs against the status's total_rows."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
            if bad:
                raise RetryableError(f"zip member {bad} fails its CRC check")
            rows = 0
            for member in archive.namelist():
                if member.lower().endswith(".csv"):
                    with archive.open(member) as raw:
                        rows += _count(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
    except (zipfile.BadZipFile, EOFError) as exc:
        raise RetryableError(f"broken zip: {exc}") from exc
    if isinstance(total_rows, int) and rows != total_rows:
        raise RetryableError(f"zip holds {rows:,} rows, the download status says {total_rows:,}")
