"""The W3C Reconciliation API 1.0-draft, as far as it is stable, at /reconcile/1.0-draft:
the manifest, reconciliation by JSON POST (at `/match`, where the W3C test bench sends it,
and at `/reconcile`, where the draft's text puts it) and the preview. Suggest and data
extension are left out: the draft has changed their formats between revisions (names as
arrays of language-tagged strings, then back); version 0.2 at /reconcile has both."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from iceout.api.limits import MAX_BATCH
from iceout.api.models import (
    DraftBatch,
    DraftManifest,
    DraftPreview,
    DraftQuery,
    DraftResult,
    DraftResults,
    ReconProperty,
    ReconQuery,
    ReconView,
)
from iceout.api.reconciliation import TYPES, reconcile
from iceout.api.routes import errors, store_of
from iceout.api.routes.reconcile import BATCH_SIZE, PREVIEW, base_of
from iceout.api.routes.reconcile import preview as preview_02

router = APIRouter(tags=["Reconciliation (OpenRefine)"])

ROOT = "/reconcile/1.0-draft"


@router.get(ROOT, response_model=DraftManifest, response_model_exclude_none=True)
def manifest(request: Request) -> DraftManifest:
    base = base_of(request)
    return DraftManifest(
        versions=["1.0-draft"],
        name="iceout: ICE/DHS contractors with Canadian federal money",
        documentation=f"{base}/docs",
        serviceVersion="iceout 0.1.0",
        view=ReconView(url=f"{base}/families/{{id}}"),
        preview=DraftPreview(**PREVIEW),
        defaultTypes=list(TYPES.values()),
        batchSize=BATCH_SIZE,
        standardizedScore=True,
    )


@router.post(
    f"{ROOT}/match",
    response_model=DraftResults,
    response_model_exclude_none=True,
    responses=errors(400),
)
@router.post(
    f"{ROOT}/reconcile",
    response_model=DraftResults,
    response_model_exclude_none=True,
    responses=errors(400),
    include_in_schema=False,
)
def match(request: Request, batch: DraftBatch) -> DraftResults:
    """Reconcile a batch: {"queries": [{"type": "Company", "conditions": [{"matchType":
    "name", "propertyValue": "Garda World"}]}]}; results in the same order."""
    queries = {str(i): _as_02(q) for i, q in enumerate(batch.queries[:MAX_BATCH])}
    found = reconcile(store_of(request), queries)
    return DraftResults(results=[DraftResult(candidates=found[k].result) for k in queries])


def _as_02(query: DraftQuery) -> ReconQuery:
    """The same query in 0.2's terms: the first name condition is the query string."""
    names = [
        c.propertyValue
        for c in query.conditions
        if c.matchType == "name" and isinstance(c.propertyValue, str)
    ]
    properties = [
        ReconProperty(pid=c.propertyId, v=c.propertyValue)
        for c in query.conditions
        if c.matchType == "property" and c.propertyId and c.propertyValue is not None
    ]
    return ReconQuery(
        query=names[0] if names else None,
        type=query.type,
        limit=query.limit,
        properties=properties,
    )


@router.get(f"{ROOT}/preview", response_class=HTMLResponse, responses=errors(404))
def preview(
    request: Request, id: Annotated[str, Query(max_length=200, description="A family id")]
) -> HTMLResponse:
    """The same card as version 0.2's preview."""
    return preview_02(request, id)
