"""A policy view's table as a download: CSV (UTF-8 with BOM) or XLSX, written by
iceout/sheets.py, the one spreadsheet writer."""

from collections.abc import Iterable

from fastapi import Response

from iceout.sheets import csv_text, xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX}


def download(
    name: str, fmt: str, columns: Iterable[str], rows: Iterable[Iterable[object]]
) -> Response:
    """`name`.csv or `name`.xlsx (one sheet called `name`), as an attachment."""
    body: str | bytes = (
        csv_text(columns, rows) if fmt == "csv" else xlsx_bytes([(name, columns, rows)])
    )
    return Response(
        body,
        media_type=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )
