"""Ingest: recognise each file's layout, parse its rows, and store new records with provenance.

One call is one transaction: a file that cannot be read rolls back everything the call stored.
Parsed records are gathered in batches, handed to DuckDB as Arrow tables built column by column
(`db.staged`), and inserted by one set-based statement per batch that skips records already
stored (from this file or any other), so overlapping publications count once.
"""

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from iceout.db import arrow_table, insert_rows, staged, table_columns, transaction, typed_select
from iceout.errors import IceoutError, InputError, UnreadableFileError
from iceout.i18n import N_
from iceout.i18n.message import Message
from iceout.progress import Progress
from iceout.sources import (
    goc_spending,
    open_canada,
    pdftext,
    public_accounts,
    public_accounts_csv,
    sema,
    setread,
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
BATCH_ROWS = 50_000  # records per insert: bounded memory for files of millions of rows
SMALL_FILE_ROWS = 5_000  # files this small are inserted together (see SmallFiles) ...
SMALL_FILES_FROM = 100  # ... when a call ingests this many files; otherwise each as it comes
APART_FROM_BYTES = 1 << 20  # CSV files this large are parsed by a Reader when one is given
LAYOUTS_BY_NAME = {layout.name: layout for layout in LAYOUTS}
Quarantined = tuple[int, str, str, str | None]  # line, reason, action, raw


@dataclass
class FileResult:
    path: str
    layout: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_duplicate: int = 0
    rows_quarantined: int = 0
    skipped: str | None = None  # why the file was not loaded: a message id (N_), shown translated
    note: Message | None = None  # e.g. a Public Accounts file's reconciliation


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
    con: duckdb.DuckDBPyConnection,
    paths: Iterable[str | Path],
    progress: Progress = lambda _: None,
    reader: "Reader | None" = None,
) -> IngestSummary:
    """Store the records of every file under `paths`, in order. With a `reader` (the Spark
    engine's), the large CSV files are first parsed apart, in parallel, by the same layout
    code (`parse_apart`); their records are then stored from the Parquet it wrote exactly as
    parsed records are, so the stored tables are the same whichever parsed them."""
    summary = IngestSummary()
    files = discover(paths)
    now = datetime.now(UTC).replace(tzinfo=None)
    with transaction(con), tempfile.TemporaryDirectory(prefix=temp_prefix("ingest")) as tmp:
        cache = _pdf_cache(con) or Path(tmp) / "pdf_text"
        pdfs = [(p, file_sha256(p)) for p in files if pdftext.is_pdf(p)]
        stored = {sha for (sha,) in con.execute("SELECT sha256 FROM src_files").fetchall()}
        pdftext.warm([(p, sha) for p, sha in pdfs if sha not in stored], cache)
        apart = reader(_jobs(con, files, stored, now)) if reader else {}
        try:
            _ingest_files(con, files, now, Path(tmp), cache, apart, summary, progress)
        finally:
            for parsed in apart.values():
                shutil.rmtree(parsed.folder, ignore_errors=True)
    return summary


def _ingest_files(
    con: duckdb.DuckDBPyConnection,
    files: list[Path],
    now: datetime,
    tmp: Path,
    cache: Path,
    apart: "dict[str, Parsed]",
    summary: IngestSummary,
    progress: Progress,
) -> None:
    small = SmallFiles(con) if len(files) >= SMALL_FILES_FROM else None
    waiting: list[tuple[int, FileResult]] = []
    for number, path in enumerate(files, 1):
        result = ingest_file(con, path, now, tmp, small, cache, apart.get(str(path)))
        summary.files.append(result)
        if small and small.holds(result):  # its counts are known once the batch is in
            waiting.append((number, result))
        else:
            progress(_describe(number, len(files), result))
    if small:
        small.flush()
    for number, result in waiting:
        progress(_describe(number, len(files), result))


@dataclass
class Batch:
    """Parsed records of one file waiting to be inserted: their line numbers and the file's
    provenance (layout, file, sha256, time of ingest) go in as columns of their own."""

    records: list[Record] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.records)

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


