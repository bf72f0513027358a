"""A stand-in for the public services, on 127.0.0.1, for the fetch tests and benchmark.

It answers in the live services' shapes, checked against their official contracts and code,
with real rows from ../shared/data:

- USAspending (usaspending-api: api_contracts/contracts/v2/search/spending_by_transaction.md,
  spending_by_transaction_count.md, bulk_download/awards.md, download/status.md; and the views
  behind them):
  - spending_by_transaction(_count): the rows of usaspending/api_transactions_cbp_ice/*.csv,
    filtered by agency, time_period and award_ids, sorted by the requested field. Rows that tie
    on it come back in a new order for every request, as Elasticsearch orders ties by shard and
    replica; `internal_id` is the award's id, shared by its transactions
    (search/v2/views/spending_by_transaction.py: `row["internal_id"] = hit["award_id"]`).
    Page 500 answers 503 (its rows reach past the 50,000-row result window: usaspending-api
    #3218), a page starting at row 50,000 or later 422, a sort field not among the fields 400,
    a date past API_MAX_DATE 422 (common/validator/helpers.py ABOVE_MAXIMUM_MSG). Answers are
    cached by request body, as `@cache_response()` does, unless the request carries
    `X-Experimental-API: disable-cache-check` (common/experimental_api_flags.py); a faulty
    answer that is a 200 (an empty page) is cached too.
  - bulk_download/awards + download/status + the zip: the prime award summaries and subawards
    of usaspending/{prime_award_summaries,subawards}/ whose dates meet the requested range. The
    same request returns the same job unless that job failed (download/v2/
    base_download_viewset.py `_get_cached_download`); an unknown file name answers 404
    ("Download job with filename ... does not exist.", `get_download_job`).
- open.canada.ca (CKAN 2.9 action API: package_show, datastore_search): the contracts resource
  is canada/current_layout/...; the grants resource a header-only file in the published grants
  layout (no real grants rows exist in ../shared/data); the Public Accounts "Professional and
  special services" package lists one CSV a fiscal year (idsps-dipss-<year>.csv, hosted off the
  datastore) in the open-data columns (FSCL_YR, MINC, MINE, ROBJ_CD, ROBJ_EN_NM, PRJCT_EN_DESC,
  AGRG_PYMT_AMT), filled from canada/public_accounts/pss_payees_*.derived.csv (the department
  and class codes MINC and ROBJ_CD are not in that file and are left blank). Files stream from
  disk with ETag, Last-Modified, 304s and byte ranges; a range past the end answers 416 with
  `Content-Range: bytes */<size>` (RFC 9110).
- the SEMA list: as Global Affairs Canada publishes it since 2026-08-24, in the bilingual element
  names, written from the 5,690 real records of sanctions/sema_2026-08-22.derived.csv
  (tests/sema_lists.py); `serve_sema(path)` serves another file.

Faults are queued per path prefix with `inject()` and each is used once: "503", "cut" (half
the body, then the connection closes), "slow:<seconds>", "malformed" (broken JSON), "empty"
(a results page with no rows that says more follow), "corrupt" (a file with one byte flipped
halfway: right length, wrong content), "404" (the status replica does not know the job yet),
"failed" (on bulk_download/awards: the job it creates ends `failed`), "inflate" (a count one
more than the search returns, as when the count's index lags).
"""

import bisect
import csv
import hashlib
import io
import json
import random
import socket
import threading
import time
import uuid
import zipfile
from collections import defaultdict
from datetime import date, datetime
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import yaml
from sema_lists import real_2026, write_list

CONTRACTS_PACKAGE = "d8f85d91-7dec-4fd1-8055-483b77225d8b"
CONTRACTS_RESOURCE = "fac950c0-00d5-4ec1-a4d3-9cbebf98a305"
GRANTS_PACKAGE = "432527ab-7aac-45b5-81d6-7597107a7013"
GRANTS_RESOURCE = "1d15a62f-5656-49ad-8c88-f40ce689d831"
COMPONENTS = {
    "ICE": "U.S. Immigration and Customs Enforcement",
    "CBP": "U.S. Customs and Border Protection",
}
PSS_PACKAGE = "ac597ff8-ee13-48c3-b315-42e528090af2"
PSS_COLUMNS = ["FSCL_YR", "MINC", "MINE", "ROBJ_CD", "ROBJ_EN_NM", "PRJCT_EN_DESC", "AGRG_PYMT_AMT"]
DHS = "Department of Homeland Security"
RESULT_WINDOW = 50_000  # settings.ES_TRANSACTIONS_MAX_RESULT_WINDOW
API_MIN_DATE, API_MAX_DATE = "2007-10-01", "2027-09-30"
FRESH = "disable-cache-check"


