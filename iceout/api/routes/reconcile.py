"""An OpenRefine reconciliation service (W3C Reconciliation API, version 0.2): the manifest,
queries (form field `queries`, by POST or GET) and an entity preview. Add
http://HOST:PORT/reconcile as a service in OpenRefine to reconcile a column of vendor names
against the watchlist's families."""

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import TypeAdapter, ValidationError

from iceout.api.families import summaries
from iceout.api.limits import MAX_BATCH, MAX_BODY_BYTES
from iceout.api.models import (
    ReconCandidate,
    ReconManifest,
    ReconPreview,
    ReconQuery,
    ReconResult,
    ReconType,
    ReconView,
    confidence,
)
from iceout.api.routes import errors, store_of
from iceout.api.screening import screen
from iceout.api.templating import render
from iceout.domain import Decision
from iceout.errors import InputError, NotFoundError

router = APIRouter(tags=["Reconciliation (OpenRefine)"])

TYPES = {
    "Company": ReconType(id="Company", name="Company"),
    "PublicBody": ReconType(id="PublicBody", name="Public body"),
}
# Query types that can name an organisation; others (Person, Vessel, ...) get no candidates.
ORGANISATION_TYPES = {*TYPES, "Organization", "LegalEntity"}
COUNTRY_PIDS = {"country", "jurisdiction"}
ID_PIDS = {"id", "uei", "duns", "business_number", "registrationNumber", "taxNumber"}
QUERIES = TypeAdapter(dict[str, ReconQuery])
Results = dict[str, ReconResult]


@router.get(
    "/reconcile",
    response_model=ReconManifest | Results,
    responses=errors(400),
)
def manifest_or_queries(
    request: Request,
    queries: Annotated[
        str | None,
        Query(max_length=8000, description="JSON-encoded queries (POST for larger batches)"),
    ] = None,
) -> ReconManifest | Results:
    """Without `queries`: the service manifest. With them: their candidates."""
    if queries is not None:
        return reconcile(request, queries)
    base = str(request.base_url).rstrip("/")
    return ReconManifest(
        versions=["0.2"],
        name="iceout: ICE/DHS contractors with Canadian federal money",
        identifierSpace=f"{base}/families/",
        schemaSpace=f"{base}/reconcile#types",
        defaultTypes=list(TYPES.values()),
        view=ReconView(url=f"{base}/families/{{{{id}}}}"),
        preview=ReconPreview(url=f"{base}/reconcile/preview?id={{{{id}}}}", width=430, height=300),
        documentation=f"{base}/docs",
        batchSize=25,
    )


@router.post("/reconcile", response_model=Results, responses=errors(400))
def reconcile_queries(
    request: Request,
    queries: Annotated[str, Form(max_length=MAX_BODY_BYTES, description="JSON-encoded queries")],
) -> Results:
    """Reconcile a batch: {"q0": {"query": "Garda World", "type": "Company", "limit": 3,
    "properties": [{"pid": "country", "v": "CA"}]}, ...}."""
    return reconcile(request, queries)


def reconcile(request: Request, raw: str) -> Results:
    try:
        batch = QUERIES.validate_json(raw)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem.get("loc", ()))
        raise InputError(f"queries: {where + ': ' if where else ''}{problem['msg']}") from exc
    if len(batch) > MAX_BATCH:
        raise InputError(f"too many queries in one batch (limit: {MAX_BATCH})")
    wanted = [(qid, q) for qid, q in batch.items() if _organisation(q.type)]
    rows = [_row(q) for _, q in wanted]
    results = dict(zip([qid for qid, _ in wanted], screen(store_of(request), rows), strict=True))
    families = summaries(store_of(request))
    out: Results = {}
    for qid, query in batch.items():
        found = results.get(qid)
        family = families.get(found.family_id or "") if found else None
        candidates = []
        if found and family:
            candidates.append(
                ReconCandidate(
                    id=family.family_id,
                    name=family.name,
                    type=[TYPES["PublicBody" if family.kind == "government" else "Company"]],
                    score=round(confidence(found) * 100, 1),
                    match=found.decision is Decision.MATCH,
                    description=found.explanation,
                )
            )
        out[qid] = ReconResult(result=candidates[: query.limit])
    return out


def _organisation(kind: str | list[str] | None) -> bool:
    kinds = [kind] if isinstance(kind, str) else kind or []
    return not kinds or any(k in ORGANISATION_TYPES for k in kinds)


def _row(query: ReconQuery) -> dict[str, str]:
    row = {"name": query.query.strip(), "country": "", "id": "", "business_number": ""}
    for prop in query.properties:
        value = "" if prop.v is None else str(prop.v)[:100]
        if prop.pid in COUNTRY_PIDS:
            row["country"] = value
        elif prop.pid in ID_PIDS:
            row["id"] = row["business_number"] = value
    return row


@router.get("/reconcile/preview", response_class=HTMLResponse, responses=errors(404))
def preview(
    request: Request, id: Annotated[str, Query(max_length=200, description="A family id")]
) -> HTMLResponse:
    """A small card for OpenRefine's preview pane."""
    family = summaries(store_of(request)).get(id)
    if family is None:
        raise NotFoundError(f"no family with id {id!r}")
    return render(request, "preview.html.j2", family=family)
