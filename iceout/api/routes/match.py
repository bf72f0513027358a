"""POST /match/{dataset} as yente 5 defines it, so yente clients (nomenklatura's
YenteEnricher, OpenSanctions' client libraries) can point at iceout: each query's names and
identifiers are screened and the families found are ranked; results carry `explanations`
(yente 5) and `features` (yente 4).

yente's meanings are kept: `threshold` decides `match`, `cutoff` (clamped to the threshold)
the lowest score returned, `total` counts the matches, `limit` the results; the filters
(`exclude_entity_ids`, `include_dataset`, `exclude_dataset`, `exclude_schema`, `topics`,
`changed_since`) narrow what is returned (iceout/api/scope.py); an unknown schema, algorithm
or algorithm setting is a 400. One difference: a score equal to `cutoff` is returned (yente
drops it), as iceout's review band starts at 0.70 inclusive."""

from dataclasses import replace
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from starlette.concurrency import run_in_threadpool

from iceout.api.candidates import MAX_CANDIDATES, Candidate, candidates
from iceout.api.entities import FamilyEntity, watchlist
from iceout.api.limits import MAX_BATCH, MAX_NAME_LENGTH
from iceout.api.models import (
    EntityExample,
    EntityMatches,
    EntityMatchQuery,
    EntityMatchResponse,
    FeatureDoc,
    FeatureResult,
    ScoredEntity,
    TotalSpec,
)
from iceout.api.routes import errors, store_of
from iceout.api.scope import TS_PATTERN, Scope, datasets_of, matchable, query_schema, since
from iceout.errors import InputError
from iceout.resolve.scoring import MATCH, REVIEW

router = APIRouter(tags=["Matching (yente-compatible)"])

ALGORITHM = "iceout"
ALGORITHMS = {ALGORITHM: ALGORITHM, "best": ALGORITHM, "default": ALGORITHM}
FEATURE = "iceout_name"
MATCHER = {
    FEATURE: FeatureDoc(
        description="iceout's name comparison against the watchlist's family names: "
        "exact, legal-form and qualifier-insensitive, alignment, rarity-weighted overlap, "
        "with guards for numbered companies and people's names; or 1.0 for a shared "
        "UEI, DUNS or Business Number, or a reviewer's confirmation.",
        coefficient=1.0,
        url="/docs",
    )
}
SERVED_SCHEMATA = {"Company", "PublicBody"}
NAME_PROPERTIES = ("name", "alias", "previousName", "weakAlias")
ID_PROPERTIES = ("uniqueEntityId", "dunsCode", "registrationNumber", "taxNumber", "idNumber")
MAX_EXCLUDED = 50
INLINE_QUERIES = 10
VIEWS = ("families", "ftm_watchlist")
"""The views a match reads; when they are built, a match does no I/O."""
Names = Annotated[list[str], Query(max_length=50)]


@router.post(
    "/match/{dataset}",
    response_model=EntityMatchResponse,
    response_model_by_alias=True,
    responses=errors(400, 404),
)
async def match(
    request: Request,
    body: EntityMatchQuery,
    dataset: Annotated[
        str,
        Path(max_length=100, description="default, iceout, iceout_contractors, iceout_agencies"),
    ],
    limit: Annotated[int, Query(ge=1, le=500, description="Results per query at most")] = 5,
    threshold: Annotated[float, Query(ge=0, le=1, description="Score for match=true")] = MATCH,
    cutoff: Annotated[
        float, Query(ge=0, le=1, description="Lowest score returned (at most `threshold`)")
    ] = REVIEW,
    algorithm: Annotated[str, Query(max_length=100, description="iceout (or best)")] = "best",
    include_dataset: Names = [],  # noqa: B006 (FastAPI copies defaults per request)
    exclude_dataset: Names = [],  # noqa: B006
    exclude_schema: Names = [],  # noqa: B006
    topics: Names = [],  # noqa: B006
    changed_since: Annotated[
        str | None, Query(pattern=TS_PATTERN, description="Entities changed after this date")
    ] = None,
    exclude_entity_ids: Annotated[
        list[str],
        Query(max_length=MAX_EXCLUDED, description="Ids (or referents) never to return"),
    ] = [],  # noqa: B006
) -> EntityMatchResponse:
    """Query-by-example matching with yente's request and response shapes. Names come from
    name, alias, previousName and weakAlias; uniqueEntityId, dunsCode, registrationNumber,
    taxNumber and idNumber are tried as UEI, DUNS or Business Number. A query finds the
    schemata it can match (a Person query finds nothing: the watchlist holds no people)."""
    answer = partial(
        _match,
        request,
        body,
        dataset,
        limit,
        threshold,
        cutoff,
        algorithm,
        include_dataset,
        exclude_dataset,
        exclude_schema,
        topics,
        changed_since,
        exclude_entity_ids,
    )
    # A few queries against the in-memory watchlist take about a millisecond: answered here,
    # without a thread hop and the thread pool's contention, unless a view must first be
    # built from the tables (after a decision) or the batch is large.
    if len(body.queries) <= INLINE_QUERIES and store_of(request).has_views(*VIEWS):
        return answer()
    return await run_in_threadpool(answer)


