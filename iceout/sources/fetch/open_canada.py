"""open.canada.ca (CKAN): the proactive-disclosure datasets 'Contracts over $10,000' and
'Grants and Contributions', read through `package_show` and fetched as their full CSV
resource (`datastore_search` stops at 32,000 rows a call; the grants CSV is over 1 GB); and the
Public Accounts 'Professional and special services' table (Volume III, Section 3), published
as one CSV resource per fiscal year, every one of which is fetched.

The CSV streams to disk in 1 MiB chunks (constant memory), is asked for conditionally
(ETag / Last-Modified: an unchanged file is not downloaded again) and resumed with a Range
request after a cut. A file is whole when it has its Content-Length and its last row is not
cut short; the datastore's row count is recorded beside the counted rows and a shortfall is
reported (the CSV dump and the datastore are refreshed at different times, so a small
difference is normal and not an error).
"""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from iceout.sources.fetch.cache import Cache, Cached
from iceout.sources.fetch.http import (
    Download,
    FetchError,
    HttpClient,
    RetryableError,
    read_meta,
    write_meta,
)
from iceout.sources.fetch.progress import Report

SOURCE = "open_canada"


@dataclass(frozen=True)
class Dataset:
    name: str
    package_id: str
    # the CSV resource as published in 2026 (any CSV resource if it moves); None: every CSV
    # resource of the package, as for a table published one file per fiscal year
    resource_id: str | None


DATASETS = (
    Dataset(
        "contracts", "d8f85d91-7dec-4fd1-8055-483b77225d8b", "fac950c0-00d5-4ec1-a4d3-9cbebf98a305"
    ),
    Dataset(
        "grants", "432527ab-7aac-45b5-81d6-7597107a7013", "1d15a62f-5656-49ad-8c88-f40ce689d831"
    ),
)
# Public Accounts of Canada, Vol. III Section 3, as open data (columns FSCL_YR, MINC, ROBJ_CD,
# PRJCT_EN_DESC, AGRG_PYMT_AMT, ...): one CSV a fiscal year (idsps-dipss-<year>.csv), hosted by
# PSPC outside the CKAN datastore, so no row total is announced.
PUBLIC_ACCOUNTS = Dataset("public_accounts_pss", "ac597ff8-ee13-48c3-b315-42e528090af2", None)
ALL_DATASETS = (*DATASETS, PUBLIC_ACCOUNTS)


class OpenCanadaFetcher:
    def __init__(self, client: HttpClient, base: str, cache: Cache, report: Report) -> None:
        self.client, self.base, self.cache, self.report = client, base.rstrip("/"), cache, report

    def files(self, dataset: Dataset) -> Iterator[Cached]:
        """The dataset's CSV, or each of its CSVs when it is published one file per year."""
        if dataset.resource_id is not None:
            yield self.dataset(dataset)
            return
        resources = self._csv_resources(dataset)
        if not resources:
            raise FetchError(f"{dataset.name}: package {dataset.package_id} lists no CSV resource")
        for resource in resources:
            yield self._fetch(dataset, resource, _file_name(resource))

    def dataset(self, dataset: Dataset) -> Cached:
        return self._fetch(dataset, self._resource(dataset), f"{dataset.name}.csv")

    def _fetch(self, dataset: Dataset, resource: dict[str, Any], file_name: str) -> Cached:
        expected = self._datastore_total(resource)
        directory = self.cache.directory(SOURCE, dataset.name)
        download = self.client.download(
            str(resource["url"]), directory / file_name, file_name, check=check_csv
        )
        rows = _rows(download)
        if expected is not None and rows < expected:
            self.report(
                f"  {file_name}: the CSV has {rows:,} rows, the datastore {expected:,} "
                "(the CSV dump lags the datastore; the missing rows come with the next dump)"
            )
        return Cached(
            SOURCE,
            f"{dataset.name} {dataset.package_id}/{resource.get('id')}",
            download.url,
            download.path,
            download.sha256,
            download.size,
            download.retrieved_at,
            rows=rows,
            expected_rows=expected,
            etag=download.etag,
            last_modified=download.last_modified,
        )

    def _action(self, action: str, **params: str | int) -> Any:
        answer = self.client.json("GET", f"{self.base}/api/3/action/{action}", params=params)
        if not isinstance(answer, dict) or not answer.get("success"):
            error = answer.get("error") if isinstance(answer, dict) else answer
            raise FetchError(f"{self.base} {action} {params}: CKAN says {str(error)[:200]}")
        return answer["result"]

    def _csv_resources(self, dataset: Dataset) -> list[dict[str, Any]]:
        resources = self._action("package_show", id=dataset.package_id).get("resources") or []
        csvs = [r for r in resources if str(r.get("format", "")).upper() == "CSV" and r.get("url")]
        return list({str(r["url"]): r for r in csvs}.values())  # a file listed twice once

    def _resource(self, dataset: Dataset) -> dict[str, Any]:
        csvs = self._csv_resources(dataset)
        chosen = next((r for r in csvs if r.get("id") == dataset.resource_id), None)
        if chosen is None and csvs:
            chosen = csvs[0]
            self.report(
                f"  {dataset.name}: resource {dataset.resource_id} is gone; using {chosen.get('id')}"
            )
        if chosen is None:
            raise FetchError(f"{dataset.name}: package {dataset.package_id} lists no CSV resource")
        return chosen

    def _datastore_total(self, resource: dict[str, Any]) -> int | None:
        if not resource.get("datastore_active"):
            return None
        result = self._action("datastore_search", resource_id=str(resource["id"]), limit=0)
        total = result.get("total") if isinstance(result, dict) else None
        return int(total) if isinstance(total, int) else None


def _file_name(resource: dict[str, Any]) -> str:
    """The cache name of one resource: its published file name when it has one."""
    name = Path(urlparse(str(resource["url"])).path).name
    if not name.lower().endswith(".csv"):
        name = f"{resource.get('id') or 'resource'}.csv"
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


def check_csv(path: Path) -> None:
    """A file that does not end with a line break and whose last row is short was cut
    mid-row (a cut at a row boundary is caught by Content-Length)."""
    with path.open("rb") as handle:
        handle.seek(max(path.stat().st_size - 1, 0))
        if handle.read(1) in (b"\n", b""):
            return
    width, last = 0, 0
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        for number, fields in enumerate(csv.reader(handle)):
            width = width or len(fields)
            last = len(fields) if number else width
    if last < width:
        raise RetryableError(f"last row has {last} of {width} fields: the file was cut")


def _rows(download: Download) -> int:
    """Counted once per version of the file (a pass over 1 GB is not free) and kept in the
    cache's sidecar."""
    meta = read_meta(download.path) or {}
    if not download.changed and isinstance(meta.get("rows"), int):
        return int(meta["rows"])
    rows = count_csv_rows(download.path)
    write_meta(download.path, {**meta, "rows": rows})
    return rows


def count_csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
