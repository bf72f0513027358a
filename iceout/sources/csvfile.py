"""Reading publisher CSV files: BOM, mixed line endings, physical line numbers, clear failures."""

import csv
import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from iceout.errors import UnreadableFileError

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


def iter_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number where the record starts, fields) for every data row.

    Lines keep their own endings, so the csv module accepts CRLF and LF in the same file (the
    published grants file switches after its header) and quoted line breaks inside fields.
    """
    with path.open("rb") as handle:
        reader = csv.reader(_decoded_lines(path, handle))
        start = 1
        try:
            next(reader, None)
            start = reader.line_num + 1
            for fields in reader:
                yield start, fields
                start = reader.line_num + 1
        except csv.Error as exc:
            raise UnreadableFileError(str(path), f"line {start}: broken CSV: {exc}") from exc
