"""Families: search and list them, and read one family's dossier."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from iceout.api.dossier import dossier
from iceout.api.errors import language
from iceout.api.families import FamilySummary, search
from iceout.api.limits import MAX_NAME_LENGTH, MAX_PAGE
from iceout.api.models import Dossier, FamilyList, FamilyOut
from iceout.api.routes import errors, store_of
from iceout.report.coverage import build_coverage
from iceout.report.records import Coverage

router = APIRouter(tags=["Families"])

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


@router.get("/api/coverage", response_model=Coverage)
def coverage(request: Request) -> Coverage:
    """What the store holds, per source and kind of money: fiscal years, dates, departments,
    rows stored and records counted (amendments and repeated rows counted once)."""
    return store_of(request).view("coverage", build_coverage)


@router.get("/api/families", response_model=FamilyList)
def list_families(
    request: Request,
    q: Annotated[
        str, Query(max_length=MAX_NAME_LENGTH, description="Part of any name of the family")
    ] = "",
    watchlist: Annotated[
        bool, Query(description="Only families holding in-scope ICE/DHS awards")
    ] = False,
    limit: Limit = 20,
    offset: Offset = 0,
) -> FamilyList:
    """Families whose names contain `q` (letters and digits compared, case and accents
    ignored), best first; without `q`, families with money on both sides first."""
    found = search(store_of(request), q)
    if watchlist:
        found = [f for f in found if f.on_watchlist]
    page = [family_out(f) for f in found[offset : offset + limit]]
    return FamilyList(total=len(found), limit=limit, offset=offset, results=page)


@router.get("/api/families/{family_id}", response_model=Dossier, responses=errors(404))
def get_family(request: Request, family_id: Annotated[str, Path(max_length=200)]) -> Dossier:
    """The family's dossier: in-scope ICE/DHS awards and Canadian records (each with its
    public page and why it is linked), money by year, the corporate family as a tree,
    names awaiting review, and reviewers' decisions."""
    return Dossier.model_validate(dossier(store_of(request), family_id, language(request)))


def family_out(family: FamilySummary) -> FamilyOut:
    return FamilyOut(
        family_id=family.family_id,
        name=family.name,
        kind=family.kind,
        country=family.country,
        on_watchlist=family.on_watchlist,
        us_awards=family.us_awards,
        us_obligations_usd=family.us_obligations_usd,
        canadian_records=family.canadian_records,
        canadian_by_kind=dict(family.canadian_by_kind),
        in_review=family.in_review,
        url=f"/families/{family.family_id}",
    )
