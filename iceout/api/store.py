"""The store as the service holds it.

DuckDB allows one process to open a database file for writing, so the service opens it once
and gives each request its own cursor: reads run side by side and never wait for a write.

Writes go through one writer thread (`Writer`). Reviewers' decisions are committed in
batches: the decisions waiting when the writer comes round share one transaction and one
commit to disk (group commit), and each request is answered only once its decision is
committed. The screening log's rows ride in the same batches but nobody waits for them: a
screening answers at once and its log row is committed within a quarter of a second. Stopping the
service (Ctrl-C, SIGTERM) commits what is waiting; a `kill -9` may lose the last log rows of
the moment, never an acknowledged decision. Other writes (API keys, claims) take the writer's
lock and run in their own transaction.

Views derived from the tables (links with judgements applied, per-family totals) are
computed once. A decision updates, before its request is answered, the views that know how to
take it in (the standing links re-derived from the computed ones, the summaries of the
families whose links changed); the others are dropped and built again on their next read;
views that no decision changes stay. So a decision shows on the very next read, and costs
milliseconds rather than a rebuild.
"""

import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from iceout import db
from iceout.errors import NO_DATABASE, IceoutError, StoreError
from iceout.i18n import N_
from iceout.resolve.judgements import Edge, store_edges
from iceout.screen.log import append_rows
from iceout.screen.screen import Screener

T = TypeVar("T")
# For a view's update after a decision: (before, after) of each view updated so far.
Rederived = dict[str, tuple[Any, Any]]
Update = Callable[[duckdb.DuckDBPyConnection, Any, Rederived], Any]
Work = Callable[[duckdb.DuckDBPyConnection], Any]
# What the writer commits: a decision, work that writes one, or log rows (nobody waits).
Item = tuple["Edge | Work | list[tuple[Any, ...]]", "Future[Any] | None"]

# Tables `iceout run` builds; without them there is nothing to serve.
REQUIRED_TABLES = ("res_families", "res_family_names", "res_ca_links", "wl_families", "wl_awards")
# Seconds between commits of the screening log: one commit for all the screenings of the
# moment (and the previews typed meanwhile, a row per keystroke: a batch of a few hundred rows
# costs the writer about 8 ms of CPU where a row at a time would cost 2 ms each).
LOG_EVERY = 0.25
# API keys remembered (by secret) between key writes: a bounded number of callers.
KEYS_REMEMBERED = 1024


