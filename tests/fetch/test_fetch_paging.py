"""Paging the transaction search against a stand-in that behaves as the live search does
(tests/fetch/fake_services.py): rows that tie on the sort field come back in a new order for
every request, page 500 answers 503, answers are cached by request body, and dates past the
API's maximum are refused. Every transaction of a window is stored exactly once, or the window
is reported and not stored.

Contracts followed: usaspending-api api_contracts/contracts/v2/search/spending_by_transaction.md
and spending_by_transaction_count.md (request and answer shapes, `award_ids` exact match in
quotes), search/v2/views/spending_by_transaction.py (`internal_id` is the award's id; a page
starting at row 50,000 is refused), common/validator/award_filter.py and helpers.py (dates
checked against API_MAX_DATE), common/cache_decorator.py with experimental_api_flags.py (the
response cache and `X-Experimental-API: disable-cache-check`).
"""

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from iceout.sources.fetch import usaspending
from iceout.sources.fetch.cache import Cache
from iceout.sources.fetch.http import FetchError, HttpClient, RetryableError
from iceout.sources.fetch.usaspending_search import FIELDS, SEARCH_CAP, SearchReader

SINCE = "2025-09-01"  # September 2025 has days of 175 and 181 CBP transactions: more than a page
SEARCH = "/api/v2/search/spending_by_transaction/"
COUNT = "/api/v2/search/spending_by_transaction_count/"


def _published(services: Any, since: str, until: str = "9999") -> tuple[int, float]:
    """Transactions and dollars of the stand-in's rows in [since, until], each transaction once
    (its key: award, modification, date, amount; 126 rows of the export repeat one exactly)."""
    keys = {
        (
            r["generated_internal_id"].upper(),
            r["Mod"] or "0",
            r["Action Date"],
            r["Transaction Amount"],
        )
        for rows in services.transactions.values()
        for r in rows
        if since <= r["Action Date"] <= until
    }
    return len(keys), round(sum(k[3] for k in keys), 2)


def _body(day: str, page: int, order: str = "asc") -> dict[str, Any]:
    return {
        "filters": {
            "award_type_codes": ["A", "B", "C", "D"],
            "agencies": [usaspending.COMPONENTS[1].agency()],  # CBP
            "time_period": [{"start_date": day, "end_date": day}],
        },
        "fields": FIELDS,
        "page": page,
        "limit": 100,
        "sort": "Action Date",
        "order": order,
    }


def test_the_stand_in_orders_tied_rows_anew_for_each_request(server: Any) -> None:
    # 181 CBP transactions on 2025-09-29, all tied on the sort field: page 1 holds 100 of them,
    # a different 100 from one request to the next, as the live search answers
    fresh = {"X-Experimental-API": "disable-cache-check"}
    pages = []
    with HttpClient(lambda _: None, interval=0.0) as client:
        for _ in range(3):
            answer = client.json_once(
                "POST", server.url + SEARCH, _body("2025-09-29", 1), headers=fresh
            )
            pages.append({(r["generated_internal_id"], r["Mod"]) for r in answer["results"]})
        cached = client.json_once("POST", server.url + SEARCH, _body("2025-09-29", 1))
        cached_again = client.json_once("POST", server.url + SEARCH, _body("2025-09-29", 1))
    assert all(len(p) == 100 for p in pages)
    assert pages[0] != pages[1] or pages[1] != pages[2]
    assert cached == cached_again  # without the header the API's cache answers


def test_every_transaction_of_each_window_is_stored_once(
    server: Any, iceout: Any, query: Any, totals: Any, tmp_path: Path
) -> None:
    db = tmp_path / "store.duckdb"
    done = iceout("fetch", "--db", str(db), "--source", "usaspending", "--since", SINCE)
    assert done.returncode == 0, done.stderr
    rows, dollars = _published(server.services, SINCE)
    stored = query(db, "SELECT count(*), round(sum(amount_usd), 2) FROM src_us_transactions")
    assert stored == [(rows, dollars)] and rows > 9_000
    # the days that straddle page boundaries were searched alone, and the two days of more
    # than a page were paged again sorted by award
    by_day = [
        (r["body"]["filters"]["time_period"][0], r["body"]["page"], r["body"]["sort"])
        for r in server.services.requests(SEARCH)
    ]
    single = [
        (p["start_date"], page, sort)
        for p, page, sort in by_day
        if p["start_date"] == p["end_date"]
    ]
    assert len({day for day, _, _ in single}) > 50
    assert {day for day, page, sort in single if page == 2 and sort == "Award ID"} >= {
        "2025-09-29",
        "2025-09-30",
    }
    # a second fetch of the same months changes nothing
    before = totals(db)
    again = iceout("fetch", "--db", str(db), "--source", "usaspending", "--since", SINCE)
    assert again.returncode == 0, again.stderr
    assert totals(db) == before


