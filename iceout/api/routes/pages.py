"""The web UI: server-rendered pages over the same functions as the API. Scripts in
iceout/api/static/ add instant search, signed-in review and the upload round trip."""

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from iceout.api.audit import log_screening
from iceout.api.dossier import dossier
from iceout.api.errors import language
from iceout.api.explained import explainer
from iceout.api.families import search
from iceout.api.ice_in_canada import ice_in_canada
from iceout.api.limits import MAX_BODY_BYTES, MAX_CSV_ROWS, MAX_NAME_LENGTH
from iceout.api.review import records_behind, review_queue
from iceout.api.routes import store_of
from iceout.api.screening import DEFAULT_SCOPE, logged, screen
from iceout.api.templating import render
from iceout.i18n import N_
from iceout.report.html import TOP_ROWS, chart_model, kind_groups

router = APIRouter(include_in_schema=False)

PAGE = 50


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request, q: Annotated[str, Query(max_length=MAX_NAME_LENGTH)] = ""
) -> HTMLResponse:
    store = store_of(request)
    found = search(store, q)
    verdict = (
        screen(store, [{"name": q}], DEFAULT_SCOPE, language(request))[0] if q.strip() else None
    )
    if verdict is not None:
        log_screening(request, store, "screen", DEFAULT_SCOPE, logged([verdict]), page=True)
    return render(
        request, "index.html.j2", q=q, verdict=verdict, families=found[:PAGE], total=len(found)
    )


@router.get("/families/{family_id}", response_class=HTMLResponse)
def family_page(request: Request, family_id: Annotated[str, Path(max_length=200)]) -> HTMLResponse:
    family = dossier(store_of(request), family_id, language(request), marked=True)
    us = sorted(family["us_awards"], key=lambda a: -(a.amount_usd or 0.0))
    return render(
        request,
        "family.html.j2",
        f=family,
        chart=chart_model([asdict(row) for row in family["by_year"]], language(request)),
        us_top=us[:TOP_ROWS],
        us_rest=us[TOP_ROWS:],
        ca_groups=kind_groups(family["canadian"], family["canadian_records"]),
        why=explainer(store_of(request), language(request)),
    )


@router.get("/review", response_class=HTMLResponse)
def review_page(
    request: Request, offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0
) -> HTMLResponse:
    items = review_queue(store_of(request))
    page = items[offset : offset + PAGE]
    return render(
        request,
        "review.html.j2",
        items=page,
        behind=records_behind(store_of(request), page),
        why=explainer(store_of(request), language(request)),
        total=len(items),
        offset=offset,
        limit=PAGE,
    )


@router.get("/batch", response_class=HTMLResponse)
def batch_page(request: Request) -> HTMLResponse:
    return render(request, "batch.html.j2", max_rows=MAX_CSV_ROWS, max_bytes=MAX_BODY_BYTES)


@router.get("/ice-in-canada", response_class=HTMLResponse)
def ice_in_canada_page(request: Request) -> HTMLResponse:
    return render(request, "ice_in_canada.html.j2", x=ice_in_canada())


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    titles = {401: N_("Sign-in needed"), 403: N_("Not allowed"), 404: N_("Not found")}
    title = titles.get(
        status, N_("Something went wrong") if status >= 500 else N_("Cannot do that")
    )
    return render(request, "error.html.j2", status, title=title, message=message)
