"""Spreadsheet cells that stay data: every CSV iceout writes for people goes through here.

A cell starting with `=`, `+`, `-`, `@`, tab or carriage return is read by Excel, LibreOffice
and Google Sheets as a formula, so a vendor named `=HYPERLINK("http://...")` would become a live
link in the reviewer's spreadsheet. Such cells get a leading single quote (the OWASP rule),
which spreadsheets show as text; a real number (`-12.50`, `+3`) is left alone so that columns
of amounts stay numeric. Data caches that only iceout reads back are written verbatim.
"""

import csv
import io
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import IO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def cell(value: object) -> str:
    """The text of one cell, inert in a spreadsheet."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def typed(value: object) -> object:
    """A value for a typed spreadsheet (XLSX): numbers, dates and None as they are, so that
    columns of amounts stay numeric; text through `cell`."""
    if value is None or isinstance(value, bool | int | float | date | datetime):
        return value
    return cell(value)


class SheetWriter:
    """csv.writer whose every cell goes through `cell`.

    Rows are formatted with a CRLF terminator, whatever `lineterminator` is: Python's csv
    module quotes a cell holding a bare carriage return only when CR is part of the
    terminator, and an unquoted CR would split the row when read back."""

    def __init__(self, handle: IO[str], lineterminator: str = "\r\n") -> None:
        self._handle, self._terminator = handle, lineterminator
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def writerow(self, row: Iterable[object]) -> None:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow([cell(v) for v in row])
        self._handle.write(self._buffer.getvalue()[:-2] + self._terminator)

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


class SheetDictWriter:
    """csv.DictWriter whose every cell (header included) goes through `cell`."""

    def __init__(
        self, handle: IO[str], fieldnames: list[str], lineterminator: str = "\r\n"
    ) -> None:
        self.fieldnames = fieldnames
        self._writer = SheetWriter(handle, lineterminator)

    def writeheader(self) -> None:
        self._writer.writerow(self.fieldnames)

    def writerow(self, row: Mapping[str, object]) -> None:
        self._writer.writerow(row.get(c) for c in self.fieldnames)

    def writerows(self, rows: Iterable[Mapping[str, object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_text(columns: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """A table as CSV text for people: a BOM (so Excel reads UTF-8), CRLF rows, every cell
    through `cell`, amounts with their cents."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = SheetWriter(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(f"{v:.2f}" if isinstance(v, float) else v for v in row)
    return out.getvalue()


def xlsx_bytes(sheets: Iterable[tuple[str, Iterable[str], Iterable[Iterable[object]]]]) -> bytes:
    """Tables (sheet name, header, rows) as one XLSX workbook, a sheet each; numbers stay
    numbers and text stays text (`typed`)."""
    from openpyxl import Workbook  # loaded only when a workbook is asked for

    book = Workbook(write_only=True)
    for name, columns, rows in sheets:
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        sheet.append(list(columns))
        for row in rows:
            sheet.append([typed(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
