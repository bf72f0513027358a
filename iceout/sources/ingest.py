"""Ingest: recognise each file's layout, parse its rows, and store new records with provenance.

One call is one transaction: a file that cannot be read rolls back everything the call stored.
Parsed records are gathered in batches, handed to DuckDB as Arrow tables built column by column
(`db.staged`), and inserted by one set-based statement per batch that skips records already
stored (from this file or any other), so overlapping publications count once.
"""

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from iceout.db import insert_rows, staged, table_columns, transaction
from iceout.errors import InputError, UnreadableFileError
from iceout.i18n import N_
from iceout.sources import (
    goc_spending,
    open_canada,
    pdftext,
    public_accounts,
    public_accounts_csv,
    sema,
    usaspending,
)
from iceout.sources.csvfile import file_sha256, iter_rows, read_header
from iceout.sources.layout import Layout, Record, Row, RowError
from iceout.staging import temp_prefix

LAYOUTS: list[Layout] = [
    *usaspending.LAYOUTS,
    *open_canada.LAYOUTS,
    *goc_spending.LAYOUTS,
    *sema.LAYOUTS,
    *public_accounts_csv.LAYOUTS,
]
# layout -> layouts whose stored record of the same key it replaces, being the fuller source
SUPERSEDES: dict[str, frozenset[str]] = {**sema.SUPERSEDES}
Progress = Callable[[str], None]
BATCH_ROWS = 50_000  # records per insert: bounded memory for files of millions of rows
SMALL_FILE_ROWS = 5_000  # files this small are inserted together (see SmallFiles) ...
SMALL_FILES_FROM = 100  # ... when a call ingests this many files; otherwise each as it comes


@dataclass
class FileResult:
    path: str
    layout: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_duplicate: int = 0
    rows_quarantined: int = 0
    skipped: str | None = None  # why the file was not loaded
    note: str | None = None  # e.g. a Public Accounts file's reconciliation


@dataclass
class IngestSummary:
    files: list[FileResult] = field(default_factory=list)

    @property
    def loaded(self) -> list[FileResult]:
        return [f for f in self.files if not f.skipped]


def detect_layout(header: list[str]) -> Layout | None:
    return next((layout for layout in LAYOUTS if layout.matches(header)), None)


def discover(paths: Iterable[str | Path]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(_files_under(path))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(N_("%(path)s: no such file or directory"), path=str(path))
    return found


def _files_under(folder: Path) -> list[Path]:
    """The files under `folder`, sorted. A subfolder that cannot be read stops the ingest,
    named (Path.rglob would skip it without a word, and its files would silently be missing)."""

    def unreadable(exc: OSError) -> None:
        reason = exc.strerror or str(exc)
        raise UnreadableFileError(
            str(exc.filename or folder),
            N_(
                "a folder that cannot be read (%(reason)s); nothing was ingested. Make it "
                "readable, or give the files to ingest by name"
            ),
            reason=reason,
        ) from exc

    found: list[Path] = []
    for root, _, names in os.walk(folder, onerror=unreadable):
        found.extend(Path(root, n) for n in names if not n.startswith("."))
    return sorted(p for p in found if p.is_file())


def ingest_paths(
    con: duckdb.DuckDBPyConnection, paths: Iterable[str | Path], progress: Progress = lambda _: None
) -> IngestSummary:
    summary = IngestSummary()
    files = discover(paths)
    now = datetime.now(UTC).replace(tzinfo=None)
    with transaction(con), tempfile.TemporaryDirectory(prefix=temp_prefix("ingest")) as tmp:
        cache = _pdf_cache(con) or Path(tmp) / "pdf_text"
        pdfs = [(p, file_sha256(p)) for p in files if pdftext.is_pdf(p)]
        stored = {sha for (sha,) in con.execute("SELECT sha256 FROM src_files").fetchall()}
        pdftext.warm([(p, sha) for p, sha in pdfs if sha not in stored], cache)
        small = SmallFiles(con) if len(files) >= SMALL_FILES_FROM else None
        waiting: list[tuple[int, FileResult]] = []
        for number, path in enumerate(files, 1):
            result = ingest_file(con, path, now, Path(tmp), small, cache)
            summary.files.append(result)
            if small and small.holds(result):  # its counts are known once the batch is in
                waiting.append((number, result))
            else:
                progress(_describe(number, len(files), result))
        if small:
            small.flush()
        for number, result in waiting:
            progress(_describe(number, len(files), result))
    return summary


@dataclass
class Batch:
    """Parsed records of one file waiting to be inserted: their line numbers and the file's
    provenance (layout, file, sha256, time of ingest) go in as columns of their own."""

    records: list[Record] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)

    def add(self, line: int, record: Record) -> None:
        self.records.append(record)
        self.lines.append(line)

    def columns(self) -> dict[str, list[Any]]:
        size = len(self.records)
        return {**{k: [v] * size for k, v in self.provenance.items()}, "source_row": self.lines}


