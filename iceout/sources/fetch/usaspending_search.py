"""Reading one window of `/api/v2/search/spending_by_transaction/` so that no row is lost or
counted twice.

The search sorts on one field, and rows that tie on it (many share an action date) come back
in a different order from one request to the next: Elasticsearch breaks ties by shard and
replica. Pages then overlap and leave gaps, yet their rows can still add up to the count. The
API gives no transaction id to collect by (`internal_id` is the award's: usaspending-api
`search/v2/views/spending_by_transaction.py`), and a transaction may be published twice
identically, so rows cannot be merged by content either.

What every answer agrees on is where a value's block of rows sits, since the rows sorted before
it are the same whatever the ties. A value whose block lies inside one page is read whole from
that page. A value that straddles a page boundary (the last value of page k is the first of page
k+1) is searched again on its own, a day then, within a day, an award, where it fits in one
page: one answer is always consistent. A window is kept only when its rows equal the count;
otherwise it is read again in the other order with the API's cache bypassed, and after
`PASSES` readings it is reported, never stored short.
"""

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from iceout.sources.fetch.http import FetchError, HttpClient, RetryableError
from iceout.sources.fetch.progress import Meter, Report

PAGE_SIZE = 100
LAST_PAGE = 499  # page 500 answers 503: its rows reach past Elasticsearch's 50,000-row window
SEARCH_CAP = LAST_PAGE * PAGE_SIZE
PASSES = 3
ORDERS = ("asc", "desc")  # each pass another order: a cached or skewed answer is not met again
# usaspending-api common/experimental_api_flags.py: skips the response cache (cache_decorator.py)
FRESH = {"X-Experimental-API": "disable-cache-check"}
# Sort fields from coarse to fine; a value of each narrows a search to a day, then an award.
SORTS = ("Action Date", "Award ID")
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

Row = dict[str, Any]


class WindowIncomplete(FetchError):
    """A window whose rows could not all be read: reported, never stored short."""


@dataclass(frozen=True)
class Search:
    filters: dict[str, Any]
    label: str

    def narrowed(self, sort: str, value: object) -> "Search":
        """The same search limited to one value of `sort`."""
        if not isinstance(value, str) or not value:
            raise WindowIncomplete(f"{self.label}: rows without {sort} cannot be told apart")
        if sort == "Action Date":
            span = {"start_date": value, "end_date": value}
            return Search({**self.filters, "time_period": [span]}, f"{self.label} day {value}")
        # a quoted award id is an exact match (api_contracts search/spending_by_transaction.md)
        exact = {**self.filters, "award_ids": [f'"{value}"']}
        return Search(exact, f"{self.label} award {value}")


class SearchReader:
    def __init__(
        self, client: HttpClient, base: str, report: Report, page_size: int = PAGE_SIZE
    ) -> None:
        self.client, self.base, self.report = client, base, report
        self.page_size = page_size  # the API's largest; smaller only to test narrowing

    def count(self, filters: dict[str, Any], label: str, fresh: bool = False) -> int:
        answer = self.client.retrying(
            f"{label} count",
            lambda: self.client.json_once(
                "POST",
                f"{self.base}/api/v2/search/spending_by_transaction_count/",
                {"filters": filters},
                headers=FRESH if fresh else None,
            ),
        )
        try:
            return int(answer["results"]["contracts"])
        except (KeyError, TypeError, ValueError) as exc:
            raise FetchError(f"{label}: unexpected count answer: {str(answer)[:200]}") from exc

    def complete(self, filters: dict[str, Any], label: str, expected: int) -> tuple[list[Row], int]:
        """Every row of the window and the count they match; WindowIncomplete otherwise."""
        problem = ""
        for number in range(PASSES):
            if number:
                self.report(f"  {label}: {problem}; reading it again ({number + 1}/{PASSES})")
                time.sleep(self.client.backoff)
                expected = self.count(filters, label, fresh=True)  # it may have changed
            meter = Meter(self.report, label, "rows", expected)
            rows = self._read(Search(filters, label), 0, ORDERS[number % 2], number > 0, meter)
            if len(rows) == expected:
                meter.done = len(rows)  # the meter also counted rows read twice
                if expected:
                    self.report(meter.line())
                return rows, expected
            problem = f"read {len(rows):,} rows, the count says {expected:,}"
        raise WindowIncomplete(f"{label}: {problem} after {PASSES} readings: not stored")

    def _read(self, search: Search, depth: int, order: str, fresh: bool, meter: Meter) -> list[Row]:
        sort = SORTS[min(depth, len(SORTS) - 1)]
        pages = self._pages(search, sort, order, fresh, meter)
        if len(pages) == 1:
            return pages[0]  # one answer is consistent whatever its ties
        if depth == len(SORTS):
            raise WindowIncomplete(
                f"{search.label}: more than {self.page_size} transactions that no filter tells apart"
            )
        crossing = straddling(pages, sort)
        rows = [row for page in pages for row in page if row.get(sort) not in crossing]
        for value in crossing:
            rows.extend(self._read(search.narrowed(sort, value), depth + 1, order, fresh, meter))
        return rows

    def _pages(
        self, search: Search, sort: str, order: str, fresh: bool, meter: Meter
    ) -> list[list[Row]]:
        pages: list[list[Row]] = []
        for page in range(1, LAST_PAGE + 1):
            results, more = self.client.retrying(
                f"{search.label} page {page}", self._attempts(search, sort, order, page, fresh)
            )
            pages.append(results)
            meter.advance(len(results))
            if not more:
                return pages
        raise WindowIncomplete(f"{search.label}: more than {LAST_PAGE * self.page_size:,} rows")

    def _attempts(
        self, search: Search, sort: str, order: str, page: int, fresh: bool
    ) -> Callable[[], tuple[list[Row], bool]]:
        """One page; its retries bypass the API's cache, which would repeat a bad answer."""
        tries = itertools.count()
        return lambda: self._page(search, sort, order, page, fresh or next(tries) > 0)

    def _page(
        self, search: Search, sort: str, order: str, page: int, fresh: bool
    ) -> tuple[list[Row], bool]:
        answer = self.client.json_once(
            "POST",
            f"{self.base}/api/v2/search/spending_by_transaction/",
            {
                "filters": search.filters,
                "fields": FIELDS,
                "page": page,
                "limit": self.page_size,
                "sort": sort,
                "order": order,
            },
            headers=FRESH if fresh else None,
        )
        results = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(results, list):
            raise RetryableError(f"unexpected answer: {str(answer)[:200]}")
        more = bool((answer.get("page_metadata") or {}).get("hasNext"))
        if more and not results:
            raise RetryableError(f"empty page {page} before the end")
        if more and len(results) != self.page_size:
            raise RetryableError(f"page {page} holds {len(results)} rows, not {self.page_size}")
        return results, more


def straddling(pages: list[list[Row]], sort: str) -> list[object]:
    """Values of `sort` on both sides of a page boundary, in the order met."""
    found: list[object] = []
    for before, after in itertools.pairwise(pages):
        value = before[-1].get(sort) if before else None
        if before and after and after[0].get(sort) == value and value not in found:
            found.append(value)
    return found
