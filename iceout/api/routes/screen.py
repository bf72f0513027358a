"""Screening: one name (GET), up to MAX_BATCH names (POST JSON), or an uploaded CSV."""

from typing import Annotated

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from iceout.api.audit import log_screening
from iceout.api.batch import read_upload, write_results
from iceout.api.errors import language
from iceout.api.limits import MAX_NAME_LENGTH
from iceout.api.models import ScreenBatch, ScreenBatchResult, ScreenResult
from iceout.api.routes import errors, store_of
from iceout.api.screening import DEFAULT_SCOPE, VIEWS, logged, screen
from iceout.domain import Decision
from iceout.errors import InputError
from iceout.i18n import N_

router = APIRouter(tags=["Screening"])

ERRORS = errors(400, 413)
ScopeQuery = Annotated[
    str,
    Query(
        pattern="^(ice|dhs)$",
        description="ice: only ICE awards count; dhs: awards of every DHS component",
    ),
]


@router.get("/api/screen", response_model=ScreenResult, responses=ERRORS)
async def screen_one(
    request: Request,
    name: Annotated[
        str,
        Query(min_length=1, max_length=MAX_NAME_LENGTH, description="A company or body's name"),
    ],
    country: Annotated[str | None, Query(max_length=100, description="Echoed back")] = None,
    scope: ScopeQuery = DEFAULT_SCOPE,
    preview: Annotated[
        bool,
        Query(
            description="true for an answer shown while the user types (the home page's "
            "instant search): logged as a preview (request 'preview'), apart from screenings"
        ),
    ] = False,
) -> Response:
    """Screen one name against the watchlist: decision (match / review / clear), score, the
    family, the name it matched, why, and what the family holds on each side. Each screening
    is logged (scr_log); a preview too, as request 'preview', so that what a user saw while
    typing leaves a trace without counting as a screening."""
    if not name.strip():
        raise InputError(N_("name is blank"))
    store, rows = store_of(request), [{"name": name, "country": country or ""}]
    # One name against the in-memory watchlist takes well under a millisecond: run it here,
    # without a thread hop, unless a view must first be built from the tables after a write.
    if store.has_views(*VIEWS, f"awards-{scope}"):
        result = screen(store, rows, scope, language(request))[0]
    else:
        result = (await run_in_threadpool(screen, store, rows, scope, language(request)))[0]
    # handed to the store's writer, not waited for: its rows of the moment share one commit
    # (iceout/api/store.py), so a preview per keystroke costs the request no write
    log_screening(request, store, "preview" if preview else "screen", scope, logged([result]))
    # Already a ScreenResult: answer its JSON directly rather than validate it a second time.
    return Response(result.model_dump_json(), media_type="application/json")


@router.post("/api/screen", response_model=ScreenBatchResult, responses=ERRORS)
def screen_many(
    request: Request, batch: ScreenBatch, scope: ScopeQuery = DEFAULT_SCOPE
) -> ScreenBatchResult:
    """Screen up to 1,000 names at once; results come back in the order sent."""
    rows = [
        {
            "name": q.name,
            "country": q.country or "",
            "id": q.id or "",
            "business_number": q.business_number or "",
        }
        for q in batch.names
    ]
    store = store_of(request)
    results = screen(store, rows, scope, language(request))
    log_screening(request, store, "screen", scope, logged(results))
    counts = {d.value: sum(1 for r in results if r.decision is d) for d in Decision}
    return ScreenBatchResult(counts=counts, results=results)


@router.post(
    "/api/screen/csv",
    response_class=Response,
    responses={**ERRORS, 200: {"content": {"text/csv": {}}, "description": "The rows, screened"}},
)
def screen_csv(
    request: Request, file: Annotated[UploadFile, File()], scope: ScopeQuery = DEFAULT_SCOPE
) -> Response:
    """Upload a CSV with a 'name' column (optional 'id': UEI, DUNS or Business Number);
    download the same rows with decision, score, family, matched_name, evidence, explanation
    and family_id added."""
    label = file.filename or "upload"
    columns, rows = read_upload(file.file.read(), label)
    store = store_of(request)
    results = screen(store, rows, scope, language(request))
    log_screening(request, store, "screen-csv", scope, logged(results))
    stem = label.rsplit(".", 1)[0] or "names"
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in stem)[:80]
    return Response(
        write_results(columns, rows, results),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{safe}-screened.csv"'},
    )
