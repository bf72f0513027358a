"""Run the service on uvicorn: one process, since DuckDB lets one process write the store."""

from collections.abc import Callable
from pathlib import Path

import uvicorn

from iceout.api.app import create_app


def serve(
    db_path: Path,
    host: str,
    port: int,
    log: Callable[[str], None],
    *,
    cors_origins: tuple[str, ...] = ("*",),
) -> None:
    app = create_app(db_path, cors_origins=cors_origins)
    log(f"serving {db_path} on http://{host}:{port} (API docs at /docs); Ctrl-C stops")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
