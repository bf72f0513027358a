"""The exposure report as an XLSX workbook (openpyxl): one sheet per table of
report/tables.py. Text is written as text, never as a formula (iceout/sheets.py)."""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from iceout.report.records import Exposure
from iceout.report.tables import Table, tables
from iceout.sheets import typed

MAX_WIDTH = 60


def write_xlsx(exposure: Exposure, path: Path) -> None:
    book = Workbook(write_only=True)
    for table in tables(exposure):
        _sheet(book, table)
    book.save(path)


def _sheet(book: Workbook, table: Table) -> None:
    sheet = book.create_sheet(table.name)
    sheet.freeze_panes = "A2"
    widths = [len(c) for c in table.columns]
    for row in list(table.rows)[:200]:
        widths = [
            max(w, min(len(str(v or "")), MAX_WIDTH)) for w, v in zip(widths, row, strict=True)
        ]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width + 2
    sheet.append(list(table.columns))
    for row in table.rows:
        sheet.append([typed(v) for v in row])
