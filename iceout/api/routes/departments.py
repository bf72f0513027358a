"""The policy view by Canadian department and fiscal year (report/departments.py), as JSON, or
as CSV or XLSX to open in a spreadsheet."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from openpyxl import Workbook

from iceout.api.families import links_now
from iceout.api.limits import MAX_NAME_LENGTH
from iceout.api.routes import errors, store_of
from iceout.domain import MoneyKind
from iceout.report.departments import DepartmentYear, department_years
from iceout.sheets import cell, typed

router = APIRouter(tags=["Policy views"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CSV_COLUMNS = (
    "department",
    "fiscal_year",
    "kind",
    "kind_label",
    "value_cad",
    "records",
    "family_ids",
    "families",
)


@dataclass(frozen=True)
class DepartmentView:
    """Canadian departments paying watchlist families (with in-scope US obligations), by fiscal
    year, with a total per kind of money (kinds never added together)."""

    total: int
    kinds: list[str]
    results: list[DepartmentYear]


@router.get(
    "/api/departments",
    response_model=DepartmentView,
    responses={**errors(400), 200: {"content": {"text/csv": {}, XLSX: {}}}},
)
def departments(
    request: Request,
    department: Annotated[
        str, Query(max_length=MAX_NAME_LENGTH, description="Part of the department's name")
    ] = "",
    fiscal_year: Annotated[
        str, Query(max_length=10, description="A fiscal year, e.g. 2019-20")
    ] = "",
    format: Annotated[
        Literal["json", "csv", "xlsx"],
        Query(description="json, or csv (UTF-8 with BOM) or xlsx to download"),
    ] = "json",
) -> DepartmentView | Response:
    """Which Canadian departments pay ICE/DHS contractors, how much of each kind of money and
    in which fiscal year, with the families paid."""
    store = store_of(request)
    years = store.view(
        "departments", lambda con: department_years(con, links_now(store).standing.matched())
    )
    wanted = department.casefold()
    chosen = [
        y
        for y in years
        if wanted in y.department.casefold() and (not fiscal_year or y.fiscal_year == fiscal_year)
    ]
    if format == "csv":
        return Response(
            as_csv(chosen),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="departments.csv"'},
        )
    if format == "xlsx":
        return Response(
            as_xlsx(chosen),
            media_type=XLSX,
            headers={"Content-Disposition": 'attachment; filename="departments.xlsx"'},
        )
    return DepartmentView(len(chosen), [k.value for k in MoneyKind], chosen)


def rows(years: list[DepartmentYear]) -> Iterator[tuple[str | float | int | None, ...]]:
    """One row per department, fiscal year and kind of money."""
    for year in years:
        names = dict(zip(year.family_ids, year.families, strict=True))
        for kind in year.kinds:
            yield (
                year.department,
                year.fiscal_year,
                kind.kind,
                kind.label,
                round(kind.value_cad, 2),
                kind.records,
                " | ".join(kind.families),
                " | ".join(names[i] for i in kind.families),
            )


def as_csv(years: list[DepartmentYear]) -> str:
    """The rows as CSV, with a BOM so Excel reads UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows(years):
        writer.writerow([f"{v:.2f}" if isinstance(v, float) else cell(v) for v in row])
    return out.getvalue()


def as_xlsx(years: list[DepartmentYear]) -> bytes:
    """The rows as a one-sheet workbook; amounts as numbers, text as text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("departments")
    sheet.append(list(CSV_COLUMNS))
    for row in rows(years):
        sheet.append([typed(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
