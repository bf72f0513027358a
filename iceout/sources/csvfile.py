"""Reading publisher CSV files: BOM, mixed line endings, physical line numbers, clear failures."""

import csv
import hashlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from iceout.errors import UnreadableFileError
from iceout.i18n import N_
from iceout.sources.layout import RowError

# Government CSVs carry long free-text fields (descriptions, comments).
csv.field_size_limit(sys.maxsize)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise UnreadableFileError(
            str(path), N_("cannot be read: %(reason)s"), reason=str(exc.strerror or exc)
        ) from exc
    return digest.hexdigest()


def read_header(path: Path) -> list[str]:
    """The first line's column names, or [] when the file is not a CSV we can decode."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(1 << 20)
    except OSError as exc:
        raise UnreadableFileError(
            str(path), N_("cannot be read: %(reason)s"), reason=str(exc.strerror or exc)
        ) from exc
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        return []
    if "," not in text:
        return []
    return [name.strip() for name in next(csv.reader([text]))]


def _decoded_lines(path: Path, handle: IO[bytes]) -> Iterator[str]:
    """Each physical line as text; invalid UTF-8 fails naming the exact line."""
    for number, raw in enumerate(handle, 1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise UnreadableFileError(
                str(path),
                N_("line %(line)s: not UTF-8 text (byte %(byte)s of the line)"),
                line=number,
                byte=exc.start + 1,
            ) from exc


class _Lines:
    """The decoded lines, remembering those of the record being read and whether the file
    has run out (the csv module then ends the record wherever it was, even inside quotes)."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.record: list[str] = []
        self.ended = False

    def __iter__(self) -> Iterator[str]:
        for line in self._lines:
            self.record.append(line)
            yield line
        self.ended = True


def iter_rows(
    path: Path, width: int = 0, last_column: str = "", whole_value: str | None = None
) -> Iterator[tuple[int, list[str] | RowError]]:
    """Yield (line number where the record starts, fields) for every data row, or a RowError
    for a record that cannot be whole: the file ends inside a quoted field (an unclosed quote
    swallowed the rest), or, given the header's `width`, a stray quote joined lines that are
    rows of their own. Such a record goes to quarantine with its lines, never merged.

    A file that does not end with a line break may have been cut inside its last row; that
    row is kept only when it proves itself whole (see _Proof), given the header's last column
    name and `whole_value`, the regular expression of that column's complete values.

    Lines keep their own endings, so the csv module accepts CRLF and LF in the same file (the
    published grants file switches after its header) and quoted line breaks inside fields.
    """
    with path.open("rb") as handle:
        proof = _Proof(width, last_column, whole_value) if _unterminated(handle) else None
        lines = _Lines(_decoded_lines(path, handle))
        reader = csv.reader(lines)
        start = 1
        try:
            next(reader, None)
            start = reader.line_num + 1
            lines.record = []
            for fields in reader:
                row = _whole(fields, lines, start, reader.line_num, width)
                if proof is not None and not isinstance(row, RowError):
                    row = proof.check(row, lines, start)
                yield start, row
                start = reader.line_num + 1
                lines.record = []
        except csv.Error as exc:
            raise UnreadableFileError(str(path), f"line {start}: broken CSV: {exc}") from exc


def _unterminated(handle: IO[bytes]) -> bool:
    """Whether the file's last byte is not a line break (the handle is left at the start)."""
    size = handle.seek(0, 2)
    if size:
        handle.seek(size - 1)
    last = handle.read(1)
    handle.seek(0)
    return bool(last) and last not in b"\r\n"


class _Proof:
    """Proves the last row of a file without a final line break whole. A cut inside the row
    leaves it short of fields; a cut inside its last field leaves a value that is still text,
    so that value must close its quotes, match the complete form of its column (a date, an id
    ending in a fixed-width code), or, for a column with no such form, be a value that other
    rows of the file hold (a department's name). Otherwise the row goes to quarantine: a
    phantom award from a cut id, or a cut amount, would count money that is not there."""

    def __init__(self, width: int, column: str, whole_value: str | None) -> None:
        self.width, self.column = width, column or "the last column"
        self.pattern = re.compile(whole_value) if whole_value else None
        self.seen: set[str] = set()  # the last column's values, when there is no pattern

    def check(self, fields: list[str], lines: _Lines, start: int) -> list[str] | RowError:
        text = "".join(lines.record)
        if text.endswith(("\n", "\r")):  # not the file's last row
            if self.pattern is None and fields:
                self.seen.add(fields[-1])
            return fields
        where = f"line {start}: the file ends without a line break"
        if self.width and len(fields) < self.width:
            return _broken(
                f"{where} in the middle of its last row ({len(fields)} of {self.width} fields;"
                " cut?)",
                text,
            )
        value = fields[-1] if fields else ""
        if text.rstrip().endswith('"') or self._complete(value):
            return fields
        rule = (
            "is not a complete value of that column"
            if self.pattern
            else "appears in no other row, so it cannot be proven whole"
        )
        return _broken(
            f"{where} and its last field, {self.column} = {value[:80]!r}, {rule} (cut?). If "
            "the file is whole, end it with a line break and ingest it again",
            text,
        )

    def _complete(self, value: str) -> bool:
        if self.pattern is not None:
            return self.pattern.fullmatch(value) is not None
        return value in self.seen


def _whole(
    fields: list[str], lines: _Lines, start: int, end: int, width: int
) -> list[str] | RowError:
    text = "".join(lines.record)
    if lines.ended and text.count('"') % 2:
        return _broken(
            f"lines {start}-{end}: the file ends inside a quoted field opened on line {start} "
            "(cut, or a quote that never closes)",
            text,
        )
    if width and len(lines.record) > 1 and len(fields) != width:
        return _broken(
            f"lines {start}-{end}: a quote opened on line {start} joins {end - start + 1} lines "
            f"into one row of {len(fields)} fields (expected {width})",
            text,
        )
    if "\x00" in text:
        # NUL is never text: it is what a damaged disk or a mis-decoded UTF-16 file leaves,
        # standing for bytes we cannot know (an amount's digits), so the row is not stored
        damaged = ", ".join(str(n) for n, value in enumerate(fields, 1) if "\x00" in value)
        return _broken(
            f"line {start}: NUL bytes in field {damaged or '?'}: a damaged file (or UTF-16 "
            "text) whose missing characters cannot be known",
            text.replace("\x00", "\\x00"),
        )
    if width >= 5 and len(lines.record) > 1:  # fewer columns: free text could look like a row
        joined = [n for n, line in enumerate(lines.record[1:], start + 1) if _is_row(line, width)]
        if joined:
            more = " and more" if len(joined) > 1 else ""
            return _broken(
                f"lines {start}-{end}: a stray quote on line {start} joins lines that are rows "
                f"of their own (line {joined[0]}{more})",
                text,
            )
    return fields


def _is_row(line: str, width: int) -> bool:
    """A line that reads as a row of the file by itself, not as the rest of a field."""
    return line.count(",") >= width - 1 and len(next(csv.reader([line]), [])) == width


def _broken(reason: str, text: str) -> RowError:
    error = RowError(reason)
    error.raw = text[:2000]  # type: ignore[attr-defined]
    return error
