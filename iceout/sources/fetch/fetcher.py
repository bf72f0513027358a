"""`iceout fetch`: download each public source into the cache, then ingest what came down and
record its provenance in ONE transaction.

Downloads never touch the database, so a fetch interrupted while downloading leaves it as it
was (the cache keeps the `.part` files to resume from); an interruption during the final
transaction rolls it back. Records are keyed, so fetching the same period twice adds nothing.
"""

import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from iceout.db import transaction
from iceout.errors import InputError
from iceout.i18n import N_
from iceout.settings import Settings
from iceout.sources.fetch import cache as provenance
from iceout.sources.fetch import usaspending
from iceout.sources.fetch.cache import Cache, Cached
from iceout.sources.fetch.http import FetchError, HttpClient, UnreachableError, utcnow
from iceout.sources.fetch.open_canada import ALL_DATASETS, OpenCanadaFetcher
from iceout.sources.fetch.progress import Report
from iceout.sources.fetch.sema import fetch_sema
from iceout.sources.fetch.usaspending_bulk import BulkAwards
from iceout.sources.ingest import FileResult, ingest_file
from iceout.staging import temp_prefix

SOURCES = ("usaspending", "open_canada", "sema")
FIRST_SINCE = date(2020, 10, 1)  # FY2021: the first fetch of an empty store starts here
SETTLE_DAYS = 120  # agencies report and correct late; windows younger than this are refetched


@dataclass(frozen=True)
class FetchConfig:
    home: Path
    usaspending_url: str
    open_canada_url: str
    sema_url: str
    timeout: float = 60.0
    retries: int = 5
    interval: float = 0.5

    @classmethod
    def from_settings(cls, settings: Settings) -> "FetchConfig":
        return cls(
            settings.home,
            settings.usaspending_url,
            settings.open_canada_url,
            settings.sema_url,
            settings.http_timeout,
            settings.http_retries,
            settings.request_interval,
        )


@dataclass
class FetchSummary:
    files: list[tuple[Cached, FileResult]] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # source -> why

    @property
    def new_records(self) -> int:
        return sum(result.rows_loaded for _, result in self.files)


def fetch(
    con: duckdb.DuckDBPyConnection,
    config: FetchConfig,
    sources: Iterable[str] = SOURCES,
    since: date | None = None,
    report: Report = lambda _: None,
) -> FetchSummary:
    chosen = _check_sources(sources)
    store = Cache(config.home)
    summary, fetched, unreachable = FetchSummary(), [], []
    for source in chosen:
        report(f"fetch {source} ...")
        client = HttpClient(report, config.timeout, config.retries, config.interval)
        try:
            # items come one by one: what was complete before a failure is still stored
            for item in _FETCHERS[source](client, config, store, _plan(con, source, since), report):
                fetched.append(item)
        except FetchError as exc:
            summary.failed[source] = exc.message
            unreachable.append(isinstance(exc, UnreachableError))
            report(f"fetch {source}: FAILED (its incomplete download is not stored): {exc.message}")
        finally:
            client.close()
    if unreachable and all(unreachable) and len(unreachable) == len(chosen):
        raise UnreachableError(
            "no public source could be reached: " + "; ".join(summary.failed.values())
        )
    summary.files = store_fetched(con, fetched, report)
    return summary


def _check_sources(sources: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(sources)) or list(SOURCES)
    unknown = [s for s in chosen if s not in SOURCES]
    if unknown:
        raise InputError(
            N_("unknown source %(sources)s: choose from %(choices)s"),
            sources=", ".join(unknown),
            choices=", ".join(SOURCES),
        )
    return chosen


@dataclass(frozen=True)
class _Plan:
    since: date
    until: date
    skip: set[str]  # requests already fetched into this store
    settled: date


def _plan(con: duckdb.DuckDBPyConnection, source: str, since: date | None) -> _Plan:
    today = date.today()
    done = provenance.fetched_requests(con, source)
    # --since refetches everything from that day; otherwise windows already fetched and settled
    # are skipped, and a store's first fetch starts at FIRST_SINCE.
    return _Plan(
        since or FIRST_SINCE, today, set() if since else done, today - timedelta(days=SETTLE_DAYS)
    )


Fetcher = Callable[[HttpClient, FetchConfig, Cache, _Plan, Report], Iterator[Cached]]


def _usaspending(
    client: HttpClient, config: FetchConfig, store: Cache, plan: _Plan, report: Report
) -> Iterator[Cached]:
    base = config.usaspending_url
    windows = usaspending.windows(plan.since, plan.until, plan.skip, plan.settled)
    report(f"  {len(windows)} transaction window(s) (month of DHS) from {plan.since}")
    search = usaspending.UsaspendingFetcher(client, base, store, report)
    yield from search.transactions(windows)
    failed = [*search.incomplete]
    bulk = BulkAwards(client, base, store, report)
    for start, end in usaspending.fiscal_years(*usaspending.clipped(plan.since, plan.until)):
        label = f"awards DHS FY{usaspending.fiscal_year(end)}"
        if any(s.startswith(label) for s in plan.skip) and end < plan.settled:
            continue
        try:
            yield from bulk.fiscal_year(start, end)
        except FetchError as exc:
            if isinstance(exc, UnreachableError):
                raise
            failed.append(exc.message)  # the other fiscal years carry on
            report(f"  WARNING {label}: not fetched: {exc.message}")
    if failed:
        raise FetchError("; ".join(failed))


def _open_canada(
    client: HttpClient, config: FetchConfig, store: Cache, plan: _Plan, report: Report
) -> Iterator[Cached]:
    fetcher = OpenCanadaFetcher(client, config.open_canada_url, store, report)
    for dataset in ALL_DATASETS:
        yield from fetcher.files(dataset)


def _sema(
    client: HttpClient, config: FetchConfig, store: Cache, plan: _Plan, report: Report
) -> Iterator[Cached]:
    yield fetch_sema(client, config.sema_url, store)


_FETCHERS: dict[str, Fetcher] = {
    "usaspending": _usaspending,
    "open_canada": _open_canada,
    "sema": _sema,
}


def store_fetched(
    con: duckdb.DuckDBPyConnection, fetched: list[Cached], report: Report
) -> list[tuple[Cached, FileResult]]:
    """Ingest the fetched files and record their provenance: all or nothing."""
    now = utcnow()
    done: list[tuple[Cached, FileResult]] = []
    with transaction(con), tempfile.TemporaryDirectory(prefix=temp_prefix("fetch")) as tmp:
        for number, item in enumerate(fetched, 1):
            result = _ingest(con, item, now, Path(tmp))
            provenance.record(con, item, now)
            done.append((item, result))
            if result.skipped and "already ingested" not in result.skipped:
                report(
                    f"  WARNING {item.request}: {result.skipped}: has the publisher changed its format?"
                )
            elif not result.skipped:
                report(
                    f"  [{number}/{len(fetched)}] {item.request}: {result.rows_read:,} rows, "
                    f"{result.rows_loaded:,} new, {result.rows_duplicate:,} already stored, "
                    f"{result.rows_quarantined:,} quarantined"
                )
    return done


def _ingest(con: duckdb.DuckDBPyConnection, item: Cached, now: datetime, tmp: Path) -> FileResult:
    # the fetch already knows the file's sha256: an unchanged 1 GB file is not hashed again
    if con.execute("SELECT 1 FROM src_files WHERE sha256 = ?", [item.sha256]).fetchone():
        return FileResult(str(item.path), skipped="already ingested: same content (sha256)")
    return ingest_file(con, item.path, now, tmp)
