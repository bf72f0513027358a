"""The local cache of fetched files ($ICEOUT_HOME/cache/<source>/...) and their provenance.

Every file a fetch hands to ingest is recorded in `src_fetched_files`: what was asked
(`request`: an API window such as 'transactions ICE 2026-03', or a dataset resource), the URL,
when the bytes were retrieved, their size and sha256 (the same hash `src_files` keys on),
the rows counted and the rows the publisher announced. `iceout sources` lists it.
"""

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from iceout.sources.csvfile import file_sha256


@dataclass(frozen=True)
class Cached:
    source: str  # usaspending | open_canada | sema
    request: str
    url: str
    path: Path
    sha256: str
    size: int
    retrieved_at: datetime
    rows: int | None = None
    expected_rows: int | None = None
    etag: str | None = None
    last_modified: str | None = None


class Cache:
    def __init__(self, home: Path) -> None:
        self.root = home / "cache"

    def directory(self, *parts: str) -> Path:
        path = self.root.joinpath(*parts)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def keep(self, part: Path, directory: Path, stem: str, suffix: str) -> tuple[Path, str]:
        """Move a finished temporary file to a content-addressed name, so a refreshed window
        never overwrites the file an earlier ingest points its records at."""
        sha = file_sha256(part)
        final = directory / f"{stem}-{sha[:12]}{suffix}"
        if final.exists():
            part.unlink()
        else:
            os.replace(part, final)
        return final, sha


def record(con: duckdb.DuckDBPyConnection, item: Cached, checked_at: datetime) -> None:
    """Add one fetched file to the provenance table; a file fetched again unchanged only
    updates when the publisher last confirmed it."""
    con.execute(
        """
        INSERT INTO src_fetched_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (request, sha256) DO UPDATE SET checked_at = excluded.checked_at
        """,
        [
            item.source,
            item.request,
            item.url,
            str(item.path),
            item.sha256,
            item.size,
            item.rows,
            item.expected_rows,
            item.etag,
            item.last_modified,
            item.retrieved_at,
            checked_at,
        ],
    )


def fetched_requests(con: duckdb.DuckDBPyConnection, source: str) -> set[str]:
    rows = con.execute(
        "SELECT DISTINCT request FROM src_fetched_files WHERE source = ?", [source]
    ).fetchall()
    return {row[0] for row in rows}


def list_cached(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(source, request, url, retrieved_at, checked_at, size, rows, expected_rows, sha256, path),
    newest first."""
    return con.execute(
        """
        SELECT source, request, url, retrieved_at, checked_at, size_bytes, rows, expected_rows,
               sha256, path
        FROM src_fetched_files ORDER BY source, request, retrieved_at DESC
        """
    ).fetchall()
