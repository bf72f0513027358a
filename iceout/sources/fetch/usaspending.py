"""USAspending API v2: DHS contract transactions page by page, and DHS prime award summaries
(with recipient parents and locations) plus their subawards by asynchronous bulk download.

The paged search returns 100 rows a page and cannot page past 50,000 results, so the work is
split into windows of one component and one month (halved again while a window counts more).
A window is kept only when the rows paged equal the rows the count endpoint announced: an
empty page before the end (the fault that truncated the 2021-2023 dashboard files) is retried,
never taken as the end.
"""

import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

from iceout.sources.fetch.cache import Cache, Cached
from iceout.sources.fetch.http import FetchError, HttpClient, RetryableError, utcnow
from iceout.sources.fetch.progress import Meter, Report
from iceout.sources.usaspending import API_COLUMNS

SOURCE = "usaspending"
DHS = "Department of Homeland Security"
ICE = "U.S. Immigration and Customs Enforcement"
CBP = "U.S. Customs and Border Protection"
CONTRACT_TYPES = ["A", "B", "C", "D"]  # BPA call, purchase order, delivery order, definitive
PAGE_SIZE = 100
SEARCH_CAP = 50_000
# What the search returns, in the order of the 10-column API layout (iceout/sources/usaspending.py).
FIELDS = [
    "Award ID",
    "Recipient Name",
    "Transaction Amount",
    "Action Date",
    "Mod",
    "product_or_service_description",
    "naics_description",
    "Transaction Description",
    "generated_internal_id",
    "Awarding Sub Agency",
]


@dataclass(frozen=True)
class Component:
    code: str  # written in the layout's Agency column (ICE, CBP; other DHS: the sub-tier's name)
    agency: dict[str, str]
    exclude: frozenset[str] = field(
        default_factory=frozenset
    )  # sub-tiers with windows of their own


def _subtier(name: str) -> dict[str, str]:
    return {"type": "awarding", "tier": "subtier", "name": name, "toptier_name": DHS}


COMPONENTS = (
    Component("ICE", _subtier(ICE)),
    Component("CBP", _subtier(CBP)),
    # The other components (USCIS, TSA, Coast Guard, FEMA, ...): all of DHS less ICE and CBP.
    Component(
        "DHS",
        {"type": "awarding", "tier": "toptier", "name": DHS},
        frozenset({ICE.upper(), CBP.upper()}),  # compared with the row's sub-tier, upper case
    ),
)


@dataclass(frozen=True)
class Window:
    component: Component
    start: date
    end: date

    @property
    def label(self) -> str:
        whole_month = self.start.day == 1 and (self.end + timedelta(days=1)).day == 1
        span = f"{self.start:%Y-%m}" if whole_month else f"{self.start}..{self.end}"
        return f"transactions {self.component.code} {span}"

    def filters(self) -> dict[str, Any]:
        return {
            "award_type_codes": CONTRACT_TYPES,
            "agencies": [self.component.agency],
            "time_period": [
                {"start_date": self.start.isoformat(), "end_date": self.end.isoformat()}
            ],
        }

    def halves(self) -> tuple["Window", "Window"]:
        middle = self.start + (self.end - self.start) // 2
        return (
            Window(self.component, self.start, middle),
            Window(self.component, middle + timedelta(days=1), self.end),
        )


def months(since: date, until: date) -> Iterator[tuple[date, date]]:
    start = since.replace(day=1)
    while start <= until:
        following = (start + timedelta(days=32)).replace(day=1)
        yield max(start, since), min(following - timedelta(days=1), until)
        start = following


def fiscal_years(since: date, until: date) -> Iterator[tuple[date, date]]:
    """US federal fiscal years (October to September), clipped to [since, until]."""
    year = since.year + 1 if since.month >= 10 else since.year
    while date(year - 1, 10, 1) <= until:
        yield max(date(year - 1, 10, 1), since), min(date(year, 9, 30), until)
        year += 1


