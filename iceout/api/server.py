"""Run the service on uvicorn: one process, since DuckDB lets one process write the store."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from iceout import served
from iceout.api.app import create_app


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
) -> None:
    app = create_app(db_path, cors_origins=cors_origins, trusted_hosts=trusted_hosts)
    # The command line works through this process while it holds the store (iceout/served.py).
    app.state.local_token = served.new_token()
    local = "127.0.0.1" if host in ("0.0.0.0", "") else "[::1]" if host == "::" else host
    _withdraw_at_shutdown(app, db_path)
    try:
        served.announce(db_path, f"http://{local}:{port}", app.state.local_token)
    except OSError as exc:
        log(
            f"cannot write {served.runtime_path(db_path)} ({exc.strerror}): while this server "
            "runs, commands on the store will say it is in use instead of working through it"
        )
    log(f"serving {db_path} on http://{host}:{port} (API docs at /docs); Ctrl-C stops")
    try:
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            # past the cap new connections get a 503 at once; idle kept-alive ones are closed
            limit_concurrency=max_connections,
            timeout_keep_alive=int(max(1, keep_alive)),
        )
    finally:
        served.withdraw(db_path)


def _withdraw_at_shutdown(app: FastAPI, db_path: Path) -> None:
    """Remove the announcement when the application shuts down: uvicorn ends the process
    by raising the signal it caught again, so code after `uvicorn.run()` may never run."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with inner(app):
            try:
                yield
            finally:
                served.withdraw(db_path)

    app.router.lifespan_context = lifespan
