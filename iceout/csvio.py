"""CSV in and out for the commands: '-' is stdin/stdout; a missing column names the file."""

import csv
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from iceout.errors import InputError, UnreadableFileError
from iceout.sheets import SheetDictWriter


@contextmanager
def _open(path: str, mode: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdin if mode == "r" else sys.stdout
        return
    try:
        encoding = "utf-8-sig" if mode == "r" else "utf-8"
        with Path(path).open(mode, encoding=encoding, newline="") as handle:
            yield handle
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(path, f"is not UTF-8 text ({exc.reason})") from exc


def read_rows(path: str, required: tuple[str, ...]) -> tuple[list[str], list[dict[str, str]]]:
    """(columns, rows) of a CSV with a header; every required column must be present."""
    label = "standard input" if path == "-" else path
    with _open(path, "r") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or [])
        missing = [c for c in required if c not in columns]
        if missing:
            raise InputError(
                f"{label}: line 1: missing column(s) {', '.join(missing)} "
                f"(found: {', '.join(columns) or 'nothing'})"
            )
        try:
            rows = [dict(row) for row in reader]
        except csv.Error as exc:
            raise InputError(f"{label}: line {reader.line_num}: {exc}") from exc
    return columns, rows


def write_rows(path: str, columns: list[str], rows: list[dict[str, str]]) -> None:
    with _open(path, "w") as handle:
        writer = SheetDictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        handle.flush()
