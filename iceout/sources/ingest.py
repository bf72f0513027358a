"""Ingest: recognise each file's layout, parse its rows, and store new records with provenance.

One call is one transaction: a file that cannot be read rolls back everything the call stored.
Rows go through a newline-delimited JSON staging file and a set-based insert that skips records
already stored (from this file or any other), so overlapping publications count once.
"""

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from iceout.db import column_spec, insert_rows, transaction, write_jsonl
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
BATCH_ROWS = 200_000
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
class SmallFiles:
    """Small files staged apart and inserted together, one statement per table: thousands of
    files of a few rows each (GoC-Spending's per-vendor totals) would otherwise cost one
    insert each. What counts as new is decided as if they had been inserted one by one, in
    order: a key already stored, or met in an earlier file of the batch, is a duplicate."""

    con: duckdb.DuckDBPyConnection
    waiting: dict[str, list[tuple[Path, FileResult, str]]] = field(default_factory=dict)
    rows: int = 0

    def add(self, table: str, staged: Path, result: FileResult, sha: str, rows: int) -> None:
        self.waiting.setdefault(table, []).append((staged, result, sha))
        self.rows += rows

    def holds(self, result: FileResult) -> bool:
        return any(result is r for items in self.waiting.values() for _, r, _ in items)

    def flush(self) -> None:
        for table, items in self.waiting.items():
            _insert_many(self.con, table, items)
        self.waiting, self.rows = {}, 0


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
    staged = tmp / f"{sha}.jsonl"
    quarantine: list[tuple[int, str, str, str | None]] = []
    out = staged.open("w", encoding="utf-8")
    pending = 0
    try:
        for line, outcome in rows:
            result.rows_read += 1
            if isinstance(outcome, RowError):
                quarantine.append((line, str(outcome), "rejected", getattr(outcome, "raw", None)))
                continue
            for note in outcome.pop("_notes", []):
                quarantine.append((line, note, "kept", None))
            write_jsonl(out, {**outcome, **provenance, "source_row": line})
            pending += 1
            if pending == BATCH_ROWS:  # bounded memory for files of millions of rows
                out.close()
                result.rows_loaded += _insert(con, table, staged, result.layout)
                out, pending = staged.open("w", encoding="utf-8"), 0
    finally:
        out.close()
    batched = (
        small is not None
        and pending
        and result.rows_loaded == 0  # no batch of this file went in already
        and pending <= SMALL_FILE_ROWS
        and not SUPERSEDES.get(result.layout)
    )
    if batched and small is not None:
        small.add(table, staged, result, sha, pending)
    elif pending:
        result.rows_loaded += _insert(con, table, staged, result.layout)
    if reading is not None:
        public_accounts.store_classes(con, reading, provenance, tmp)
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


def _insert(con: duckdb.DuckDBPyConnection, table: str, staged: Path, layout: str) -> int:
    """Insert staged records not already stored; returns how many were new."""
    names, spec = column_spec(con, table)
    _replace_poorer(con, table, staged, layout)
    # table and column names come from our own schema, never from input. OR IGNORE skips keys
    # already stored through the primary key's index (an anti-join scanned the whole table, once
    # per file: slow for thousands of small files); QUALIFY keeps a file's first row of a key.
    row = con.execute(
        f"""
        INSERT OR IGNORE INTO {table} ({names})
        SELECT {names} FROM read_json(?, format = 'newline_delimited', columns = {spec}) AS s
        QUALIFY row_number() OVER (PARTITION BY s.record_key ORDER BY s.source_row) = 1
        """,
        [str(staged)],
    ).fetchone()
    return int(row[0]) if row else 0


def _insert_many(
    con: duckdb.DuckDBPyConnection, table: str, items: list[tuple[Path, FileResult, str]]
) -> None:
    """Insert the staged records of several small files at once, then set each file's counts
    (in its FileResult and in src_files) as if they had been inserted one by one, in order."""
    names, spec = column_spec(con, table)
    files = [str(staged) for staged, _, _ in items]
    # table and column names come from our own schema, never from input
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE ingest_batch AS
        SELECT s.* FROM read_json($files, format = 'newline_delimited', columns = {spec},
                                  filename = true) AS s
        JOIN (SELECT unnest($files) AS filename, generate_subscripts($files, 1) AS position)
            AS o USING (filename)
        QUALIFY row_number() OVER (PARTITION BY s.record_key ORDER BY o.position, s.source_row) = 1
        """,
        {"files": files},
    )
    new = dict(
        con.execute(
            f"""SELECT filename, count(*) FROM ingest_batch AS b
                WHERE NOT EXISTS (SELECT 1 FROM {table} AS t WHERE t.record_key = b.record_key)
                GROUP BY filename"""
        ).fetchall()
    )
    con.execute(f"INSERT OR IGNORE INTO {table} ({names}) SELECT {names} FROM ingest_batch")
    con.execute("DROP TABLE ingest_batch")
    for staged, result, sha in items:
        result.rows_loaded = int(new.get(str(staged), 0))
        result.rows_duplicate = result.rows_read - result.rows_quarantined - result.rows_loaded
        con.execute(
            "UPDATE src_files SET rows_loaded = ?, rows_duplicate = ? WHERE sha256 = ?",
            [result.rows_loaded, result.rows_duplicate, sha],
        )


def _replace_poorer(con: duckdb.DuckDBPyConnection, table: str, staged: Path, layout: str) -> None:
    """Drop stored records that a fuller layout's records of the same key replace."""
    poorer = sorted(SUPERSEDES.get(layout, ()))
    if not poorer:
        return
    # table names come from our own schema, never from input
    con.execute(
        f"""
        DELETE FROM {table} WHERE layout IN (SELECT unnest(?::VARCHAR[])) AND record_key IN (
            SELECT record_key FROM read_json(?, format = 'newline_delimited',
                                             columns = {{'record_key': 'VARCHAR'}}))
        """,
        [poorer, str(staged)],
    )