@dataclass
class SmallFiles:
    """Small files staged apart and inserted together, one statement per table: thousands of
    files of a few rows each (GoC-Spending's per-vendor totals) would otherwise cost one
    insert each. What counts as new is decided as if they had been inserted one by one, in
    order: a key already stored, or met in an earlier file of the batch, is a duplicate."""

    con: duckdb.DuckDBPyConnection
    waiting: dict[str, list[tuple[Batch, FileResult, str]]] = field(default_factory=dict)
    held: set[int] = field(default_factory=set)  # id() of each FileResult waiting

    def add(self, table: str, batch: Batch, result: FileResult, sha: str) -> None:
        self.waiting.setdefault(table, []).append((batch, result, sha))
        self.held.add(id(result))

    def holds(self, result: FileResult) -> bool:
        return id(result) in self.held

    def flush(self) -> None:
        for table, items in self.waiting.items():
            _insert_many(self.con, table, items)
        self.waiting, self.held = {}, set()


def _describe(number: int, total: int, result: FileResult) -> str:
    where = f"[{number}/{total}] {result.path}"
    if result.skipped:
        return f"{where}: skipped ({result.skipped})"
    return (
        f"{where}: {result.layout}: {result.rows_read:,} rows, {result.rows_loaded:,} new, "
        f"{result.rows_duplicate:,} already stored, {result.rows_quarantined:,} quarantined"
        + (f"; {result.note}" if result.note else "")
    )


def _pdf_cache(con: duckdb.DuckDBPyConnection) -> Path | None:
    """Text extracted from PDFs, kept beside the store (cache/pdf_text), keyed by sha256."""
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return Path(row[0]).parent / "cache" / "pdf_text" if row and row[0] else None


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    now: datetime,
    tmp: Path,
    small: SmallFiles | None = None,
    pdf_cache: Path | None = None,
) -> FileResult:
    result = FileResult(path=str(path))
    sha = file_sha256(path)
    if con.execute("SELECT 1 FROM src_files WHERE sha256 = ?", [sha]).fetchone():
        result.skipped = "already ingested: same content (sha256)"
        return result
    reading = None
    if sema.is_sema(path):
        table, result.layout, rows = sema.TABLE, sema.LAYOUT, sema.iter_records(path)
    elif pdftext.is_pdf(path):
        reading = public_accounts.read(path, sha, pdf_cache or tmp / "pdf_text")
        if reading is None:
            result.skipped = "a PDF that is not Public Accounts Vol. III Section 3 or 6"
            return result
        table, result.layout = public_accounts.TABLE, reading.layout
        rows, result.note = public_accounts.iter_records(reading), reading.summary()
    else:
        header = read_header(path)
        layout = detect_layout(header)
        if layout is None:
            result.skipped = "unrecognised layout" if header else "not a CSV or XML file"
            return result
        table, result.layout, rows = layout.table, layout.name, _parse_csv(path, header, layout)
    provenance = {
        "layout": result.layout,
        "source_file": str(path),
        "source_sha256": sha,
        "ingested_at": now,
    }
    batch = Batch(provenance=provenance)
    quarantine: list[tuple[int, str, str, str | None]] = []
    inserted = False
    for line, outcome in rows:
        result.rows_read += 1
        if isinstance(outcome, RowError):
            quarantine.append((line, str(outcome), "rejected", getattr(outcome, "raw", None)))
            continue
        for note in outcome.pop("_notes", []):
            quarantine.append((line, note, "kept", None))
        batch.add(line, outcome)
        if len(batch.records) == BATCH_ROWS:
            result.rows_loaded += _insert(con, table, batch, result.layout)
            batch, inserted = Batch(provenance=provenance), True
    pending = len(batch.records)
    batched = (
        small is not None
        and pending
        and not inserted  # no batch of this file went in already
        and pending <= SMALL_FILE_ROWS
        and not SUPERSEDES.get(result.layout)
    )
    if batched and small is not None:
        small.add(table, batch, result, sha)
    elif pending:
        result.rows_loaded += _insert(con, table, batch, result.layout)
    if reading is not None:
        public_accounts.store_classes(con, reading, provenance)
    result.rows_quarantined = sum(1 for q in quarantine if q[2] == "rejected")
    result.rows_duplicate = result.rows_read - result.rows_quarantined - result.rows_loaded
    insert_rows(
        con,
        "src_quarantine",
        [
            {
                "source_file": str(path),
                "source_row": line,
                "reason": reason,
                "action": action,
                "raw": raw,
                "source_sha256": sha,
                "ingested_at": now,
            }
            for line, reason, action, raw in quarantine
        ],
    )
    con.execute(
        "INSERT INTO src_files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            sha,
            str(path),
            result.layout,
            result.rows_read,
            result.rows_loaded,
            result.rows_duplicate,
            result.rows_quarantined,
            now,
        ],
    )
    return result