def _api_row(award: int, row: dict[str, str]) -> dict[str, Any]:
    """A CSV row of the dashboard export back in the shape the search endpoint returns."""
    return {
        "internal_id": award,
        "Award ID": row["Award ID"],
        "Recipient Name": row["Recipient Name"],
        "Transaction Amount": float(row["Federal Action Obligation"] or 0),
        "Action Date": row["Action Date"],
        "Mod": row["Modification"],
        "product_or_service_description": row["Product/Service Description"] or None,
        "naics_description": row["NAICS Description"] or None,
        "Transaction Description": row["Transaction Description"] or None,
        "generated_internal_id": row["Generated Award ID"],
        "Awarding Sub Agency": COMPONENTS[row["Agency"]],
        "awarding_agency_id": 562,
        "agency_slug": "department-of-homeland-security",
    }


def load_transactions(shared: Path) -> dict[str, list[dict[str, Any]]]:
    """Rows by awarding sub-tier agency, sorted by action date."""
    by_agency: dict[str, list[dict[str, Any]]] = defaultdict(list)
    awards: dict[str, int] = {}
    for path in sorted((shared / "usaspending/api_transactions_cbp_ice").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                award = awards.setdefault(row["Generated Award ID"], len(awards) + 1)
                by_agency[COMPONENTS[row["Agency"]]].append(_api_row(award, row))
    for rows in by_agency.values():
        rows.sort(key=lambda r: r["Action Date"])
    return by_agency


def _loose_date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def write_pss_files(shared: Path, work: Path) -> dict[str, Path]:
    """One Public Accounts CSV a fiscal year, named as PSPC names them (by the year it ends)."""
    source = shared / "canada/public_accounts/pss_payees_FY2021-22_to_FY2023-24.derived.csv"
    by_year: dict[str, list[list[str]]] = defaultdict(list)
    with source.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            payee = ", ".join(p for p in (row["payee_name"], row["payee_location"]) if p)
            by_year[row["fiscal_year"]].append(
                [row["fiscal_year"], "", row["department"], "", row["service_category"], payee,
                 row["amount_cad"]]
            )  # fmt: skip
    files = {}
    for year, rows in sorted(by_year.items()):
        path = work / f"idsps-dipss-{year[-4:]}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(PSS_COLUMNS)
            writer.writerows(rows)
        files[f"/pspc/ba1/idsps-dipss/{path.name}"] = path
    return files


def grants_header(shared: Path) -> list[str]:
    spec = yaml.safe_load((shared / "schemas/open_canada/grants.yaml").read_text(encoding="utf-8"))
    fields = [f["datastore_id"] for f in spec["resources"][0]["fields"]]
    return [*fields, "owner_org", "owner_org_title"]


class Services:
    def __init__(self, shared: Path, work: Path) -> None:
        self.shared, self.work = shared, work
        self.transactions = load_transactions(shared)
        self.dates = {
            name: [r["Action Date"] for r in rows] for name, rows in self.transactions.items()
        }
        self.base = ""
        self.lock = threading.Lock()
        self.faults: dict[str, list[str]] = defaultdict(list)
        self.log: list[dict[str, Any]] = []
        self.jobs: dict[str, dict[str, Any]] = {}
        self.files: dict[str, Path] = {}
        self.cache: dict[str, tuple[int, dict[str, Any]]] = {}
        self.sorted: dict[str, tuple[list[dict], list[str]]] = {}
        self.ties = random.Random(16)  # the order of tied rows, new for every request
        self.pss_files = write_pss_files(shared, work)
        self.files.update(self.pss_files)
        self.sema_2026 = write_list(real_2026(shared), "2026", work / "sema-lmes-2026.xml")
        self.contracts_csv = (
            shared / "canada/current_layout/contracts_current_layout_cbsa_cic_ps.csv"
        )
        grants = work / "grants.csv"
        grants.write_text(",".join(grants_header(shared)) + "\r\n", encoding="utf-8-sig")
        self.serve_contracts(self.contracts_csv)
        self.files[
            f"/data/dataset/{GRANTS_PACKAGE}/resource/{GRANTS_RESOURCE}/download/grants.csv"
        ] = grants
        self.serve_sema(self.sema_2026)

    def serve_sema(self, path: Path) -> None:
        self.files["/sema/sema-lmes.xml"] = path

    def serve_contracts(self, path: Path) -> None:
        self.contracts_csv = path
        self.files[self.contracts_path] = path

    @property
    def contracts_path(self) -> str:
        return f"/data/dataset/{CONTRACTS_PACKAGE}/resource/{CONTRACTS_RESOURCE}/download/contracts.csv"

    def inject(self, prefix: str, *faults: str) -> None:
        with self.lock:
            self.faults[prefix].extend(faults)

    def take_fault(self, path: str) -> str | None:
        with self.lock:
            for prefix, queued in self.faults.items():
                if path.startswith(prefix) and queued:
                    return queued.pop(0)
        return None

    def reset(self) -> None:
        with self.lock:
            self.faults.clear()
            self.log.clear()
            self.cache.clear()
            self.jobs.clear()
        self.serve_contracts(
            self.shared / "canada/current_layout/contracts_current_layout_cbsa_cic_ps.csv"
        )
        self.serve_sema(self.sema_2026)

    def requests(self, prefix: str) -> list[dict[str, Any]]:
        return [r for r in self.log if r["path"].startswith(prefix)]

    # USAspending ---------------------------------------------------------------------------

    def matching(self, filters: dict[str, Any]) -> list[dict[str, Any]]:
        agency = (filters.get("agencies") or [{}])[0]
        if agency.get("tier") == "toptier" and agency.get("name") == DHS:
            names = list(self.transactions)
        else:
            names = [n for n in self.transactions if n == agency.get("name")]
        period = (filters.get("time_period") or [{}])[0]
        start, end = period.get("start_date", "0000"), period.get("end_date", "9999")
        found: list[dict[str, Any]] = []
        for name in names:
            rows, keys = self.transactions[name], self.dates[name]
            found.extend(rows[bisect.bisect_left(keys, start) : bisect.bisect_right(keys, end)])
        wanted = filters.get("award_ids")
        return [r for r in found if _award_matches(r["Award ID"], wanted)] if wanted else found

    def search_error(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        for period in (body.get("filters") or {}).get("time_period") or []:
            for bound in ("start_date", "end_date"):
                value = period.get(bound, "")
                if value > API_MAX_DATE:
                    return 422, {
                        "detail": f"Field 'filters|time_period|{bound}' value '{value}' is above max '{API_MAX_DATE}'"
                    }
                if value < API_MIN_DATE:
                    return 422, {
                        "detail": f"{bound} falls before the earliest available search date"
                    }
        return None

    def page(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        page, limit = int(body.get("page", 1)), int(body.get("limit", 10))
        sort, fields = body.get("sort", "Transaction Amount"), list(body.get("fields") or [])
        if sort not in fields:
            return 400, {"detail": f"Sort value not found in fields: {sort}"}
        if (page - 1) * limit >= RESULT_WINDOW:
            return 422, {
                "detail": f"Page #{page} of size {limit} is over the maximum result limit ({RESULT_WINDOW})."
            }
        if page * limit + 1 > RESULT_WINDOW:
            return 503, {"detail": "Result window is too large"}  # usaspending-api #3218
        rows, keys = self._sorted(body.get("filters") or {}, sort)
        chunk = self._slice(rows, keys, (page - 1) * limit, page * limit, body.get("order"))
        wanted = set(fields) | {"internal_id", "generated_internal_id"}
        more = page * limit < len(rows)
        return 200, {
            "limit": limit,
            "results": [{k: v for k, v in r.items() if k in wanted} for r in chunk],
            "page_metadata": {
                "page": page,
                "hasNext": more,
                "hasPrevious": page > 1,
                "next": page + 1 if more else None,
                "previous": page - 1 if page > 1 else None,
            },
            "messages": [],
        }

    def _sorted(self, filters: dict[str, Any], sort: str) -> tuple[list[dict], list[str]]:
        """The matching rows sorted on `sort` (ties in any order) and their sort values."""
        key = json.dumps([filters, sort], sort_keys=True)
        with self.lock:
            found = self.sorted.get(key)
        if found is None:
            rows = sorted(self.matching(filters), key=lambda r: str(r.get(sort) or ""))
            found = (rows, [str(r.get(sort) or "") for r in rows])
            with self.lock:
                self.sorted[key] = found
        return found

    def _slice(
        self, rows: list[dict], keys: list[str], lo: int, hi: int, order: str | None
    ) -> list[dict]:
        """Rows lo..hi of the answer, the ties that reach into it in a new order each time, as
        the live search orders them."""
        if order == "desc":  # the same positions counted from the other end
            return self._slice(rows, keys, len(rows) - hi, len(rows) - lo, "asc")[::-1]
        lo, hi = max(lo, 0), min(hi, len(rows))
        if lo >= hi:
            return []
        first = bisect.bisect_left(keys, keys[lo])
        last = bisect.bisect_right(keys, keys[hi - 1])
        segment = rows[first:last]
        with self.lock:
            tiebreak = [self.ties.random() for _ in segment]
        order_in = sorted(range(len(segment)), key=lambda i: (keys[first + i], tiebreak[i]))
        return [segment[i] for i in order_in][lo - first : hi - first]

    def bulk_job(self, body: dict[str, Any], fault: str | None) -> dict[str, Any]:
        request = json.dumps(body.get("filters"), sort_keys=True)
        cached = [
            n for n, job in self.jobs.items() if job["request"] == request and not job["failed"]
        ]
        name = cached[-1] if cached else self._new_job(body, request, fault == "failed")
        return {
            "status_url": f"{self.base}/api/v2/download/status?file_name={name}",
            "file_name": name,
            "file_url": f"{self.base}/files/{name}",
            "download_request": {"filters": body.get("filters"), "request_type": "award"},
        }

    def _new_job(self, body: dict[str, Any], request: str, fails: bool) -> str:
        span = (body.get("filters") or {}).get("date_range") or {}
        start, end = date.fromisoformat(span["start_date"]), date.fromisoformat(span["end_date"])
        stamp = f"{len(self.jobs):04d}"
        name = f"DHS_PrimeAwardSummariesAndSubawards_{start}_{end}_{stamp}.zip"
        path = self.work / name
        rows = self._build_zip(path, start, end, stamp)
        self.jobs[name] = {"polls": 0, "rows": rows, "request": request, "failed": fails}
        self.files[f"/files/{name}"] = path
        return name

    def _build_zip(self, path: Path, start: date, end: date, stamp: str) -> int:
        total = 0
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for kind, folder, columns in (
                (
                    "Contracts_PrimeAwardSummaries",
                    "prime_award_summaries",
                    ("award_base_action_date", "award_latest_action_date"),
                ),
                (
                    "Contracts_Subawards",
                    "subawards",
                    ("subaward_action_date", "subaward_action_date"),
                ),
            ):
                for number, source in enumerate(
                    sorted((self.shared / "usaspending" / folder).glob(f"*{kind}*.csv")), 1
                ):
                    text, rows = _filtered_csv(source, columns, start, end)
                    total += rows
                    archive.writestr(f"FY{end.year}_070_{kind}_{stamp}_{number}.csv", text)
        return total

    def status(self, name: str) -> tuple[int, dict[str, Any]]:
        job = self.jobs.get(name)
        if job is None:
            return 404, {"detail": f"Download job with filename {name} does not exist."}
        job["polls"] += 1
        state = "running" if job["polls"] == 1 else "failed" if job["failed"] else "finished"
        finished = state == "finished"
        return 200, {
            "status": state,
            "message": "Download failed: the worker ran out of memory"
            if state == "failed"
            else None,
            "file_name": name,
            "file_url": f"{self.base}/files/{name}",
            "total_size": round(self.files[f"/files/{name}"].stat().st_size / 1024, 3)
            if finished
            else None,
            "total_columns": 286 if finished else None,
            "total_rows": job["rows"] if finished else None,
            "seconds_elapsed": "1.5",
        }

    # open.canada.ca ------------------------------------------------------------------------

    def package(self, package_id: str) -> tuple[int, dict[str, Any]]:
        packages = {
            CONTRACTS_PACKAGE: (
                "Contracts over $10,000",
                [
                    (CONTRACTS_RESOURCE, "Contracts over $10,000", self.contracts_path),
                    (
                        "65c5e8e2-1e5f-4b4e-8d5e-6a1b5a3e6c7d",
                        "Contracts - Nothing to report",
                        "/data/nil/contracts-nil.csv",
                    ),
                ],
            ),
            GRANTS_PACKAGE: (
                "Grants and Contributions",
                [
                    (
                        GRANTS_RESOURCE,
                        "Grants and Contributions",
                        f"/data/dataset/{GRANTS_PACKAGE}/resource/{GRANTS_RESOURCE}/download/grants.csv",
                    ),
                    (
                        "4e4db232-f5e8-43c7-b8b2-439eb7d55475",
                        "Grants - Nothing to report",
                        "/data/nil/grants-nil.csv",
                    ),
                ],
            ),
            PSS_PACKAGE: (
                "Public Accounts of Canada - Professional and special services",
                [
                    (
                        str(uuid.uuid5(uuid.NAMESPACE_URL, url)),
                        f"Professional and special services {url[-8:-4]}",
                        url,
                    )
                    for url in self.pss_files
                ],
            ),
        }
        if package_id not in packages:
            return 404, {
                "help": "",
                "success": False,
                "error": {"message": "Not found", "__type": "Not Found Error"},
            }
        title, resources = packages[package_id]
        return 200, {
            "help": f"{self.base}/data/api/3/action/help_show?name=package_show",
            "success": True,
            "result": {
                "id": package_id,
                "name": package_id,
                "title": title,
                "type": "dataset",
                "collection": "pd",
                "organization": {
                    "name": "tbs-sct",
                    "title": "Treasury Board of Canada Secretariat",
                },
                "resources": [
                    {
                        "id": rid,
                        "name": name,
                        "format": "CSV",
                        "url": f"{self.base}{url}",
                        # the Public Accounts files are hosted by PSPC, outside the datastore
                        "datastore_active": package_id != PSS_PACKAGE,
                        "language": ["en", "fr"],
                        "last_modified": "2026-11-20T03:14:07.000000",
                        "package_id": package_id,
                    }
                    for rid, name, url in resources
                ],
            },
        }

    def datastore_total(self, resource_id: str) -> tuple[int, dict[str, Any]]:
        path = {CONTRACTS_RESOURCE: self.contracts_path}.get(resource_id)
        total = _count_rows(self.files[path]) if path else 0
        return 200, {
            "success": True,
            "result": {"resource_id": resource_id, "total": total, "records": [], "fields": []},
        }


def _award_matches(award_id: str, wanted: list[str]) -> bool:
    """A quoted award id matches exactly; otherwise as a fragment (api_contracts
    search/spending_by_transaction.md, `award_ids`)."""
    for value in wanted:
        if value.startswith('"') and value.endswith('"'):
            if award_id == value[1:-1]:
                return True
        elif value.lower() in award_id.lower():
            return True
    return False


def _filtered_csv(
    source: Path, columns: tuple[str, str], start: date, end: date
) -> tuple[str, int]:
    out, rows = io.StringIO(), 0
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [], lineterminator="\n")
        writer.writeheader()
        for row in reader:
            first, last = _loose_date(row[columns[0]] or ""), _loose_date(row[columns[1]] or "")
            if first and last and first <= end and last >= start:
                writer.writerow(row)
                rows += 1
    return out.getvalue(), rows


def _count_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def _etag(path: Path) -> str:
    stat = path.stat()
    return '"' + hashlib.sha1(f"{stat.st_size}-{stat.st_mtime_ns}".encode()).hexdigest()[:16] + '"'


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # buffered: headers and body leave in one segment (unbuffered, each keep-alive request
    # waits out a delayed ACK)
    wbufsize = 1 << 16
    services: Services

    def log_message(self, *_: Any) -> None:  # quiet: the tests read services.log instead
        pass

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def _handle(self, method: str) -> None:
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}") if length else {}
        entry = {
            "method": method,
            "path": url.path,
            "query": query,
            "body": body,
            "headers": dict(self.headers),
        }
        self.services.log.append(entry)
        fault = self.services.take_fault(url.path)
        entry["fault"] = fault
        if fault and fault.startswith("slow:"):
            time.sleep(float(fault.split(":")[1]))
            fault = None
        if fault == "503":
            entry["status"] = 503
            return self._send(
                503, b"<html><body>503 Service Unavailable</body></html>", "text/html"
            )
        if fault == "malformed":
            entry["status"] = 200
            return self._send(200, b'{"results": [{"Award ID": "70CD', "application/json")
        if url.path in self.services.files:
            return self._file(self.services.files[url.path], entry, fault)
        status, answer = self._route(method, url.path, query, body, fault)
        entry["status"] = status
        data = json.dumps(answer).encode()
        if fault == "cut":
            return self._cut(status, data, "application/json")
        self._send(status, data, "application/json")

    def _route(
        self, method: str, path: str, query: dict[str, str], body: dict[str, Any], fault: str | None
    ) -> tuple[int, dict[str, Any]]:
        services = self.services
        if method == "POST" and path.startswith("/api/v2/search/"):
            return self._search(path, body, fault)
        if method == "POST" and path == "/api/v2/bulk_download/awards/":
            return 200, services.bulk_job(body, fault)
        if method == "GET" and path.rstrip("/") == "/api/v2/download/status":
            name = query.get("file_name", "")
            if fault == "404":  # the replica has not seen the job yet
                return 404, {"detail": f"Download job with filename {name} does not exist."}
            return services.status(name)
        if method == "GET" and path == "/data/api/3/action/package_show":
            return services.package(query.get("id", ""))
        if method == "GET" and path == "/data/api/3/action/datastore_search":
            return services.datastore_total(query.get("resource_id", ""))
        return 404, {"detail": f"no route {method} {path}"}

    def _search(
        self, path: str, body: dict[str, Any], fault: str | None
    ) -> tuple[int, dict[str, Any]]:
        """The search endpoints behind the API's response cache."""
        services = self.services
        key = path + json.dumps(body, sort_keys=True)
        fresh = FRESH in self.headers.get("X-Experimental-API", "").split(",")
        with services.lock:
            cached = None if fresh else services.cache.get(key)
        if cached:
            return cached
        answer = services.search_error(body) or self._search_answer(path, body)
        if fault == "empty" and answer[0] == 200:
            answer[1]["results"] = []
        if fault == "inflate" and answer[0] == 200:  # a count one ahead of the search
            answer[1]["results"]["contracts"] += 1
        if answer[0] < 400:  # errors are not cached
            with services.lock:
                services.cache[key] = answer
        return answer

    def _search_answer(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        services = self.services
        if path == "/api/v2/search/spending_by_transaction_count/":
            rows = len(services.matching(body.get("filters") or {}))
            return 200, {
                "results": {
                    "contracts": rows,
                    "idvs": 0,
                    "grants": 0,
                    "direct_payments": 0,
                    "loans": 0,
                    "other": 0,
                },
                "messages": [],
            }
        if path == "/api/v2/search/spending_by_transaction/":
            return services.page(body)
        return 404, {"detail": f"no route POST {path}"}

    def _send(
        self, status: int, data: bytes, kind: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _cut(self, status: int, data: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self._drop()

    def _drop(self) -> None:
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def _file(self, path: Path, entry: dict[str, Any], fault: str | None) -> None:
        etag, size = _etag(path), path.stat().st_size
        modified = formatdate(path.stat().st_mtime, usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            entry["status"] = 304
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        start = 0
        wanted = self.headers.get("Range", "")
        if wanted.startswith("bytes=") and self.headers.get("If-Range") in (etag, modified, None):
            start = int(wanted[6:].split("-")[0])
        if start >= size:
            entry["status"] = 416  # RFC 9110 15.5.17: nothing of the file lies past its end
            return self._send(416, b"", "text/plain", {"Content-Range": f"bytes */{size}"})
        entry["status"] = 206 if start else 200
        self.send_response(206 if start else 200)
        self.send_header(
            "Content-Type", "text/csv" if path.suffix == ".csv" else "application/octet-stream"
        )
        self.send_header("Content-Length", str(size - start))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.send_header("Accept-Ranges", "bytes")
        if start:
            self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        self.end_headers()
        middle = start + (size - start) // 2
        stop = middle if fault == "cut" else size
        with path.open("rb") as handle:
            handle.seek(start)
            sent = start
            while sent < stop:
                block = handle.read(min(1 << 16, stop - sent))
                if not block:
                    break
                if fault == "corrupt" and sent <= middle < sent + len(block):
                    flipped = bytearray(block)
                    flipped[middle - sent] ^= 0xFF
                    block = bytes(flipped)
                self.wfile.write(block)
                sent += len(block)
        if fault == "cut":
            self._drop()


class FakeServer:
    """Runs `Services` on a free port of 127.0.0.1 in a background thread."""

    def __init__(self, services: Services) -> None:
        handler = type("BoundHandler", (Handler,), {"services": services})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        services.base = self.url
        self.services = services
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "FakeServer":
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def env(self, home: Path) -> dict[str, str]:
        """ICEOUT_* settings pointing every source at this server."""
        return {
            "ICEOUT_HOME": str(home),
            "ICEOUT_USASPENDING_URL": self.url,
            "ICEOUT_OPEN_CANADA_URL": f"{self.url}/data",
            "ICEOUT_SEMA_URL": f"{self.url}/sema/sema-lmes.xml",
            "ICEOUT_REQUEST_INTERVAL": "0",
            "ICEOUT_HTTP_TIMEOUT": "5",
            "ICEOUT_HTTP_RETRIES": "4",
        }