def test_a_window_just_under_the_page_limit_is_split_below_page_500(
    server: Any, tmp_path: Path
) -> None:
    # ICE and CBP together from FY2021 to 2025-09-29: 49,983 transactions, under the 50,000
    # the search counts to, over the 49,900 it can page to (page 500 answers 503)
    window = usaspending.Window(date(2020, 10, 1), date(2025, 9, 29))
    with HttpClient(lambda _: None, interval=0.0, retries=2) as client:
        fetcher = usaspending.UsaspendingFetcher(
            client, server.url, Cache(tmp_path), lambda _: None
        )
        files = list(fetcher.transactions([window]))
    counted = [r["body"]["filters"] for r in server.services.requests(COUNT)]
    assert SEARCH_CAP < 49_983 <= 50_000 and not fetcher.incomplete
    assert len(files) == 6  # two halves, filed as ICE, CBP and the rest of DHS
    assert sum(f.rows or 0 for f in files) == sum(f.expected_rows or 0 for f in files) == 49_983
    assert max(r["body"]["page"] for r in server.services.requests(SEARCH)) < 500
    assert len(counted) == 3 + 4  # the window, each half, and ICE and CBP of each half


def test_an_award_that_straddles_a_page_within_a_day_is_searched_alone(
    server: Any, tmp_path: Path
) -> None:
    # no real day puts one award's transactions across a 100-row boundary, so pages of 3 rows
    # stand in for pages of 100: CBP on 2023-09-30 has three awards across such boundaries
    day = _body("2023-09-30", 1)["filters"]
    with HttpClient(lambda _: None, interval=0.0, retries=2) as client:
        expected = SearchReader(client, server.url, lambda _: None).count(day, "day")
        reader = SearchReader(client, server.url, lambda _: None, page_size=3)
        rows, counted = reader.complete(day, "CBP 2023-09-30", expected)
    published = [
        (r["generated_internal_id"], r["Mod"], r["Transaction Amount"])
        for r in server.services.transactions[usaspending.CBP]
        if r["Action Date"] == "2023-09-30"
    ]
    read = [(r["generated_internal_id"], r["Mod"], r["Transaction Amount"]) for r in rows]
    assert counted == expected == len(published) > 3 and Counter(read) == Counter(published)
    by_award = [
        r["body"] for r in server.services.requests(SEARCH) if "award_ids" in r["body"]["filters"]
    ]
    assert by_award and all(b["filters"]["award_ids"][0].startswith('"') for b in by_award)


def test_a_window_that_never_adds_up_is_reported_and_not_stored(
    server: Any, iceout: Any, query: Any, tmp_path: Path
) -> None:
    # a count that keeps announcing a transaction the search never returns (its index lagging)
    server.services.inject(COUNT, "inflate", "inflate", "inflate")
    db = tmp_path / "store.duckdb"
    done = iceout("fetch", "--db", str(db), "--source", "usaspending", "--since", "2026-08-01")
    assert done.returncode == 2
    assert "transactions DHS 2026-08: read" in done.stderr and "after 3 readings" in done.stderr
    assert "Traceback" not in done.stderr
    months = query(db, "SELECT DISTINCT request FROM src_fetched_files WHERE request LIKE 'trans%'")
    assert not [m for m in months if m[0].endswith("2026-08")]
    assert ("transactions CBP 2026-09",) in months  # the other windows carry on
    assert query(db, "SELECT count(*) FROM src_us_transactions") == [(0,)]


def test_end_dates_are_clipped_to_the_range_the_api_accepts(server: Any, tmp_path: Path) -> None:
    planned = usaspending.windows(date(2027, 8, 1), date(2028, 3, 1), set(), date(2027, 1, 1))
    assert max(w.end for w in planned) == usaspending.API_MAX_DATE == date(2027, 9, 30)
    years = list(usaspending.fiscal_years(*usaspending.clipped(date(2027, 8, 1), date(2028, 3, 1))))
    assert years == [(date(2027, 8, 1), date(2027, 9, 30))]
    with HttpClient(lambda _: None, interval=0.0, retries=1) as client:
        fetcher = usaspending.UsaspendingFetcher(
            client, server.url, Cache(tmp_path), lambda _: None
        )
        files = list(fetcher.transactions(planned))
    assert len(files) == 3 * len(planned) and not fetcher.incomplete
    statuses = Counter(r["status"] for r in server.services.requests("/api/v2/search/"))
    assert set(statuses) == {200}


def test_the_stand_in_refuses_what_the_api_refuses(server: Any) -> None:
    with HttpClient(lambda _: None, interval=0.0, retries=1) as client:
        late = _body("2026-08-03", 1)
        late["filters"]["time_period"] = [{"start_date": "2027-10-01", "end_date": "2028-03-01"}]
        for body, status in (
            (late, 422),
            ({**_body("2026-08-03", 1), "sort": "Recipient UEI"}, 400),
            ({**_body("2026-08-03", 500)}, 503),
            ({**_body("2026-08-03", 501)}, 422),
        ):
            with pytest.raises((FetchError, RetryableError)):
                client.json_once("POST", server.url + SEARCH, body)
            assert server.services.requests(SEARCH)[-1]["status"] == status
