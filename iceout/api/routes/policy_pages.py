"""The policy views as pages: by department and fiscal year, by DHS component, and a policy's
impact on each department, each with its CSV and XLSX download (the API's `format`). The
tables are the report's (report/templates/_views.html.j2), and so is their script."""

from functools import cache
from importlib.resources import files
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from iceout.api.policy_views import components_now, departments_now, impact_now
from iceout.api.routes import store_of
from iceout.api.templating import render
from iceout.domain import MoneyKind
from iceout.report.components import KindSum

router = APIRouter(include_in_schema=False)


def _kinds(found: list[str]) -> list[KindSum]:
    """The kinds of money present, in domain order, as table columns."""
    return [KindSum(k.value, k.label, 0.0, 0) for k in MoneyKind if k.value in set(found)]


def _links(ids: set[str]) -> dict[str, str]:
    return {i: f"/families/{i}" for i in ids}


@router.get("/views/departments", response_class=HTMLResponse)
def departments_page(request: Request) -> HTMLResponse:
    years = departments_now(store_of(request))
    kinds = _kinds([k.kind for y in years for k in y.kinds])
    links = _links({i for y in years for i in y.family_ids})
    return render(request, "views_departments.html.j2", years=years, kinds=kinds, links=links)


@router.get("/views/components", response_class=HTMLResponse)
def components_page(request: Request) -> HTMLResponse:
    views = components_now(store_of(request))
    kinds = _kinds([k.kind for v in views for f in v.families for k in f.canadian])
    links = _links({f.family_id for v in views for f in v.families})
    return render(request, "views_components.html.j2", views=views, kinds=kinds, links=links)


@router.get("/views/impact", response_class=HTMLResponse)
def impact_page(
    request: Request,
    scope: Annotated[Literal["ice", "dhs"], Query()] = "dhs",
) -> HTMLResponse:
    found = impact_now(store_of(request), scope)
    kinds = _kinds([k.kind for d in found for k in d.totals])
    suppliers = {s.family_id for d in found for s in d.suppliers}
    return render(
        request,
        "views_impact.html.j2",
        scope=scope,
        found=found,
        kinds=kinds,
        links=_links(suppliers),
        affected=len(suppliers),
    )


@router.get("/views/table_tools.js")
def table_tools() -> Response:
    return Response(_script(), media_type="text/javascript; charset=utf-8")


@cache
def _script() -> str:
    return files("iceout").joinpath("report/templates/site/table_tools.js").read_text("utf-8")
