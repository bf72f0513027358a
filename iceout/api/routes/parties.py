"""Party screening of an export permit application: `POST /api/parties` (JSON) and the
page `/parties` (a form of the application's parties, and the verdict)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from iceout.api.audit import log_screening
from iceout.api.errors import language
from iceout.api.parties import (
    ApplicationIn,
    ApplicationOut,
    application_out,
    screen_application,
)
from iceout.api.routes import errors, store_of
from iceout.api.routes.screen import ScopeQuery
from iceout.api.screening import DEFAULT_SCOPE, scoped_awards
from iceout.api.templating import render
from iceout.errors import InputError
from iceout.i18n import N_
from iceout.screen.parties import MAX_PARTIES, ROLES, logged_verdict

router = APIRouter(tags=["Screening"])

FORM_ROWS = 4
FIELDS = ("role", "name", "address", "country")


@router.post("/api/parties", response_model=ApplicationOut, responses=errors(400, 413))
def screen_parties(
    request: Request, application: ApplicationIn, scope: ScopeQuery = DEFAULT_SCOPE
) -> ApplicationOut:
    """Screen the parties of one export permit application (consignee, end user, intermediate
    consignees, ...): one verdict for the application and, for each party, why: a DHS
    component or office (English or French), a contractor family with its awards in scope,
    or clear with what was checked. The reasons are in the request's language (`?lang=fr`,
    or Accept-Language); decisions and bases are the API's words in either."""
    store = store_of(request)
    rows = [p.model_dump() for p in application.parties]
    verdict = screen_application(store, rows, scope)
    log_screening(request, store, "parties", scope, logged_verdict(verdict))
    return application_out(verdict, language(request))


@router.get("/parties", response_class=HTMLResponse, include_in_schema=False)
def parties_page(
    request: Request, scope: Annotated[str, Query(pattern="^(ice|dhs)$")] = DEFAULT_SCOPE
) -> HTMLResponse:
    return _page(request, [{}] * FORM_ROWS, scope, None)


@router.post("/parties", response_class=HTMLResponse, include_in_schema=False)
async def parties_form(request: Request) -> HTMLResponse:
    form = await request.form()
    scope = str(form.get("scope") or DEFAULT_SCOPE)
    rows = []
    for i in range(1, MAX_PARTIES + 1):
        row = {f: str(form.get(f"{f}_{i}") or "").strip() for f in FIELDS}
        if any(row.values()):
            rows.append(row)
    store = store_of(request)
    try:
        scoped_awards(store, scope)  # a scope that is not ice or dhs is refused here
        if not rows:
            raise InputError(N_("give at least one party: its name, and its role"))
        verdict = await run_in_threadpool(screen_application, store, rows, scope)
    except InputError as exc:
        problem = exc.in_language(language(request))
        return _page(request, rows or [{}] * FORM_ROWS, scope, None, problem, 400)
    await run_in_threadpool(
        log_screening, request, store, "parties", scope, logged_verdict(verdict), page=True
    )
    return _page(request, rows, scope, application_out(verdict, language(request)))


def _page(
    request: Request,
    rows: list[dict[str, str]],
    scope: str,
    result: ApplicationOut | None,
    problem: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    shown = rows + [{}] * max(0, FORM_ROWS - len(rows))
    return render(
        request,
        "parties.html.j2",
        status,
        rows=shown,
        scope=scope,
        roles=ROLES,
        result=result,
        problem=problem,
    )
