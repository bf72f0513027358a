"""POST /match/{dataset} in yente's request and response shape, so existing yente clients can
point at iceout. Each query's names (and identifiers) are screened; the best family found is
the one result, as a FollowTheMoney Company or PublicBody."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from iceout.api.families import FamilySummary, summaries
from iceout.api.limits import MAX_BATCH, MAX_NAME_LENGTH
from iceout.api.models import (
    EntityExample,
    EntityMatches,
    EntityMatchQuery,
    EntityMatchResponse,
    FeatureDoc,
    ScoredEntity,
    ScreenResult,
    TotalSpec,
    confidence,
)
from iceout.api.routes import errors, store_of
from iceout.api.screening import screen
from iceout.domain import Decision
from iceout.errors import InputError, NotFoundError
from iceout.resolve.scoring import MATCH, REVIEW

router = APIRouter(tags=["Matching (yente-compatible)"])

DATASETS = ("default", "iceout")
# FollowTheMoney schemata that can name an organisation; the watchlist holds nothing else, so
# other schemata (Person, Vessel, ...) get no results.
ORGANISATION_SCHEMATA = ("Company", "Organization", "PublicBody", "LegalEntity")
NAME_PROPERTIES = ("name", "alias", "previousName", "weakAlias")
ID_PROPERTIES = ("uniqueEntityId", "dunsCode", "registrationNumber", "taxNumber", "idNumber")
MATCHER = {
    "iceout_name": FeatureDoc(
        description="iceout's name comparison against the watchlist's family names: "
        "exact, legal-form and qualifier-insensitive, alignment, rarity-weighted overlap, "
        "with guards for numbered companies and people's names; or 1.0 for a shared "
        "UEI, DUNS or Business Number.",
        coefficient=1.0,
        url="/docs",
    )
}


@router.post(
    "/match/{dataset}",
    response_model=EntityMatchResponse,
    response_model_by_alias=True,
    responses=errors(400, 404),
)
def match(
    request: Request,
    body: EntityMatchQuery,
    dataset: Annotated[str, Path(max_length=100, description="default (or iceout)")],
    limit: Annotated[int, Query(ge=1, le=500)] = 5,
    threshold: Annotated[float, Query(ge=0, le=1, description="Score for match=true")] = MATCH,
    cutoff: Annotated[float, Query(ge=0, le=1, description="Lowest score returned")] = REVIEW,
    algorithm: Annotated[str, Query(max_length=100, description="Ignored")] = "iceout",
) -> EntityMatchResponse:
    """Query-by-example matching with yente's request and response shapes. Companies,
    organisations and public bodies are screened (name, alias, previousName, weakAlias;
    uniqueEntityId, dunsCode, registrationNumber, taxNumber, idNumber); other schemata get no
    results, as the watchlist holds no people or vessels."""
    if dataset not in DATASETS:
        raise NotFoundError(f"no dataset {dataset!r}; this service has: {', '.join(DATASETS)}")
    if not body.queries:
        raise InputError("no queries provided")
    rows, owners = _rows(body.queries)
    results = screen(store_of(request), rows) if rows else []
    best: dict[str, ScreenResult] = {}
    for owner, result in zip(owners, results, strict=True):
        if result.decision is not Decision.CLEAR and (
            owner not in best or confidence(result) > confidence(best[owner])
        ):
            best[owner] = result
    families = summaries(store_of(request))
    responses = {}
    for query_id, example in body.queries.items():
        found = best.get(query_id)
        family = families.get(found.family_id or "") if found else None
        scored = (
            [_entity(found, family, threshold)]
            if found and family and confidence(found) >= cutoff
            else []
        )
        responses[query_id] = EntityMatches(
            results=scored[:limit], total=TotalSpec(value=len(scored)), query=example
        )
    return EntityMatchResponse(responses=responses, matcher=MATCHER, limit=limit)


def _rows(queries: dict[str, EntityExample]) -> tuple[list[dict[str, str]], list[str]]:
    if len(queries) > MAX_BATCH:
        raise InputError(f"too many queries in one batch (limit: {MAX_BATCH})")
    rows, owners = [], []
    for query_id, example in queries.items():
        if example.schema_ not in ORGANISATION_SCHEMATA:
            continue
        names = _values(example.properties, NAME_PROPERTIES)
        identifier = next(iter(_values(example.properties, ID_PROPERTIES)), "")
        for name in names or [""]:
            if len(name) > MAX_NAME_LENGTH:
                raise InputError(
                    f"query {query_id!r}: a name is longer than {MAX_NAME_LENGTH} characters"
                )
            rows.append({"name": name, "id": identifier, "business_number": identifier})
            owners.append(query_id)
    if len(rows) > MAX_BATCH:
        raise InputError(f"too many names in one batch (limit: {MAX_BATCH})")
    return rows, owners


def _values(properties: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    out = []
    for prop in names:
        raw = properties.get(prop)
        for value in raw if isinstance(raw, list) else [raw]:
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                text = str(value).strip()
                if text:
                    out.append(text[: MAX_NAME_LENGTH + 1])
    return out


def _entity(result: ScreenResult, family: FamilySummary, threshold: float) -> ScoredEntity:
    properties = {"name": [family.name], "notes": [result.explanation or ""]}
    if result.matched_name and result.matched_name != family.name:
        properties["alias"] = [result.matched_name]
    if family.country:
        properties["country"] = [family.country.lower()]
    return ScoredEntity(
        id=family.family_id,
        caption=family.name,
        schema="PublicBody" if family.kind == "government" else "Company",
        properties=properties,
        datasets=["iceout"],
        score=confidence(result),
        features={"iceout_name": confidence(result)},
        match=confidence(result) >= threshold,
        explanation=result.explanation or "",
        decision=result.decision,
    )
