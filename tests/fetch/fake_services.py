"""A stand-in for the three public services, on 127.0.0.1, for the fetch tests and benchmark.

It answers in the live services' shapes (USAspending API v2 contracts in
usaspending-api/api_contracts/contracts/v2/, CKAN 2.9 action API, the SEMA XML file) with real
rows from ../shared/data:
- spending_by_transaction(_count): the rows of usaspending/api_transactions_cbp_ice/*.csv,
  filtered by the request's agency and time_period, sorted by Action Date, 100 a page;
- bulk_download/awards + download/status + the zip: the prime award summaries and subawards of
  usaspending/{prime_award_summaries,subawards}/ whose dates meet the requested range;
- package_show / datastore_search / the CSV resource: canada/current_layout/... as the contracts
  resource; the grants resource is a header-only file in the published grants layout (no real
  grants rows exist in ../shared/data); files stream from disk with ETag, Last-Modified, 304s
  and byte ranges;
- the SEMA list: sanctions/sema-lmes.xml.

Faults are queued per path prefix with `inject()` and each is used once: "503", "cut" (half
the body, then the connection closes), "slow:<seconds>", "malformed" (broken JSON), "empty"
(a results page with no rows that says more follow), "corrupt" (a file with one byte flipped
halfway: right length, wrong content).
"""

import bisect
import csv
import hashlib
import io
import json
import socket
import threading
import time
import zipfile
from collections import defaultdict
from datetime import date, datetime
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import yaml

CONTRACTS_PACKAGE = "d8f85d91-7dec-4fd1-8055-483b77225d8b"
CONTRACTS_RESOURCE = "fac950c0-00d5-4ec1-a4d3-9cbebf98a305"
GRANTS_PACKAGE = "432527ab-7aac-45b5-81d6-7597107a7013"
GRANTS_RESOURCE = "1d15a62f-5656-49ad-8c88-f40ce689d831"
COMPONENTS = {
    "ICE": "U.S. Immigration and Customs Enforcement",
    "CBP": "U.S. Customs and Border Protection",
}
DHS = "Department of Homeland Security"
SEARCH_CAP = 50_000


def _api_row(number: int, row: dict[str, str]) -> dict[str, Any]:
    """A CSV row of the dashboard export back in the shape the search endpoint returns."""
    return {
        "internal_id": number,
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
    number = 0
    for path in sorted((shared / "usaspending/api_transactions_cbp_ice").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                number += 1
                by_agency[COMPONENTS[row["Agency"]]].append(_api_row(number, row))
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
        self.contracts_csv = (
            shared / "canada/current_layout/contracts_current_layout_cbsa_cic_ps.csv"
        )
        grants = work / "grants.csv"
        grants.write_text(",".join(grants_header(shared)) + "\r\n", encoding="utf-8-sig")
        self.serve_contracts(self.contracts_csv)
        self.files[
            f"/data/dataset/{GRANTS_PACKAGE}/resource/{GRANTS_RESOURCE}/download/grants.csv"
        ] = grants
        self.files["/sema/sema-lmes.xml"] = shared / "sanctions/sema-lmes.xml"

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
        self.serve_contracts(
            self.shared / "canada/current_layout/contracts_current_layout_cbsa_cic_ps.csv"
        )

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
        found.sort(key=lambda r: r["Action Date"])
        return found

    def page(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        page, limit = int(body.get("page", 1)), int(body.get("limit", 10))
        if page * limit > SEARCH_CAP:
            return 422, {"detail": f"Page * limit cannot exceed {SEARCH_CAP}"}
        rows = self.matching(body.get("filters") or {})
        chunk = rows[(page - 1) * limit : page * limit]
        fields = set(body.get("fields") or []) | {"internal_id", "generated_internal_id"}
        more = page * limit < len(rows)
        return 200, {
            "limit": limit,
            "results": [{k: v for k, v in r.items() if k in fields} for r in chunk],
            "page_metadata": {
                "page": page,
                "hasNext": more,
                "hasPrevious": page > 1,
                "next": page + 1 if more else None,
                "previous": page - 1 if page > 1 else None,
            },
            "messages": [],
        }

    def bulk_job(self, body: dict[str, Any]) -> dict[str, Any]:
        span = (body.get("filters") or {}).get("date_range") or {}
        start, end = date.fromisoformat(span["start_date"]), date.fromisoformat(span["end_date"])
        stamp = f"{len(self.jobs):04d}"
        name = f"DHS_PrimeAwardSummariesAndSubawards_{start}_{end}_{stamp}.zip"
        path = self.work / name
        rows = self._build_zip(path, start, end, stamp)
        self.jobs[name] = {"polls": 0, "rows": rows}
        self.files[f"/files/{name}"] = path
        return {
            "status_url": f"{self.base}/api/v2/download/status?file_name={name}",
            "file_name": name,
            "file_url": f"{self.base}/files/{name}",
            "download_request": {"filters": body.get("filters"), "request_type": "award"},
        }

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
            return 400, {"detail": f"no download named {name}"}
        job["polls"] += 1
        finished = job["polls"] > 1  # the first poll finds the job still running
        return 200, {
            "status": "finished" if finished else "running",
            "message": None,
            "file_name": name,
            "file_url": f"{self.base}/files/{name}",
            "total_size": round(self.files[f"/files/{name}"].stat().st_size / 1024, 3),
            "total_columns": 286,
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
                        "datastore_active": True,
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
        if method == "POST" and path == "/api/v2/search/spending_by_transaction_count/":
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
        if method == "POST" and path == "/api/v2/search/spending_by_transaction/":
            status, answer = services.page(body)
            if fault == "empty":
                answer["results"] = []
            return status, answer
        if method == "POST" and path == "/api/v2/bulk_download/awards/":
            return 200, services.bulk_job(body)
        if method == "GET" and path.rstrip("/") == "/api/v2/download/status":
            return services.status(query.get("file_name", ""))
        if method == "GET" and path == "/data/api/3/action/package_show":
            return services.package(query.get("id", ""))
        if method == "GET" and path == "/data/api/3/action/datastore_search":
            return services.datastore_total(query.get("resource_id", ""))
        return 404, {"detail": f"no route {method} {path}"}

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
