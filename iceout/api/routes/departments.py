"""The policy view by Canadian department and fiscal year (report/departments.py), as JSON, or
as CSV or XLSX to open in a spreadsheet."""

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from iceout.api.downloads import XLSX, download
from iceout.api.limits import MAX_NAME_LENGTH
from iceout.api.policy_views import departments_now
from iceout.api.routes import errors, store_of
from iceout.domain import MoneyKind
from iceout.report.departments import COLUMNS, DepartmentYear, department_rows

router = APIRouter(tags=["Policy views"])


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
    years = departments_now(store_of(request))
    wanted = department.casefold()
    chosen = [
        y
        for y in years
        if wanted in y.department.casefold() and (not fiscal_year or y.fiscal_year == fiscal_year)
    ]
    if format != "json":
        return download("departments", format, COLUMNS, department_rows(chosen))
    return DepartmentView(len(chosen), [k.value for k in MoneyKind], chosen)
