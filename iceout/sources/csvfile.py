"""Reading publisher CSV files: BOM, mixed line endings, physical line numbers, clear failures."""

import csv
import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

from iceout.errors import UnreadableFileError

# Government CSVs carry long free-text fields (descriptions, comments).
csv.field_size_limit(sys.maxsize)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_header(path: Path) -> list[str]:
    """The first line's column names, or [] when the file is not a CSV we can decode."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline(1 << 20)
    except UnicodeDecodeError:
        return []
    except OSError as exc:
        raise UnreadableFileError(str(path), f"cannot be read: {exc.strerror or exc}") from exc
    if "," not in first:
        return []
    return [name.strip() for name in next(csv.reader([first]))]


def iter_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number where the record starts, fields) for every data row.

    `newline=""` lets the csv module accept CRLF and LF in the same file (the published
    grants file switches after its header) and quoted line breaks inside fields.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            start = reader.line_num + 1
            for fields in reader:
                yield start, fields
                start = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            str(path), f"is not UTF-8 text (byte {exc.start} near line {start}): {exc.reason}"
        ) from exc
    except csv.Error as exc:
        raise UnreadableFileError(str(path), f"line {start}: broken CSV: {exc}") from exc
