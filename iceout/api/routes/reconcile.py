"""An OpenRefine reconciliation service: the W3C Reconciliation API, version 0.2, at
/reconcile. Add http://HOST:PORT/reconcile as a standard service in OpenRefine to reconcile a
column of vendor names against the watchlist's families, preview them, search them by hand
(suggest) and add columns with what each family holds (data extension).

- GET /reconcile: the manifest; with `queries` (or `extend`), their answers. `callback`
  wraps any GET answer for JSONP.
- POST /reconcile: form fields `queries` (a batch) or `extend` (a data extension query).
- /reconcile/suggest/{entity,property,type}?prefix=, /reconcile/flyout/entity?id=,
  /reconcile/preview?id=, /reconcile/extend/propose?type=.
Every endpoint is open to other origins (iceout/api/cors.py); the preview may be framed by
them."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, TypeAdapter, ValidationError

from iceout.api import extension, suggest
from iceout.api.cors import frame_ancestors
from iceout.api.entities import watchlist
from iceout.api.jsonp import answer
from iceout.api.limits import MAX_BATCH, MAX_BODY_BYTES
from iceout.api.models import (
    ExtendMetadata,
    ExtendQuery,
    ExtendResponse,
    Flyout,
    PropertyProposal,
    ReconManifest,
    ReconPreview,
    ReconQuery,
    ReconResult,
    ReconView,
    ServicePath,
    SuggestResponse,
    SuggestService,
    SuggestServices,
)
from iceout.api.reconciliation import TYPES, reconcile
from iceout.api.routes import errors, store_of
from iceout.api.templating import render
from iceout.errors import InputError, NotFoundError

router = APIRouter(tags=["Reconciliation (OpenRefine)"])

QUERIES = TypeAdapter(dict[str, ReconQuery])
EXTEND = TypeAdapter(ExtendQuery)
Results = dict[str, ReconResult]
BATCH_SIZE = 25
"""What the manifest suggests per batch; batches up to MAX_BATCH are answered."""
PREVIEW = {"width": 430, "height": 300}
# Answers leave out empty fields (response_model_exclude_none): the schemas want a string
# where pydantic would write null.
Callback = Annotated[
    str | None, Query(max_length=100, description="JSONP: wrap the answer in a call to this")
]


def base_of(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get(
    "/reconcile",
    response_model=ReconManifest | Results | ExtendResponse,
    responses=errors(400),
    response_model_exclude_none=True,
)
def manifest_or_queries(
    request: Request,
    queries: Annotated[
        str | None,
        Query(max_length=8000, description="JSON-encoded queries (POST for larger batches)"),
    ] = None,
    extend: Annotated[
        str | None, Query(max_length=8000, description="A JSON-encoded data extension query")
    ] = None,
    callback: Callback = None,
) -> Any:
    """Without `queries` or `extend`: the service manifest. With them: their answers."""
    if queries is not None or extend is not None:
        return answer(request, _answer(request, queries, extend), callback)
    return answer(request, manifest(base_of(request)), callback)


@router.post(
    "/reconcile",
    response_model=Results | ExtendResponse,
    responses=errors(400),
    response_model_exclude_none=True,
)
def reconcile_queries(
    request: Request,
    queries: Annotated[
        str | None, Form(max_length=MAX_BODY_BYTES, description="JSON-encoded queries")
    ] = None,
    extend: Annotated[
        str | None, Form(max_length=MAX_BODY_BYTES, description="A data extension query")
    ] = None,
) -> Any:
    """Reconcile a batch: {"q0": {"query": "Garda World", "type": "Company", "limit": 3,
    "properties": [{"pid": "uei", "v": "..."}]}, ...}; or fetch property values of
    reconciled families: {"ids": ["gardaworld"], "properties": [{"id": "us_awards"}]}."""
    return _answer(request, queries, extend)


def _answer(request: Request, queries: str | None, extend: str | None) -> BaseModel | Results:
    if queries is not None:
        batch = parse(QUERIES, queries, "queries")
        if len(batch) > MAX_BATCH:
            raise InputError(f"too many queries in one batch (limit: {MAX_BATCH})")
        for qid, query in batch.items():
            if query.query is None and not query.properties:
                raise InputError(f"queries: {qid}: give a `query` or `properties`")
        return reconcile(store_of(request), batch)
    if extend is not None:
        return extension.extend(
            store_of(request), parse(EXTEND, extend, "extend"), base_of(request)
        )
    raise InputError("send `queries` (reconciliation) or `extend` (data extension)")


def parse(adapter: TypeAdapter[Any], raw: str, field: str) -> Any:
    try:
        return adapter.validate_json(raw)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem.get("loc", ()))
        raise InputError(f"{field}: {where + ': ' if where else ''}{problem['msg']}") from exc


def manifest(base: str) -> ReconManifest:
    root = f"{base}/reconcile"
    return ReconManifest(
        versions=["0.1", "0.2"],
        name="iceout: ICE/DHS contractors with Canadian federal money",
        identifierSpace=f"{base}/families/",
        schemaSpace="https://followthemoney.tech/explorer/schemata/",
        defaultTypes=list(TYPES.values()),
        documentation=f"{base}/docs",
        serviceVersion="iceout 0.1.0",
        view=ReconView(url=f"{base}/families/{{{{id}}}}"),
        preview=ReconPreview(url=f"{root}/preview?id={{{{id}}}}", **PREVIEW),
        suggest=SuggestServices(
            entity=SuggestService(
                service_url=root,
                service_path="/suggest/entity",
                flyout_service_url=root,
                flyout_service_path="/flyout/entity?id=${id}",
            ),
            property=SuggestService(service_url=root, service_path="/suggest/property"),
            type=SuggestService(service_url=root, service_path="/suggest/type"),
        ),
        extend=ExtendMetadata(
            propose_properties=ServicePath(service_url=root, service_path="/extend/propose"),
            property_settings=extension.SETTINGS,
        ),
        batchSize=BATCH_SIZE,
    )


Prefix = Annotated[str, Query(max_length=300, description="What the user typed")]
Cursor = Annotated[int, Query(ge=0, le=10_000, description="Suggestions to skip")]
Limit = Annotated[int, Query(ge=1, le=100)]


@router.get(
    "/reconcile/suggest/entity", response_model=SuggestResponse, response_model_exclude_none=True
)
def suggest_entity(
    request: Request,
    prefix: Prefix = "",
    type: Annotated[str | None, Query(max_length=100)] = None,
    cursor: Cursor = 0,
    limit: Limit = suggest.DEFAULT_LIMIT,
    callback: Callback = None,
) -> Any:
    """Families whose names contain `prefix` (OpenRefine's "search for match")."""
    found = suggest.entities(store_of(request), prefix, type, cursor, limit)
    return answer(request, found, callback)


@router.get(
    "/reconcile/suggest/property", response_model=SuggestResponse, response_model_exclude_none=True
)
def suggest_property(
    request: Request,
    prefix: Prefix = "",
    cursor: Cursor = 0,
    limit: Limit = suggest.DEFAULT_LIMIT,
    callback: Callback = None,
) -> Any:
    """The identifiers matched on and the columns data extension can add."""
    return answer(request, suggest.properties(prefix, cursor, limit), callback)


@router.get(
    "/reconcile/suggest/type", response_model=SuggestResponse, response_model_exclude_none=True
)
def suggest_type(
    request: Request,
    prefix: Prefix = "",
    cursor: Cursor = 0,
    limit: Limit = suggest.DEFAULT_LIMIT,
    callback: Callback = None,
) -> Any:
    return answer(request, suggest.types(prefix, cursor, limit), callback)


@router.get(
    "/reconcile/flyout/entity",
    response_model=Flyout,
    responses=errors(404),
    response_model_exclude_none=True,
)
def flyout_entity(
    request: Request,
    id: Annotated[str, Query(max_length=200, description="A family id")],
    callback: Callback = None,
) -> Any:
    return answer(request, suggest.flyout(store_of(request), id), callback)


@router.get(
    "/reconcile/extend/propose", response_model=PropertyProposal, response_model_exclude_none=True
)
def propose_properties(
    request: Request,
    type: Annotated[str, Query(max_length=100, description="A type id, e.g. Company")],
    limit: Annotated[int | None, Query(ge=1, le=100)] = None,
    callback: Callback = None,
) -> Any:
    """The columns data extension can add for entities of this type."""
    return answer(request, extension.propose(type, limit), callback)


@router.get("/reconcile/preview", response_class=HTMLResponse, responses=errors(404))
def preview(
    request: Request, id: Annotated[str, Query(max_length=200, description="A family id")]
) -> HTMLResponse:
    """A small card for OpenRefine's preview pane, which the allowed origins may frame."""
    entity = watchlist(store_of(request)).get(id)
    if entity is None:
        raise NotFoundError(f"no family with id {id!r} on the watchlist")
    ancestors = frame_ancestors(request.app.state.cors_origins)
    return render(
        request, "preview.html.j2", frame_ancestors=ancestors, family=entity.family, **PREVIEW
    )
