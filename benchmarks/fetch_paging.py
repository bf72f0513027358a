"""Paging the transaction search when tied rows come back in a new order for every request:
FY2026 (2025-10-01 to 2026-09-30) of all DHS, read from the stand-in of the live services
(tests/fetch/fake_services.py, real rows of ../shared/data) two ways, in the same run:

- baseline: the previous client's way: sort on Action Date, pages 1..n, the window accepted
  because its rows add up to the count;
- iceout: `SearchReader.complete()` (iceout/sources/fetch/usaspending_search.py).

Prints the transactions and dollars each gets against what the stand-in publishes, and the
requests each made. Run: `python -m benchmarks.fetch_paging`.
"""

import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "fetch"), str(ROOT / "tests")]

from fake_services import FakeServer, Services  # noqa: E402

from iceout.sources.fetch import usaspending  # noqa: E402
from iceout.sources.fetch.http import HttpClient  # noqa: E402
from iceout.sources.fetch.usaspending_search import FIELDS, FRESH, SearchReader  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
START, END = date(2025, 10, 1), date(2026, 9, 30)
SEARCH = "/api/v2/search/spending_by_transaction/"


def key(row: dict[str, Any]) -> tuple:
    """A transaction as the store keys it: award, modification, date, amount."""
    return (
        row["generated_internal_id"].upper(),
        row["Mod"] or "0",
        row["Action Date"],
        row["Transaction Amount"],
    )


def naive(client: HttpClient, base: str, filters: dict[str, Any], count: int) -> list[dict]:
    rows: list[dict] = []
    for page in range(1, count // 100 + 2):
        body = {"filters": filters, "fields": FIELDS, "page": page, "limit": 100}
        body |= {"sort": "Action Date", "order": "asc"}
        answer = client.json_once("POST", base + SEARCH, body, headers=FRESH)
        rows += answer["results"]
        if not answer["page_metadata"]["hasNext"]:
            break
    assert len(rows) == count  # the row total matches: the old check passes
    return rows


def line(name: str, found: set[tuple], published: set[tuple], requests: int, took: float) -> str:
    dollars = sum(k[3] for k in found) / 1e9
    return (
        f"{name:<9} {len(found):>6,} transactions  US${dollars:6.2f}B  "
        f"missing {len(published - found):>4}  extra {len(found - published):>3}  "
        f"{requests:>5,} requests  {took:5.1f} s"
    )


def main() -> int:
    services = Services(SHARED, Path(tempfile.mkdtemp(prefix="iceout-bench-")))
    published = {
        key(r)
        for rows in services.transactions.values()
        for r in rows
        if START.isoformat() <= r["Action Date"] <= END.isoformat()
    }
    windows = usaspending.windows(START, END, set(), date(2000, 1, 1))
    print(
        f"published {len(published):,} transactions, US${sum(k[3] for k in published) / 1e9:.2f}B"
    )
    with FakeServer(services) as server, HttpClient(lambda _: None, interval=0.0) as client:
        reader = SearchReader(client, server.url, lambda _: None)
        counts = {w: reader.count(w.filters(), w.label()) for w in windows}
        for name in ("baseline", "iceout"):
            found: set[tuple] = set()
            before, started = len(services.log), time.monotonic()
            for window, count in counts.items():
                if name == "baseline":
                    rows = naive(client, server.url, window.filters(), count)
                else:
                    rows, _ = reader.complete(window.filters(), window.label(), count)
                found |= {key(r) for r in rows}
            took = time.monotonic() - started
            print(line(name, found, published, len(services.log) - before, took))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