class Store:
    def __init__(
        self,
        path: Path,
        *,
        load: bool = True,
        memory_limit: str | None = None,
        temp_directory: Path | None = None,
    ) -> None:
        """Open the store and check it was built (quick: `iceout serve` does this before it
        binds its port, so a store it cannot serve is refused at once); `load` (or `load()`
        later, off the request path) builds the screener. `memory_limit` and `temp_directory`
        are DuckDB's cap and where it spills past it, as for every command (iceout/db.py)."""
        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(NO_DATABASE, path=str(self.path))
        self.con = db.connect(self.path, memory_limit=memory_limit, temp_directory=temp_directory)
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
        self._write_lock = threading.Lock()
        # Re-entrant: building one view may need another.
        self._views_lock = threading.RLock()
        self._views: dict[str, Any] = {}
        self._updates: dict[str, Update] = {}
        self._kept: set[str] = set()
        self._keys: OrderedDict[str, Any] = OrderedDict()
        self._cursors = threading.local()
        self.writer = Writer(self)
        if load:
            self.load()

    def load(self) -> None:
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
        with self.reading() as cursor:
            self.families = frozenset(
                r[0] for r in cursor.execute("SELECT family_id FROM res_families").fetchall()
            )
        self.writer.start()

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of this thread's own, kept for its next request (making and closing one
        per request was 5% of a screening's time); a fresh one when this thread's is in use
        (a view built while a read is open)."""
        mine = self._cursors
        cursor = getattr(mine, "cursor", None)
        if cursor is None or mine.busy:
            fresh = self.con.cursor()
            if cursor is None:
                mine.cursor, mine.busy = fresh, False
            else:
                try:
                    yield fresh
                finally:
                    fresh.close()
                return
            cursor = fresh
        mine.busy = True
        try:
            yield cursor
        finally:
            mine.busy = False

    @contextmanager
    def writing(self, decisions: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write at a time, all or nothing. Once a write of `decisions` commits, the
        views are brought up to date (see the module's docstring); other writes (API keys)
        change no view, and forget the keys remembered."""
        with self._write_lock:
            cursor = self.con.cursor()
            try:
                with db.transaction(cursor):
                    yield cursor
                if decisions:
                    self.screener.refresh_judgements(cursor)
                    self._rederive(cursor)
                else:
                    self._keys.clear()
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
        """`work(cursor)` (a reviewer's decision) committed by the writer with the decisions
        waiting at the same moment (group commit); returns once it is committed and the views
        updated. `work` must check before it writes (DuckDB has no savepoints): its error is
        its own, the others still commit."""
        done: Future[T] = Future()
        self.writer.put(work, done)
        return done.result()

    def record(self, edge: Edge) -> "Future[Edge]":
        """A decision checked beforehand (iceout/resolve/judgements.py `decision`), stored by
        the writer with the others of its batch in one statement; the future holds it as
        stored (its time is that of its batch, so that batches keep their order) once it is
        committed and the views updated."""
        done: Future[Edge] = Future()
        self.writer.put(edge, done)
        return done

    def log(self, rows: list[tuple[Any, ...]]) -> None:
        """Append screening-log rows (iceout/screen/log.py) without waiting for their commit."""
        self.writer.put(rows, None)

    def key(self, secret: str, find: Callable[[duckdb.DuckDBPyConnection, str], T]) -> T:
        """`find(cursor, secret)` (an API key or None), remembered until a key is written:
        a caller sending its key with every request costs the store one read."""
        if secret in self._keys:
            found: T = self._keys[secret]
            return found
        with self.reading() as cursor:
            found = find(cursor, secret)
        self._keys[secret] = found
        while len(self._keys) > KEYS_REMEMBERED:
            self._keys.popitem(last=False)
        return found

    def commit(self, batch: list[Item]) -> None:
        """One transaction for a batch of the writer's: decisions and log rows."""
        with self._write_lock:
            cursor = self.con.cursor()
            try:
                self._commit(cursor, batch)
            finally:
                cursor.close()

    def _commit(self, cursor: duckdb.DuckDBPyConnection, batch: list[Item]) -> None:
        results: list[tuple[Future[Any], Any]] = []
        now = datetime.now(UTC).replace(tzinfo=None)
        edges = [replace(item, decided_at=now) for item, _ in batch if isinstance(item, Edge)]
        waiting = [f for item, f in batch if isinstance(item, Edge) and f is not None]
        works = [(item, f) for item, f in batch if callable(item) and f is not None]
        rows = [row for item, _ in batch if isinstance(item, list) for row in item]
        try:
            if works:
                with db.transaction(cursor):
                    store_edges(cursor, edges)
                    for work, future in works:
                        try:
                            results.append((future, work(cursor)))
                        except IceoutError as exc:
                            future.set_exception(exc)
            else:  # one statement is one transaction: no BEGIN and COMMIT to send
                store_edges(cursor, edges)
        except BaseException as exc:
            for future in waiting:
                future.set_exception(exc)
            raise
        results = [*zip(waiting, edges, strict=True), *results]
        if results:
            made = [result for _, result in results]
            if all(isinstance(edge, Edge) for edge in made):  # no need to read them back
                self.screener.judgements = self.screener.judgements.with_edges(made)
            else:
                self.screener.refresh_judgements(cursor)
            self._rederive(cursor)
        for future, result in results:
            future.set_result(result)
        # the log apart, once the decisions are answered: a screening's rows never hold back,
        # or fail, a decision
        try:
            append_rows(cursor, rows)
        except duckdb.Error as exc:
            print(f"iceout serve: {len(rows)} screening log rows lost: {exc}", file=sys.stderr)

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
        """Commit what the writer holds, then close."""
        self.writer.stop()
        self.con.close()


class Writer:
    """The store's one writer thread: takes what is waiting (decisions with the futures their
    requests wait on, log rows nobody waits on) and commits it as one batch."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._waiting: list[Item] = []  # decisions: committed as soon as the writer can
        self._rows: list[Item] = []  # log rows: every LOG_EVERY seconds at most
        self._logged = time.monotonic()
        self._ready = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="iceout-writer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def put(self, item: Edge | Work | list[tuple[Any, ...]], future: Future[Any] | None) -> None:
        with self._ready:
            if future is None:
                self._rows.append((item, None))  # committed by the writer, or by stop()
                if len(self._rows) == 1:
                    self._ready.notify()  # the writer may be waiting with nothing due
            elif self._stopping or not self._thread.is_alive():
                future.set_exception(StoreError(N_("the service is stopping")))
            else:
                self._waiting.append((item, future))
                self._ready.notify()

    def stop(self) -> None:
        with self._ready:
            self._stopping = True
            self._ready.notify()
        if self._thread.is_alive():
            self._thread.join()
        elif self._rows:  # never started: only log rows can be waiting
            self._flush(self._take(True))

    def _take(self, rows: bool) -> list[Item]:
        batch, self._waiting = self._waiting, []
        if rows:
            batch += self._rows
            self._rows = []
            self._logged = time.monotonic()
        return batch

    def _run(self) -> None:
        while True:
            with self._ready:
                while not self._waiting and not self._stopping:
                    due = self._logged + LOG_EVERY - time.monotonic()
                    if self._rows and due <= 0:
                        break
                    self._ready.wait(due if self._rows else None)
                stopping = self._stopping
                batch = self._take(stopping or time.monotonic() >= self._logged + LOG_EVERY)
            if batch:
                self._flush(batch)
            if stopping:
                with self._ready:
                    rest = self._take(True)
                if rest:
                    self._flush(rest)
                return

    def _flush(self, batch: list[Item]) -> None:
        try:
            self.store.commit(batch)
        except BaseException as exc:  # the store failed (disk full?): say so to each waiting
            for _, future in batch:
                if future is not None and not future.done():
                    future.set_exception(
                        exc
                        if isinstance(exc, IceoutError)
                        else StoreError(N_("the decision could not be stored"))
                    )