def _match(
    request: Request,
    body: EntityMatchQuery,
    dataset: str,
    limit: int,
    threshold: float,
    cutoff: float,
    algorithm: str,
    include_dataset: list[str],
    exclude_dataset: list[str],
    exclude_schema: list[str],
    topics: list[str],
    changed_since: str | None,
    exclude_entity_ids: list[str],
) -> EntityMatchResponse:
    base = Scope(
        datasets=datasets_of(dataset, include_dataset, exclude_dataset),
        exclude_schema=frozenset(exclude_schema),
        topics=frozenset(topics),
        changed_since=since(changed_since),
        excluded=frozenset(exclude_entity_ids),
    )
    if algorithm.lower().strip() not in ALGORITHMS:
        raise InputError(f"Invalid algorithm: {algorithm} (this service has: iceout, best)")
    if body.config:
        key = next(iter(body.config))
        raise InputError(f"Invalid configuration parameter: {key} for algorithm {ALGORITHM}")
    if not body.queries:
        raise InputError("No queries provided.")
    if len(body.queries) > MAX_BATCH:
        raise InputError(f"too many queries in one batch (limit: {MAX_BATCH})")
    schemata = {
        qid: matchable(query_schema(example.schema_, f"query {qid!r}"))
        for qid, example in body.queries.items()
    }
    # Queries that can match nothing the watchlist holds (a Person) are not screened.
    wanted = {qid: q for qid, q in body.queries.items() if schemata[qid] & SERVED_SCHEMATA}
    rows, owners = _rows(wanted)
    found: dict[str, dict[str, Candidate]] = {qid: {} for qid in body.queries}
    ranked = candidates(store_of(request), rows, MAX_CANDIDATES) if rows else []
    for owner, per_row in zip(owners, ranked, strict=True):
        for candidate in per_row:
            best = found[owner].get(candidate.family.family_id)
            if best is None or candidate.score > best.score:
                found[owner][candidate.family.family_id] = candidate
    served = watchlist(store_of(request))
    cutoff = min(cutoff, threshold)
    responses = {}
    for qid, example in body.queries.items():
        scope = replace(base, schemata=schemata[qid])
        scored = [
            _scored(entity, c, threshold)
            for c in sorted(found[qid].values(), key=lambda c: -c.score)
            if c.score >= cutoff
            and (entity := served.get(c.family.family_id)) is not None
            and scope.admits(entity)
        ]
        responses[qid] = EntityMatches(
            results=scored[:limit],
            total=TotalSpec(value=sum(1 for s in scored if s.match)),
            query=example,
        )
    return EntityMatchResponse(responses=responses, matcher=MATCHER, limit=limit)


def _rows(queries: dict[str, EntityExample]) -> tuple[list[dict[str, str]], list[str]]:
    rows, owners = [], []
    for query_id, example in queries.items():
        names = _values(example.properties, NAME_PROPERTIES)
        identifiers = _values(example.properties, ID_PROPERTIES) or [""]
        for name in names or [""]:
            if len(name) > MAX_NAME_LENGTH:
                raise InputError(
                    f"query {query_id!r}: a name is longer than {MAX_NAME_LENGTH} characters"
                )
            for identifier in identifiers[:5]:
                if name or identifier:
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


def _scored(entity: FamilyEntity, found: Candidate, threshold: float) -> ScoredEntity:
    explanation = FeatureResult(
        detail=found.explanation or None,
        score=found.score,
        query=found.query or None,
        candidate=found.matched_name or None,
    )
    return ScoredEntity(
        **entity.response(),
        score=found.score,
        features={FEATURE: found.score},
        explanations={FEATURE: explanation},
        match=found.score >= threshold,
        explanation=found.explanation,
        decision=found.decision,
    )
