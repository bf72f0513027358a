"""Claims in documents: what `iceout claims --db PATH DOC...` found and kept in the store,
as a page of the web UI and as JSON."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from iceout.api.claims import stored_claims
from iceout.api.models import StoredClaims
from iceout.api.routes import store_of
from iceout.api.templating import render
from iceout.claims.verdicts import NOT_A_CLAIM, STATUSES

router = APIRouter(tags=["Claims"])


@router.get("/api/claims", response_model=StoredClaims)
def list_claims(request: Request) -> StoredClaims:
    """Each checked document's claims about companies and ICE/DHS or Canadian public money,
    with their status and the records behind them (demands and hedges listed as `not a
    claim`), and where the documents disagree about ICE's presence in Canada. Empty until
    `iceout claims --db PATH DOC...` has run on this store."""
    return StoredClaims.model_validate(stored_claims(store_of(request)))


@router.get("/claims", response_class=HTMLResponse, include_in_schema=False)
def claims_page(request: Request) -> HTMLResponse:
    found = stored_claims(store_of(request))
    claims = [c for d in found["documents"] for c in d["claims"]]
    counts = {s: sum(c["status"] == s for c in claims) for s in STATUSES}
    total = len(claims) - counts[NOT_A_CLAIM]
    return render(
        request, "claims.html.j2", x=found, counts=counts, total=total, not_a_claim=NOT_A_CLAIM
    )
