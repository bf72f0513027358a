"""The policy views by DHS component (report/components.py) and of a policy's impact on each
Canadian department (report/impact.py), as JSON, or as CSV or XLSX to open in a spreadsheet.
The view by department and fiscal year is in routes/departments.py."""

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from iceout.api.downloads import XLSX, download
from iceout.api.limits import MAX_NAME_LENGTH
from iceout.api.policy_views import components_now, impact_now
from iceout.api.routes import errors, store_of
from iceout.domain import MoneyKind
from iceout.report import components, impact
from iceout.report.components import ComponentView
from iceout.report.impact import DepartmentImpact

router = APIRouter(tags=["Policy views"])
SPREADSHEETS: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {}, XLSX: {}}}}
Format = Annotated[
    Literal["json", "csv", "xlsx"],
    Query(description="json, or csv (UTF-8 with BOM) or xlsx to download"),
]


@dataclass(frozen=True)
class ComponentsOut:
    """DHS components and the families in both countries working for each: US obligations of
    the component's awards, and the family's Canadian money kind by kind."""

    total: int
    kinds: list[str]
    results: list[ComponentView]


@dataclass(frozen=True)
class ImpactOut:
    """For a scope (ice or dhs), every Canadian department paying a family with obligations in
    that scope: its affected suppliers and its money to them, kind by kind (never added)."""

    scope: str
    total: int
    suppliers: int
    kinds: list[str]
    results: list[DepartmentImpact]


@router.get(
    "/api/components",
    response_model=ComponentsOut,
    responses={**errors(400), **SPREADSHEETS},
)
def by_component(
    request: Request,
    component: Annotated[
        str, Query(max_length=10, description="A component code (ICE, CBP, ...); all if empty")
    ] = "",
    format: Format = "json",
) -> ComponentsOut | Response:
    """Which DHS component each family in both countries works for, from its US awards."""
    views = components_now(store_of(request))
    chosen = [v for v in views if not component or v.code == component.upper()]
    if format != "json":
        return download("components", format, components.COLUMNS, components.component_rows(chosen))
    return ComponentsOut(len(chosen), [k.value for k in MoneyKind], chosen)


@router.get("/api/impact", response_model=ImpactOut, responses={**errors(400), **SPREADSHEETS})
def policy_impact(
    request: Request,
    scope: Annotated[
        Literal["ice", "dhs"], Query(description="ice: ICE only; dhs: every DHS component")
    ] = "dhs",
    department: Annotated[
        str, Query(max_length=MAX_NAME_LENGTH, description="Part of the department's name")
    ] = "",
    format: Format = "json",
) -> ImpactOut | Response:
    """If Canada bars the contractors of `scope`: each department's affected suppliers."""
    wanted = department.casefold()
    chosen = [d for d in impact_now(store_of(request), scope) if wanted in d.department.casefold()]
    if format != "json":
        return download(
            f"impact-{scope}", format, impact.COLUMNS, impact.impact_rows(scope, chosen)
        )
    suppliers = len({s.family_id for d in chosen for s in d.suppliers})
    return ImpactOut(scope, len(chosen), suppliers, [k.value for k in MoneyKind], chosen)