class UsaspendingFetcher:
    def __init__(self, client: HttpClient, base: str, cache: Cache, report: Report) -> None:
        self.client, self.base, self.cache, self.report = client, base.rstrip("/"), cache, report

    def transactions(self, windows: list[Window]) -> Iterator[Cached]:
        for window in windows:
            yield from self._window(window)

    def _window(self, window: Window) -> Iterator[Cached]:
        expected = self._count(window)
        if expected > SEARCH_CAP:
            if window.start == window.end:
                raise FetchError(f"{window.label}: {expected:,} transactions in one day")
            for half in window.halves():
                yield from self._window(half)
            return
        rows = self.client.retrying(window.label, lambda: self._page_all(window, expected))
        yield self._write(window, rows, expected)

    def _count(self, window: Window) -> int:
        answer = self.client.json(
            "POST",
            f"{self.base}/api/v2/search/spending_by_transaction_count/",
            {"filters": window.filters()},
        )
        try:
            return int(answer["results"]["contracts"])
        except (KeyError, TypeError, ValueError) as exc:
            raise FetchError(
                f"{window.label}: unexpected count answer: {str(answer)[:200]}"
            ) from exc

    def _page_all(self, window: Window, expected: int) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        meter = Meter(self.report, window.label, "rows", expected)
        for page in range(1, math.ceil(expected / PAGE_SIZE) + 1):
            results, more = self.client.retrying(
                f"{window.label} page {page}", partial(self._page, window, page, expected)
            )
            rows.extend(results)
            meter.advance(len(results))
            if not more:
                break
        if len(rows) != expected:
            raise RetryableError(f"paged {len(rows):,} rows but the count says {expected:,}")
        if expected:
            self.report(meter.line())
        return rows

    def _page(self, window: Window, page: int, expected: int) -> tuple[list[dict], bool]:
        answer = self.client.json_once(
            "POST",
            f"{self.base}/api/v2/search/spending_by_transaction/",
            {
                "filters": window.filters(),
                "fields": FIELDS,
                "page": page,
                "limit": PAGE_SIZE,
                "sort": "Action Date",
                "order": "asc",
            },
        )
        results = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(results, list):
            raise RetryableError(f"unexpected answer: {str(answer)[:200]}")
        if not results and (page - 1) * PAGE_SIZE < expected:
            raise RetryableError(f"empty page {page} before the end of {expected:,} rows")
        return results, bool((answer.get("page_metadata") or {}).get("hasNext"))

    def _write(self, window: Window, rows: list[dict[str, Any]], expected: int) -> Cached:
        kept = [
            _api_row(window.component, r)
            for r in rows
            if str(r.get("Awarding Sub Agency") or "").upper() not in window.component.exclude
        ]
        # Sorted, so that fetching an unchanged window again gives the same bytes (and sha256).
        kept.sort()
        directory = self.cache.directory(SOURCE, "transactions", window.component.code)
        part = directory / f"{window.start}.csv.part"
        with part.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(API_COLUMNS)
            writer.writerows(kept)
        path, sha = self.cache.keep(part, directory, f"{window.start}_{window.end}", ".csv")
        return Cached(
            SOURCE,
            window.label,
            f"{self.base}/api/v2/search/spending_by_transaction/",
            path,
            sha,
            path.stat().st_size,
            utcnow(),
            rows=len(kept),
            expected_rows=expected,  # other DHS: includes the ICE and CBP rows left to their windows
        )


def _api_row(component: Component, row: dict[str, Any]) -> list[str]:
    # ICE and CBP go by their code, as in the layout; another component by its sub-tier name,
    # which normalisation maps to USCIS, TSA, USCG, ...
    agency = component.code if not component.exclude else row.get("Awarding Sub Agency") or DHS
    values = [agency, *(row.get(name) for name in FIELDS[:-1])]
    return ["" if value is None else str(value) for value in values]


def windows(since: date, until: date, skip: set[str], settled: date) -> list[Window]:
    """Month windows of every component from `since`; a window already fetched is skipped
    once it ended before `settled` (late reports and corrections land before that)."""
    planned = [
        Window(component, start, end)
        for start, end in months(since, until)
        for component in COMPONENTS
    ]
    return [w for w in planned if not (w.label in skip and w.end < settled)]
