"""Reading publisher CSV files: BOM, mixed line endings, physical line numbers, clear failures."""

import csv
import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from iceout.errors import UnreadableFileError
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
        raise UnreadableFileError(str(path), f"cannot be read: {exc.strerror or exc}") from exc
    return digest.hexdigest()


def read_header(path: Path) -> list[str]:
    """The first line's column names, or [] when the file is not a CSV we can decode."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(1 << 20)
    except OSError as exc:
        raise UnreadableFileError(str(path), f"cannot be read: {exc.strerror or exc}") from exc
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
                str(path), f"line {number}: not UTF-8 text (byte {exc.start + 1} of the line)"
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


def iter_rows(path: Path, width: int = 0) -> Iterator[tuple[int, list[str] | RowError]]:
    """Yield (line number where the record starts, fields) for every data row, or a RowError
    for a record that cannot be whole: the file ends inside a quoted field (an unclosed quote
    swallowed the rest), or, given the header's `width`, a stray quote joined lines that are
    rows of their own. Such a record goes to quarantine with its lines, never merged.

    Lines keep their own endings, so the csv module accepts CRLF and LF in the same file (the
    published grants file switches after its header) and quoted line breaks inside fields.
    """
    with path.open("rb") as handle:
        lines = _Lines(_decoded_lines(path, handle))
        reader = csv.reader(lines)
        start = 1
        try:
            next(reader, None)
            start = reader.line_num + 1
            lines.record = []
            for fields in reader:
                yield start, _whole(fields, lines, start, reader.line_num, width)
                start = reader.line_num + 1
                lines.record = []
        except csv.Error as exc:
            raise UnreadableFileError(str(path), f"line {start}: broken CSV: {exc}") from exc


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
