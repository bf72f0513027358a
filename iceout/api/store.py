"""The store as the service holds it.

DuckDB allows one process to open a database file for writing, so the service opens it once
and gives each request its own cursor: reads run side by side and never wait for a write.
Writes (reviewers' decisions, API keys) are serialised by a lock. Views derived from the
tables (links with judgements applied, per-family totals) are computed once. A decision
updates, before its write returns, the views that know how to take it in (the standing links
re-derived from the computed ones, the summaries of the families whose links changed); the
others are dropped and built again on their next read; views that no decision changes stay.
So a decision shows on the very next read, and costs milliseconds rather than a rebuild.
"""

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from iceout import db
from iceout.errors import NO_DATABASE, IceoutError, StoreError
from iceout.i18n import N_
from iceout.resolve.judgements import Edge
from iceout.screen.screen import Screener

T = TypeVar("T")
# For a view's update after a decision: (before, after) of each view updated so far.
Rederived = dict[str, tuple[Any, Any]]
Update = Callable[[duckdb.DuckDBPyConnection, Any, Rederived], Any]

# Tables `iceout run` builds; without them there is nothing to serve.
REQUIRED_TABLES = ("res_families", "res_family_names", "res_ca_links", "wl_families", "wl_awards")


class Store:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(NO_DATABASE, path=str(self.path))
        self.con = db.connect(self.path)
        missing = [t for t in REQUIRED_TABLES if not db.table_exists(self.con, t)]
        if missing:
            self.con.close()
            raise StoreError(
                N_(
                    "%(path)s has not been built (no %(tables)s): run `iceout run --db %(path)s` first"
                ),
                path=str(self.path),
                tables=", ".join(missing),
            )
        try:
            self.screener = Screener(self.con)
        except duckdb.Error as exc:  # built by an older iceout, before a table it now reads
            self.con.close()
            raise StoreError(
                N_(
                    "%(path)s cannot be served (%(problem)s); rebuild it with "
                    "`iceout run --offline --db %(path)s`"
                ),
                path=str(self.path),
                problem=str(exc).splitlines()[0],
            ) from exc
        self._write_lock = threading.Lock()
        self._queue_lock = threading.Lock()
        self._pending: list[tuple[Callable[[duckdb.DuckDBPyConnection], Any], Future[Any]]] = []
        # Re-entrant: building one view may need another.
        self._views_lock = threading.RLock()
        self._views: dict[str, Any] = {}
        self._updates: dict[str, Update] = {}
        self._kept: set[str] = set()

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one request."""
        cursor = self.con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    @contextmanager
    def writing(self, decisions: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write at a time, all or nothing. Once a write of `decisions` commits, the
        views are brought up to date (see the module's docstring); other writes (API keys)
        change no view."""
        with self._write_lock:
            cursor = self.con.cursor()
            try:
                with db.transaction(cursor):
                    yield cursor
                if decisions:
                    self.screener.refresh_judgements(cursor)
                    self._rederive(cursor)
            finally:
                cursor.close()

    @contextmanager
    def exclusive(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write at a time, for work that makes its own transaction (the claims of
        documents a command sends through the server); it changes no view."""
        with self._write_lock:
            cursor = self.con.cursor()
            try:
                yield cursor
            finally:
                cursor.close()

    def decide(self, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """`work(cursor)` (a reviewer's decision) committed with the decisions waiting at the
        same moment: one transaction, one commit to disk and one update of the views for all of
        them (group commit), so that decisions arriving together do not queue one behind the
        other. Returns once this decision is committed. `work` must check before it writes
        (DuckDB has no savepoints): its error is its own, the others still commit."""
        done: Future[T] = Future()
        with self._queue_lock:
            self._pending.append((work, done))
        with self._write_lock:
            if not done.done():
                self._commit_pending()
        return done.result()

    def _commit_pending(self) -> None:
        with self._queue_lock:
            batch, self._pending = self._pending, []
        cursor = self.con.cursor()
        try:
            results: list[tuple[Future[Any], Any]] = []
            try:
                with db.transaction(cursor):
                    for work, future in batch:
                        try:
                            results.append((future, work(cursor)))
                        except IceoutError as exc:
                            future.set_exception(exc)
            except BaseException as exc:
                for _, future in results:
                    future.set_exception(exc)
                raise
            edges = [result for _, result in results]
            if all(isinstance(edge, Edge) for edge in edges):  # no need to read them back
                self.screener.judgements = self.screener.judgements.with_edges(edges)
            else:
                self.screener.refresh_judgements(cursor)
            self._rederive(cursor)
            for future, result in results:
                future.set_result(result)
        finally:
            cursor.close()
            for _, future in batch:
                if not future.done():
                    future.set_exception(StoreError("the decision could not be stored"))

    def _rederive(self, cursor: duckdb.DuckDBPyConnection) -> None:
        with self._views_lock:
            done: Rederived = {}
            views: dict[str, Any] = {}
            # in the order they were built, so that a view's inputs are updated before it
            for name, value in self._views.items():
                update = self._updates.get(name)
                if name in self._kept:
                    views[name] = value
                elif update is not None and (new := update(cursor, value, done)) is not None:
                    views[name] = new
                    done[name] = (value, new)
            self._views = views

    def view(
        self,
        name: str,
        build: Callable[[duckdb.DuckDBPyConnection], T],
        *,
        update: Callable[[duckdb.DuckDBPyConnection, T, Rederived], T | None] | None = None,
        keep: bool = False,
    ) -> T:
        """`build(cursor)`, computed once. After a decision the view is kept as it is
        (`keep`), updated (`update(cursor, value, rederived)`, None to drop it) or dropped.
        A view already built is read without taking the lock."""
        value: T | None = self._views.get(name)
        if value is not None:
            return value
        with self._views_lock:
            if update is not None:
                self._updates[name] = update
            if keep:
                self._kept.add(name)
            if name not in self._views:
                with self.reading() as cursor:
                    self._views[name] = build(cursor)
            value = self._views[name]
            return value

    def has_views(self, *names: str) -> bool:
        """Whether these views are built, so reading them cannot wait for a build."""
        return all(name in self._views for name in names)

    def close(self) -> None:
        self.con.close()