def _parse_csv(
    path: Path, header: list[str], layout: Layout
) -> Iterator[tuple[int, Record | RowError]]:
    width = len(header)
    context = layout.context(path) if layout.context else {}
    whole_value = layout.whole_values.get(header[-1]) if header else None
    for line, fields in iter_rows(path, width, header[-1] if header else "", whole_value):
        if isinstance(fields, RowError):
            yield line, fields
            continue
        if not fields:
            continue
        if len(fields) != width:
            error = RowError(f"expected {width} fields, found {len(fields)}")
            error.raw = ",".join(fields)[:2000]  # type: ignore[attr-defined]
            yield line, error
            continue
        row = Row({**context, **dict(zip(header, fields, strict=True))}, layout.blank_values)
        try:
            record = layout.to_record(row)
        except RowError as exc:
            exc.raw = ",".join(fields)[:2000]  # type: ignore[attr-defined]
            yield line, exc
            continue
        if row.notes:
            record["_notes"] = row.notes
        yield line, record


def _insert(con: duckdb.DuckDBPyConnection, table: str, batch: Batch, layout: str) -> int:
    """Insert the batch's records not already stored; returns how many were new."""
    columns = table_columns(con, table)
    names = ", ".join(name for name, _ in columns)
    _replace_poorer(con, table, batch, layout)
    # table and column names come from our own schema, never from input. OR IGNORE skips keys
    # already stored through the primary key's index (an anti-join scanned the whole table, once
    # per file: slow for thousands of small files); QUALIFY keeps a file's first row of a key.
    with staged(con, columns, batch.records, batch.columns()) as source:
        row = con.execute(
            f"""
            INSERT OR IGNORE INTO {table} ({names})
            SELECT {names} FROM {source} AS s
            QUALIFY row_number() OVER (PARTITION BY s.record_key ORDER BY s.source_row) = 1
            """
        ).fetchone()
    return int(row[0]) if row else 0


def _insert_many(
    con: duckdb.DuckDBPyConnection, table: str, items: list[tuple[Batch, FileResult, str]]
) -> None:
    """Insert the records of several small files at once, then set each file's counts
    (in its FileResult and in src_files) as if they had been inserted one by one, in order."""
    columns = table_columns(con, table)
    names = ", ".join(name for name, _ in columns)
    records = [record for batch, _, _ in items for record in batch.records]
    extra: dict[str, list[Any]] = {"batch_position": []}
    for position, (batch, _, _) in enumerate(items):
        for name, values in batch.columns().items():
            extra.setdefault(name, []).extend(values)
        extra["batch_position"].extend([position] * len(batch.records))
    # table and column names come from our own schema, never from input
    with staged(con, columns, records, extra) as source:
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE ingest_batch AS
            SELECT * FROM {source} AS s
            QUALIFY row_number() OVER (
                PARTITION BY s.record_key ORDER BY s.batch_position, s.source_row) = 1
            """
        )
    new = dict(
        con.execute(
            f"""SELECT batch_position, count(*) FROM ingest_batch AS b
                WHERE NOT EXISTS (SELECT 1 FROM {table} AS t WHERE t.record_key = b.record_key)
                GROUP BY batch_position"""
        ).fetchall()
    )
    con.execute(f"INSERT OR IGNORE INTO {table} ({names}) SELECT {names} FROM ingest_batch")
    con.execute("DROP TABLE ingest_batch")
    for position, (_, result, sha) in enumerate(items):
        result.rows_loaded = int(new.get(position, 0))
        result.rows_duplicate = result.rows_read - result.rows_quarantined - result.rows_loaded
        con.execute(
            "UPDATE src_files SET rows_loaded = ?, rows_duplicate = ? WHERE sha256 = ?",
            [result.rows_loaded, result.rows_duplicate, sha],
        )


def _replace_poorer(con: duckdb.DuckDBPyConnection, table: str, batch: Batch, layout: str) -> None:
    """Drop stored records that a fuller layout's records of the same key replace."""
    poorer = sorted(SUPERSEDES.get(layout, ()))
    if not poorer:
        return
    # table names come from our own schema, never from input
    con.execute(
        f"""
        DELETE FROM {table} WHERE layout IN (SELECT unnest(?::VARCHAR[]))
        AND record_key IN (SELECT unnest(?::VARCHAR[]))
        """,
        [poorer, [record["record_key"] for record in batch.records]],
    )