def _describe(number: int, total: int, result: FileResult) -> Message:
    where = f"[{number}/{total}] {result.path}"
    if result.skipped:
        return Message("%(file)s: skipped (%(why)s)", file=where, why=Message(result.skipped))
    counts = Message(
        "%(file)s: %(layout)s: %(read)s rows, %(new)s new, %(stored)s already stored, "
        "%(quarantined)s quarantined",
        file=where,
        layout=result.layout or "",
        read=result.rows_read,
        new=result.rows_loaded,
        stored=result.rows_duplicate,
        quarantined=result.rows_quarantined,
    )
    return Message("%(a)s; %(b)s", a=counts, b=result.note) if result.note else counts


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
    parsed: "Parsed | None" = None,
) -> FileResult:
    """Store one file's new records, its quarantine and its provenance. `parsed`: the file
    as `parse_apart` wrote it (else it is parsed here); a file it could not read is read here
    again, so that its error is the one this path gives."""
    result = FileResult(path=str(path))
    sha = file_sha256(path)
    if con.execute("SELECT 1 FROM src_files WHERE sha256 = ?", [sha]).fetchone():
        result.skipped = N_("already ingested: same content (sha256)")
        return result
    # parsed apart from other content (the file changed since): parsed here again
    parsed = parsed if parsed is not None and not parsed.failed and parsed.sha256 == sha else None
    reading, header = None, []
    layout: Layout | None = None
    rows: Iterator[tuple[int, Record | RowError]] = iter(())
    if sema.is_sema(path):
        table, result.layout, rows = sema.TABLE, sema.LAYOUT, sema.iter_records(path)
    elif pdftext.is_pdf(path):
        reading = public_accounts.read(path, sha, pdf_cache or tmp / "pdf_text")
        if reading is None:
            result.skipped = N_("a PDF that is not Public Accounts Vol. III Section 3 or 6")
            return result
        table, result.layout = public_accounts.TABLE, reading.layout
        rows, result.note = public_accounts.iter_records(reading), reading.summary()
    else:
        header = read_header(path)
        layout = detect_layout(header)
        if layout is None:
            result.skipped = N_("unrecognised layout") if header else N_("not a CSV or XML file")
            return result
        table, result.layout = layout.table, layout.name
        if parsed is None:
            rows = _parse_csv(path, header, layout)
    provenance = _provenance(result.layout, path, sha, now)
    tally: Tally | None = None
    if parsed is not None:
        _store_batches(con, table, parsed.batches, result, small, sha)
        result.rows_read, result.rows_quarantined = parsed.rows_read, parsed.rejected
    else:
        if layout is not None:  # a large file of a layout that SQL reads: stored set-based
            tally = _store_set(con, table, path, header, layout, provenance, result, small)
        if tally is None:
            tally = Tally()
            _store_batches(con, table, _batches(rows, provenance, tally), result, small, sha)
        result.rows_read, result.rows_quarantined = tally.rows_read, tally.rejected
    if reading is not None:
        public_accounts.store_classes(con, reading, provenance)
    result.rows_duplicate = result.rows_read - result.rows_quarantined - result.rows_loaded
    if tally is not None:
        insert_rows(con, "src_quarantine", _quarantine_rows(tally.quarantine, provenance))
    elif parsed is not None and parsed.quarantine:
        # the columns of src_quarantine, in order; the file's name comes from our own folder
        con.execute(
            f"INSERT INTO src_quarantine SELECT ?, source_row, reason, action, raw, ?, ? "
            f"FROM read_parquet({_quoted(parsed.quarantine)})",
            [str(path), sha, now],
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


def _provenance(layout: str, path: Path, sha: str, now: datetime) -> dict[str, Any]:
    """Where each record of a file comes from: columns of every stored record."""
    return {"layout": layout, "source_file": str(path), "source_sha256": sha, "ingested_at": now}


@dataclass
class Tally:
    """What parsing a file counted: rows read, and the quarantine with its reasons."""

    rows_read: int = 0
    quarantine: list[Quarantined] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return sum(1 for q in self.quarantine if q[2] == "rejected")


def _batches(
    rows: Iterable[tuple[int, Record | RowError]], provenance: dict[str, Any], tally: Tally
) -> Iterator[Batch]:
    """The parsed records in batches of BATCH_ROWS; the rest goes to `tally`."""
    batch = Batch(provenance=provenance)
    for line, outcome in rows:
        tally.rows_read += 1
        if isinstance(outcome, RowError):
            tally.quarantine.append((line, str(outcome), "rejected", getattr(outcome, "raw", None)))
            continue
        for note in outcome.pop("_notes", []):
            tally.quarantine.append((line, note, "kept", None))
        batch.add(line, outcome)
        if len(batch.records) == BATCH_ROWS:
            yield batch
            batch = Batch(provenance=provenance)
    if batch.records:
        yield batch


def _store_batches(
    con: duckdb.DuckDBPyConnection,
    table: str,
    batches: "Iterable[Batch | Written]",
    result: FileResult,
    small: SmallFiles | None,
    sha: str,
) -> None:
    """Insert a file's batches as they come; a file of one small batch waits in `small`."""
    layout = result.layout or ""
    pending: Batch | Written | None = None
    inserted = False  # a batch of this file went in already
    for batch in batches:
        if pending is not None:
            result.rows_loaded += _insert(con, table, pending, layout)
            inserted = True
        pending = batch
    if pending is None:
        return
    if (
        small is not None
        and not inserted
        and len(pending) <= SMALL_FILE_ROWS
        and not SUPERSEDES.get(layout)
    ):
        small.add(table, pending.load() if isinstance(pending, Written) else pending, result, sha)
    else:
        result.rows_loaded += _insert(con, table, pending, layout)


def _quarantine_rows(quarantine: list[Quarantined], provenance: dict[str, Any]) -> list[Record]:
    return [
        {
            "source_file": provenance["source_file"],
            "source_row": line,
            "reason": reason,
            "action": action,
            "raw": raw,
            "source_sha256": provenance["source_sha256"],
            "ingested_at": provenance["ingested_at"],
        }
        for line, reason, action, raw in quarantine
    ]


def _store_set(
    con: duckdb.DuckDBPyConnection,
    table: str,
    path: Path,
    header: list[str],
    layout: Layout,
    provenance: dict[str, Any],
    result: FileResult,
    small: SmallFiles | None,
) -> Tally | None:
    """Store a large CSV file's records set-based (setread.py): DuckDB types the rows its
    layout's sql_form takes, Python the others, and one statement stores them all as
    _store_batches would. None, having stored nothing, for a file it cannot read so, or
    one small enough to wait in `small`."""
    if layout.sql_form is None or path.stat().st_size < APART_FROM_BYTES:
        return None
    raw = setread.read_raw(con, path, len(header))
    if raw is None:
        return None
    if small is not None and raw.rows <= SMALL_FILE_ROWS:  # it waits with the small files
        setread.drop(con)
        return None
    columns = table_columns(con, table)
    names = ", ".join(name for name, _ in columns)
    untaken = setread.type_rows(con, raw, layout, header, columns, provenance)
    context = layout.context(path) if layout.context else {}
    parsed = (
        (line, _record(header, fields, layout, context))
        for line, fields in setread.untyped_rows(con, raw, len(header), untaken)
    )
    tally = Tally()
    for batch in _batches(parsed, provenance, tally):
        with staged(con, columns, batch.records, batch.columns()) as source:
            # table and column names come from our own schema
            con.execute(f"INSERT INTO {setread.TYPED} ({names}) SELECT {names} FROM {source}")
    tally.rows_read = raw.rows
    result.rows_loaded = _store(con, table, columns, setread.TAKEN, result.layout or "")
    setread.drop(con)
    return tally


def _parse_csv(
    path: Path, header: list[str], layout: Layout
) -> Iterator[tuple[int, Record | RowError]]:
    width = len(header)
    context = layout.context(path) if layout.context else {}
    whole_value = layout.whole_values.get(header[-1]) if header else None
    for line, fields in iter_rows(path, width, header[-1] if header else "", whole_value):
        if isinstance(fields, RowError):
            yield line, fields
        elif not fields:
            continue
        elif len(fields) != width:
            error = RowError(f"expected {width} fields, found {len(fields)}")
            error.raw = ",".join(fields)[:2000]  # type: ignore[attr-defined]
            yield line, error
        else:
            yield line, _record(header, fields, layout, context)


def _record(
    header: list[str], fields: list[str], layout: Layout, context: dict[str, str]
) -> Record | RowError:
    """One row's record (with its notes under '_notes'), or the reason it is quarantined."""
    row = Row({**context, **dict(zip(header, fields, strict=True))}, layout.blank_values)
    try:
        record = layout.to_record(row)
    except RowError as exc:
        exc.raw = ",".join(fields)[:2000]  # type: ignore[attr-defined]
        return exc
    if row.notes:
        record["_notes"] = row.notes
    return record


def _insert(
    con: duckdb.DuckDBPyConnection, table: str, batch: "Batch | Written", layout: str
) -> int:
    """Insert the batch's records not already stored; returns how many were new."""
    columns = table_columns(con, table)
    if isinstance(batch, Written):  # every column of the table, as arrow_table wrote them
        source = typed_select(
            columns, [n for n, _ in columns], f"read_parquet({_quoted(batch.path)})"
        )
        return _store(con, table, columns, source, layout)
    with staged(con, columns, batch.records, batch.columns()) as source:
        return _store(con, table, columns, source, layout)


def _store(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: list[tuple[str, str]],
    source: str,
    layout: str,
) -> int:
    names = ", ".join(name for name, _ in columns)
    _replace_poorer(con, table, source, layout)
    # table and column names come from our own schema, never from input. OR IGNORE skips keys
    # already stored through the primary key's index (an anti-join scanned the whole table, once
    # per file: slow for thousands of small files); QUALIFY keeps a file's first row of a key.
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


def _replace_poorer(con: duckdb.DuckDBPyConnection, table: str, source: str, layout: str) -> None:
    """Drop stored records that a fuller layout's records of the same key (in `source`,
    the batch about to be inserted) replace."""
    poorer = sorted(SUPERSEDES.get(layout, ()))
    if not poorer:
        return
    # table names come from our own schema, never from input
    con.execute(
        f"""
        DELETE FROM {table} WHERE layout IN (SELECT unnest(?::VARCHAR[]))
        AND record_key IN (SELECT s.record_key FROM {source} AS s)
        """,
        [poorer],
    )


def _quoted(path: str) -> str:
    return "'" + path.replace("'", "''") + "'"


# --- parsing apart: large CSV files parsed where a Reader runs them (Spark's workers) -------


@dataclass(frozen=True)
class ParseJob:
    """One CSV file to parse apart: everything a worker needs, nothing of the store."""

    path: str
    layout: str
    provenance: dict[str, Any]
    columns: list[tuple[str, str]]  # the table's (name, DuckDB type), as table_columns gives


@dataclass(frozen=True)
class Written:
    """A batch of parsed records written as Parquet by `parse_apart`."""

    path: str
    size: int

    def __len__(self) -> int:
        return self.size

    def load(self) -> Batch:
        """The batch back in memory (a small file waiting with the other small files)."""
        import pyarrow.parquet as pq

        records = pq.read_table(self.path).to_pylist()
        first = records[0] if records else {}
        provenance = {name: first.get(name) for name in ("layout", "source_file")}
        provenance |= {name: first.get(name) for name in ("source_sha256", "ingested_at")}
        return Batch(records, [r["source_row"] for r in records], provenance)


@dataclass
class Parsed:
    """A file as `parse_apart` left it in `folder`: its batches, its quarantine, its counts."""

    path: str
    folder: str
    rows_read: int = 0
    rejected: int = 0
    batches: list[Written] = field(default_factory=list)
    quarantine: str | None = None  # a Parquet file of (source_row, reason, action, raw)
    failed: bool = False  # the file could not be read: the driver reads it again to say why
    sha256: str = ""  # the content parsed: the file is stored from this only if it still has it


Reader = Callable[[list[ParseJob]], dict[str, Parsed]]


def _jobs(
    con: duckdb.DuckDBPyConnection, files: list[Path], stored: set[str], now: datetime
) -> list[ParseJob]:
    """The large CSV files of a known layout not yet stored: what a Reader parses apart."""
    jobs, seen = [], set(stored)
    for path in files:
        try:
            if path.stat().st_size < APART_FROM_BYTES or sema.is_sema(path):
                continue
            if pdftext.is_pdf(path):
                continue
            layout = detect_layout(read_header(path))
            sha = file_sha256(path) if layout else ""
        except (OSError, UnreadableFileError):
            continue  # the driver reads it in its turn, and says why it cannot
        if layout is None or sha in seen:
            continue
        seen.add(sha)
        provenance = _provenance(layout.name, path, sha, now)
        jobs.append(ParseJob(str(path), layout.name, provenance, table_columns(con, layout.table)))
    return jobs


def parse_apart(job: ParseJob, folder: str) -> Parsed:
    """Parse one CSV file with its layout's code, as `ingest_file` does, and write its records
    (in batches) and quarantine as Parquet into `folder`; needs no store, so it runs on a
    Spark worker."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    parsed, tally, path = Parsed(job.path, folder), Tally(), Path(job.path)
    try:
        rows = _parse_csv(path, read_header(path), LAYOUTS_BY_NAME[job.layout])
        for number, batch in enumerate(_batches(rows, job.provenance, tally)):
            target = str(out / f"records-{number}.parquet")
            pq.write_table(arrow_table(job.columns, batch.records, batch.columns()), target)
            parsed.batches.append(Written(target, len(batch.records)))
        # the file hashed when the job was made is the file parsed, or the driver parses it
        parsed.sha256 = file_sha256(path)
    except (IceoutError, OSError):
        parsed.failed = True
        return parsed
    parsed.failed = parsed.sha256 != job.provenance["source_sha256"]
    parsed.rows_read, parsed.rejected = tally.rows_read, tally.rejected
    if tally.quarantine:
        lines, reasons, actions, raws = zip(*tally.quarantine, strict=True)
        parsed.quarantine = str(out / "quarantine.parquet")
        quarantine = {
            "source_row": pa.array(lines, pa.int32()),
            "reason": pa.array(reasons, pa.string()),
            "action": pa.array(actions, pa.string()),
            "raw": pa.array(raws, pa.string()),
        }
        pq.write_table(pa.table(quarantine), parsed.quarantine)
    return parsed
