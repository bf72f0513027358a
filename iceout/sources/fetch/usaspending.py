"""USAspending API v2: DHS contract transactions page by page, and DHS prime award summaries
(with recipient parents and locations) plus their subawards by asynchronous bulk download.

The work is split into windows of one month of all DHS, halved while a window counts more than
49,900 rows: page 500 of a search asks Elasticsearch for rows past its 50,000-row window and
answers 503 (usaspending-api #3218). Each window is read once and filed by component (ICE, CBP,
the rest of DHS), one file each, every file checked against the count of its component: reading
ICE and CBP again inside all of DHS would double the requests. How a window is read without
losing or doubling a row is in `usaspending_search.py`; a window is stored only when its rows
equal the counts the API announces, and one that cannot be completed is reported, never stored
short. Dates are clipped to the range the API accepts.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from iceout.sources.fetch.cache import Cache, Cached
from iceout.sources.fetch.http import HttpClient, utcnow
from iceout.sources.fetch.progress import Report
from iceout.sources.fetch.usaspending_search import (
    FIELDS,
    SEARCH_CAP,
    SearchReader,
    WindowIncomplete,
)
from iceout.sources.usaspending import API_COLUMNS

SOURCE = "usaspending"
DHS = "Department of Homeland Security"
ICE = "U.S. Immigration and Customs Enforcement"
CBP = "U.S. Customs and Border Protection"
CONTRACT_TYPES = ["A", "B", "C", "D"]  # BPA call, purchase order, delivery order, definitive
# The dates the search accepts (usaspending-api settings API_SEARCH_MIN_DATE, API_MAX_DATE, checked
# by common/validator/award_filter.py): a later end date is refused, so windows stop there.
API_MIN_DATE = date(2007, 10, 1)
API_MAX_DATE = date(2027, 9, 30)


@dataclass(frozen=True)
class Component:
    code: str  # written in the layout's Agency column (ICE, CBP; other DHS: the sub-tier's name)
    subtier: str | None  # None: every other sub-tier of DHS (USCIS, TSA, Coast Guard, FEMA, ...)

    def holds(self, row: dict[str, Any]) -> bool:
        sub = str(row.get("Awarding Sub Agency") or "").upper()
        return sub == self.subtier.upper() if self.subtier else sub not in FILED_APART

    def agency(self) -> dict[str, str]:
        if self.subtier is None:
            return TOPTIER
        return {"type": "awarding", "tier": "subtier", "name": self.subtier, "toptier_name": DHS}


TOPTIER = {"type": "awarding", "tier": "toptier", "name": DHS}
COMPONENTS = (Component("ICE", ICE), Component("CBP", CBP), Component("DHS", None))
FILED_APART = frozenset({ICE.upper(), CBP.upper()})  # the sub-tiers with files of their own


@dataclass(frozen=True)
class Window:
    """All of DHS for a span of days: read once, then filed by component."""

    start: date
    end: date

    def label(self, code: str = "DHS") -> str:
        whole_month = self.start.day == 1 and (self.end + timedelta(days=1)).day == 1
        span = f"{self.start:%Y-%m}" if whole_month else f"{self.start}..{self.end}"
        return f"transactions {code} {span}"

    def filters(self, agency: dict[str, str] = TOPTIER) -> dict[str, Any]:
        return {
            "award_type_codes": CONTRACT_TYPES,
            "agencies": [agency],
            "time_period": [
                {"start_date": self.start.isoformat(), "end_date": self.end.isoformat()}
            ],
        }

    def halves(self) -> tuple["Window", "Window"]:
        middle = self.start + (self.end - self.start) // 2
        return Window(self.start, middle), Window(middle + timedelta(days=1), self.end)


def clipped(since: date, until: date) -> tuple[date, date]:
    """[since, until] within the dates the API accepts."""
    return max(since, API_MIN_DATE), min(until, API_MAX_DATE)


def months(since: date, until: date) -> Iterator[tuple[date, date]]:
    start = since.replace(day=1)
    while start <= until:
        following = (start + timedelta(days=32)).replace(day=1)
        yield max(start, since), min(following - timedelta(days=1), until)
        start = following


def fiscal_year(day: date) -> int:
    """The US federal fiscal year a day falls in: FY2027 runs from 2026-10-01."""
    return day.year + 1 if day.month >= 10 else day.year


def fiscal_years(since: date, until: date) -> Iterator[tuple[date, date]]:
    """US federal fiscal years (October to September), clipped to [since, until]."""
    year = since.year + 1 if since.month >= 10 else since.year
    while date(year - 1, 10, 1) <= until:
        yield max(date(year - 1, 10, 1), since), min(date(year, 9, 30), until)
        year += 1


class UsaspendingFetcher:
    def __init__(self, client: HttpClient, base: str, cache: Cache, report: Report) -> None:
        self.client, self.base, self.cache, self.report = client, base.rstrip("/"), cache, report
        self.search = SearchReader(client, self.base, report)
        self.incomplete: list[str] = []  # windows reported, not stored

    def transactions(self, windows: list[Window]) -> Iterator[Cached]:
        for window in windows:
            try:
                yield from self._window(window)
            except WindowIncomplete as exc:
                self.incomplete.append(exc.message)
                self.report(f"  WARNING {exc.message}")

    def _window(self, window: Window) -> Iterator[Cached]:
        expected = self.search.count(window.filters(), window.label())
        if expected > SEARCH_CAP:
            if window.start == window.end:
                raise WindowIncomplete(
                    f"{window.label()}: {expected:,} transactions in one day, more than the "
                    f"search can page ({SEARCH_CAP:,}): not stored"
                )
            for half in window.halves():
                yield from self._window(half)
            return
        rows, expected = self.search.complete(window.filters(), window.label(), expected)
        announced = self._announced(window, expected)
        filed = {c: [r for r in rows if c.holds(r)] for c in COMPONENTS}
        for component, held in filed.items():
            if len(held) != announced[component.code]:
                raise WindowIncomplete(
                    f"{window.label(component.code)}: {len(held):,} rows, the count says "
                    f"{announced[component.code]:,}: not stored"
                )
        for component, held in filed.items():  # the window whole, or nothing of it
            yield self._write(window, component, held, announced[component.code])

    def _announced(self, window: Window, total: int) -> dict[str, int]:
        """Rows the API counts for each component; the other components are what is left."""
        counts = {
            c.code: self.search.count(window.filters(c.agency()), window.label(c.code))
            for c in COMPONENTS
            if c.subtier
        }
        return {**counts, "DHS": total - sum(counts.values())}

    def _write(
        self, window: Window, component: Component, rows: list[dict[str, Any]], expected: int
    ) -> Cached:
        # Sorted, so that fetching an unchanged window again gives the same bytes (and sha256).
        kept = sorted(_api_row(component, r) for r in rows)
        directory = self.cache.directory(SOURCE, "transactions", component.code)
        part = directory / f"{window.start}.csv.part"
        with part.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(API_COLUMNS)
            writer.writerows(kept)
        path, sha = self.cache.keep(part, directory, f"{window.start}_{window.end}", ".csv")
        return Cached(
            SOURCE,
            window.label(component.code),
            f"{self.base}/api/v2/search/spending_by_transaction/",
            path,
            sha,
            path.stat().st_size,
            utcnow(),
            rows=len(kept),
            expected_rows=expected,
        )


def _api_row(component: Component, row: dict[str, Any]) -> list[str]:
    # ICE and CBP go by their code, as in the layout; another component by its sub-tier name,
    # which normalisation maps to USCIS, TSA, USCG, ...
    agency = component.code if component.subtier else row.get("Awarding Sub Agency") or DHS
    values = [agency, *(row.get(name) for name in FIELDS[:-1])]
    return ["" if value is None else str(value) for value in values]


def windows(since: date, until: date, skip: set[str], settled: date) -> list[Window]:
    """Month windows from `since`; a month already fetched (its file of every component) is
    skipped once it ended before `settled` (late reports and corrections land before that)."""
    since, until = clipped(since, until)
    planned = [Window(start, end) for start, end in months(since, until)]
    return [w for w in planned if not (_fetched(w, skip) and w.end < settled)]


def _fetched(window: Window, skip: set[str]) -> bool:
    return all(window.label(c.code) in skip for c in COMPONENTS)
