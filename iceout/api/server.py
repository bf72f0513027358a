"""Run the service on uvicorn: one process, since DuckDB lets one process write the store."""

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn

from iceout import served
from iceout.api.starting import App, Starting
from iceout.api.store import Store

try:  # the protocol uvicorn's "auto" would pick
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Http
except ImportError:  # pragma: no cover
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Http  # type: ignore[assignment]


def serve(
    db_path: Path,
    host: str,
    port: int,
    log: Callable[[str], None],
    *,
    cors_origins: tuple[str, ...] = ("*",),
    trusted_hosts: tuple[str, ...] = ("*",),
    max_connections: int = 1000,
    keep_alive: float = 5.0,
    header_timeout: float = 10.0,
    memory_limit: str | None = None,
    temp_directory: Path | None = None,
) -> None:
    """Open the store (a StoreError before anything binds when it cannot be served), bind,
    and warm up in a thread while /healthz already answers (iceout/api/starting.py)."""
    store = Store(db_path, load=False, memory_limit=memory_limit, temp_directory=temp_directory)
    # The command line works through this process while it holds the store (iceout/served.py).
    token = served.new_token()

    def build(step: Callable[[str], None]) -> App:
        from iceout.api.app import create_app, warm  # FastAPI and the views: after binding

        warm(store, step)
        app = create_app(store, cors_origins=cors_origins, trusted_hosts=trusted_hosts)
        app.state.local_token = token
        return app

    def stop(warmed: bool) -> None:
        """At shutdown: commit what the writer holds (once warm: a warm-up still running
        holds the store) and say this process no longer serves it. uvicorn ends the process
        by raising the signal it caught again, so code after `uvicorn.run()` may never run."""
        if warmed:
            store.close()
        served.withdraw(db_path)

    starting = Starting(build, stop=stop, local_token=token)
    local = "127.0.0.1" if host in ("0.0.0.0", "") else "[::1]" if host == "::" else host
    try:
        served.announce(db_path, f"http://{local}:{port}", token)
    except OSError as exc:
        log(
            f"cannot write {served.runtime_path(db_path)} ({exc.strerror}): while this server "
            "runs, commands on the store will say it is in use instead of working through it"
        )
    log(f"serving {db_path} on http://{host}:{port} (API docs at /docs); Ctrl-C stops")
    try:
        uvicorn.run(
            starting,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            lifespan="on",
            # past the cap new connections get a 503 at once; idle kept-alive ones are closed
            limit_concurrency=max_connections,
            timeout_keep_alive=int(max(1, keep_alive)),
            http=with_header_timeout(header_timeout),
        )
    finally:
        served.withdraw(db_path)


def with_header_timeout(seconds: float) -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol, closing a connection whose request line and headers are not all
    in `seconds` after it opened or after its previous answer. uvicorn has no such limit: a
    client that connects and says nothing, or sends its headers a byte at a time (slowloris),
    holds a connection, and a place under the connection cap, for ever."""

    class HeaderTimeout(_Http):
        _head_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._await_head()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._await_head()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
            super().connection_lost(exc)

        def _await_head(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
            if not self.transport.is_closing():
                self._head_timer = self.loop.call_later(seconds, self._head_late, self.cycle)

        def _head_late(self, cycle: object) -> None:
            # a new cycle means the next request's head arrived in time
            waiting = self.cycle is cycle and (cycle is None or self.cycle.response_complete)
            if waiting and not self.transport.is_closing():
                self.transport.close()

    return HeaderTimeout
