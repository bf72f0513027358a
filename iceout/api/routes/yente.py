"""The read routes of yente's API besides /match, as yente 5 has them: an entity with its
adjacent entities (`GET /entities/{id}`, which nomenklatura's expand() reads; a referent
redirects to its family), text search (`/search/{dataset}`), the data catalog, the
algorithms and the readiness check."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse

from iceout.api.entities import (
    AGENCIES,
    COLLECTIONS,
    CONTRACTORS,
    DATASET_TITLES,
    FamilyEntity,
    nested,
    watchlist,
)
from iceout.api.families import search as search_families
from iceout.api.models import (
    Algorithm,
    AlgorithmDocs,
    AlgorithmResponse,
    DataCatalog,
    DatasetOut,
    EntityOut,
    Health,
    SearchFacet,
    SearchFacetItem,
    SearchResponse,
    TotalSpec,
)
from iceout.api.routes import errors, store_of
from iceout.api.routes.match import ALGORITHM, MATCHER
from iceout.api.scope import BASE_SCHEMA, TS_PATTERN, Scope, datasets_of, searchable, since
from iceout.errors import IceoutError, NotFoundError

router = APIRouter(tags=["Matching (yente-compatible)"])

MAX_PAGE = 500
FACETS = ("countries", "topics", "datasets")
Names = Annotated[list[str], Query(max_length=50)]


class NotReadyError(IceoutError):
    status = 503


@router.get(
    "/entities/{entity_id}",
    response_model=EntityOut,
    response_model_by_alias=True,
    responses={**errors(404), 308: {"description": "A referent: the family it belongs to"}},
)
def fetch_entity(
    request: Request,
    entity_id: Annotated[str, Path(max_length=200, description="A family id or a referent")],
    nested_entities: Annotated[
        bool,
        Query(alias="nested", description="Include the family's awards and Canadian records"),
    ] = True,
) -> Any:
    """A family as a FollowTheMoney entity; with `nested`, its in-scope ICE/DHS awards and
    its Canadian records (the 100 most recent of each) as ContractAward entities."""
    served = watchlist(store_of(request))
    entity = served.get(entity_id)
    if entity is None:
        canonical = served.referents.get(entity_id)
        if canonical is None:
            raise NotFoundError(f"no entity {entity_id!r}")
        url = request.url_for("fetch_entity", entity_id=canonical).include_query_params(
            **request.query_params
        )
        return RedirectResponse(str(url), status_code=308)
    if nested_entities:
        return nested(store_of(request), entity)
    return entity.response()


@router.get(
    "/search/{dataset}",
    response_model=SearchResponse,
    response_model_by_alias=True,
    responses=errors(400, 404),
)
def search(
    request: Request,
    dataset: Annotated[str, Path(max_length=100)],
    q: Annotated[str, Query(max_length=300, description="Words of a name")] = "",
    schema: Annotated[str, Query(max_length=100)] = BASE_SCHEMA,
    include_dataset: Names = [],  # noqa: B006
    exclude_dataset: Names = [],  # noqa: B006
    exclude_schema: Names = [],  # noqa: B006
    changed_since: Annotated[str | None, Query(pattern=TS_PATTERN)] = None,
    countries: Names = [],  # noqa: B006
    topics: Names = [],  # noqa: B006
    datasets: Names = [],  # noqa: B006
    limit: Annotated[int, Query(ge=0, le=MAX_PAGE)] = 10,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
    filter_op: Annotated[str, Query(pattern="^(OR|AND)$")] = "OR",
) -> SearchResponse:
    """Families with a name containing `q` (all of them when it is empty), with yente's
    filters and facets (countries, topics, datasets)."""
    scope = Scope(
        datasets=datasets_of(dataset, include_dataset, exclude_dataset),
        schemata=searchable(schema),
        exclude_schema=frozenset(exclude_schema),
        topics=frozenset(topics),
        changed_since=since(changed_since),
        countries=frozenset(c.lower() for c in countries),
        all_of=filter_op == "AND",
        extra_datasets=frozenset(datasets),
    )
    served = watchlist(store_of(request))
    found = [
        entity
        for family in search_families(store_of(request), q)
        if (entity := served.get(family.family_id)) is not None and scope.admits(entity)
    ]
    return SearchResponse(
        limit=limit,
        offset=offset,
        total=TotalSpec(value=len(found)),
        results=[EntityOut(**e.response()) for e in found[offset : offset + limit]],
        facets=_facets(found),
    )


def _facets(found: list[FamilyEntity]) -> dict[str, SearchFacet]:
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    for entity in found:
        values = {
            "countries": entity.properties.get("country", []),
            "topics": entity.properties.get("topics", []),
            "datasets": entity.datasets,
        }
        for facet, names in values.items():
            for name in names:
                counts[facet][name] = counts[facet].get(name, 0) + 1
    labels = {"countries": "Countries", "topics": "Topics", "datasets": "Data sources"}
    return {
        facet: SearchFacet(
            label=labels[facet],
            values=[
                SearchFacetItem(name=n, label=DATASET_TITLES.get(n, n), count=c)
                for n, c in sorted(counts[facet].items(), key=lambda i: (-i[1], i[0]))
            ],
        )
        for facet in FACETS
    }


@router.get("/catalog", response_model=DataCatalog)
def catalog(request: Request) -> DataCatalog:
    """The datasets this service holds: two, and the two collections holding both."""
    served = watchlist(store_of(request))
    built = max((e.last_seen or "" for e in served.entities.values()), default="")
    version = "".join(c for c in built if c.isdigit()) or "static"
    leaves = [
        DatasetOut(
            name=name,
            title=DATASET_TITLES[name],
            entity_count=sum(name in e.datasets for e in served.entities.values()),
            version=version,
            updated_at=built or None,
            load=True,
            index_version=version,
        )
        for name in (CONTRACTORS, AGENCIES)
    ]
    collections = [
        DatasetOut(
            name=name,
            title=DATASET_TITLES[name],
            version=version,
            updated_at=built or None,
            children=list(children),
            load=False,
            index_version=version,
        )
        for name, children in COLLECTIONS.items()
    ]
    return DataCatalog(datasets=leaves + collections, current=[d.name for d in leaves], outdated=[])


@router.get("/algorithms", response_model=AlgorithmResponse)
def algorithms() -> AlgorithmResponse:
    """The one scoring algorithm /match uses (`best` names it too)."""
    description = "iceout's name and identifier screening against the watchlist"
    docs = AlgorithmDocs(name=ALGORITHM, description=description, config={}, features=MATCHER)
    return AlgorithmResponse(
        algorithms=[
            Algorithm(name=ALGORITHM, description=description, features=MATCHER, docs=docs)
        ],
        default=ALGORITHM,
        best=ALGORITHM,
    )


@router.get("/readyz", response_model=Health, responses={503: {"description": "Not ready"}})
def readyz(request: Request) -> Health:
    """Ready when the store answers and the watchlist is loaded."""
    try:
        with store_of(request).reading() as con:
            con.execute("SELECT count(*) FROM res_families").fetchone()
        ready = bool(watchlist(store_of(request)).entities)
    except Exception as exc:  # any failure means not ready; the message says which
        raise NotReadyError(f"not ready: {exc}") from exc
    if not ready:
        raise NotReadyError("not ready: the watchlist is empty")
    return Health()
