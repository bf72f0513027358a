"""The FastAPI application: `warm(store)` loads the watchlist and its views, `create_app(store)`
mounts the API, yente's routes (/match, /entities, /search, ...), the OpenRefine
reconciliation service (W3C Reconciliation API 0.2 and 1.0-draft) and the web UI, with CORS
for the public reads (iceout/api/cors.py). Errors answer through one handler table
(iceout/api/errors.py)."""

import gc
import sys
import threading
from collections.abc import Callable
from importlib.resources import files

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from iceout import version as iceout_version
from iceout.api import docs
from iceout.api.body_limit import BodyLimit
from iceout.api.cors import CrossOrigin
from iceout.api.entities import watchlist
from iceout.api.errors import exception_handlers
from iceout.api.families import summaries
from iceout.api.headers import SecurityHeaders
from iceout.api.limits import MAX_BODY_BYTES
from iceout.api.review import review_queue
from iceout.api.routes import (
    claims,
    claims_check,
    departments,
    export,
    families,
    health,
    judgements,
    keys,
    match,
    pages,
    parties,
    policy,
    policy_pages,
    reconcile,
    reconcile_draft,
    screen,
    yente,
)
from iceout.api.store import Store
from iceout.i18n import N_
from iceout.resolve.persons import defer_unknown_words, wait_for_dictionary
from iceout.resolve.profile import bound_cache as bound_profile_cache

SERVICE_PROFILES = 50_000
SWITCH_INTERVAL = 0.001
GEN0_THRESHOLD = 10_000

DESCRIPTION = """
Screen company names against the watchlist of ICE/DHS contractors and read the evidence:
which corporate families hold ICE or DHS awards **and** receive Canadian federal contracts or
grants. Every result explains why it links a name to a family; treat it as evidence to verify
against the linked public records, not as a finding.

Writes (reviewers' decisions, API keys) need an API key: `Authorization: Bearer <key>`.
"""


def create_app(
    store: Store,
    *,
    max_body_bytes: int = MAX_BODY_BYTES,
    cors_origins: tuple[str, ...] = ("*",),
    trusted_hosts: tuple[str, ...] = ("*",),
) -> FastAPI:
    """The service over `store` (opened and loaded: see `warm`).
    `cors_origins`: the web origins that may read the public endpoints (`*` for any).
    Closing the store is for whoever opened it (iceout/api/server.py)."""
    app = FastAPI(
        title="iceout",
        summary="ICE/DHS contractors with Canadian federal money: screening, dossiers, review",
        description=DESCRIPTION,
        version=iceout_version(),
        docs_url=None,  # served from packaged assets by docs.install, not from a CDN
        redoc_url=None,
        exception_handlers=exception_handlers(pages.error_page),
    )
    app.state.store = store
    app.state.cors_origins = cors_origins
    for module in (
        health,
        screen,
        parties,
        match,
        yente,
        reconcile_draft,
        reconcile,
        families,
        departments,
        policy,
        export,
        judgements,
        keys,
        claims,
        policy_pages,
        claims_check,
        pages,
    ):
        app.include_router(module.router)
    docs.install(app)
    static = files("iceout").joinpath("api/static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(trusted_hosts))
    # Outermost, so that every answer of a public endpoint (a 413 too) carries its headers.
    app.add_middleware(CrossOrigin, origins=cors_origins)
    app.add_middleware(SecurityHeaders)
    return app


def warm(store: Store, step: Callable[[str], None] = lambda _: None) -> None:
    """Load the store's screener and build what the first requests would otherwise wait
    for: its in-memory index and the per-family views; then settle the collector. `step`
    hears what is being loaded (GET /healthz shows it meanwhile, iceout/api/starting.py)."""
    # No request waits for the person-name dictionary: it loads in a thread of its own when a
    # word no stored answer covers first comes up (iceout/resolve/persons.py).
    defer_unknown_words()
    # Bounded: the watchlist's names and the names being screened, not every name ever asked.
    bound_profile_cache(SERVICE_PROFILES)
    step(N_("loading the watchlist"))
    store.load()
    step(N_("indexing the watchlist"))
    with store.reading() as con:
        store.screener.screen(con, [{"name": "warm up"}])
    step(N_("summarising the families"))
    summaries(store)
    review_queue(store)
    watchlist(store)
    _settle_collector()


def _freeze_dictionary() -> None:
    wait_for_dictionary()
    gc.collect(1)  # the young garbage of the moment, not frozen with the dictionary
    gc.freeze()


def _settle_collector() -> None:
    """What start-up built (the watchlist, its index, the views) lives as long as the service:
    moved out of the collector's sight, so that a full collection walks only what requests
    allocated, not millions of long-lived objects (pauses of 34-145 ms measured before,
    benchmarks/api.py). The person-name dictionary, loaded later in a thread of its own,
    is moved out of sight once loaded (full collections of 9 in 10 s, up to 424 ms each, under
    benchmarks/load.py without this)."""
    gc.collect()
    gc.freeze()
    threading.Thread(target=_freeze_dictionary, name="iceout-settle", daemon=True).start()
    # Fewer, larger young collections: requests allocate many short-lived containers.
    gc.set_threshold(GEN0_THRESHOLD, *gc.get_threshold()[1:])
    # The writer thread and the event loop take turns holding the interpreter: at the default
    # 5 ms a turn, each return from DuckDB to the writer waited up to 5 ms behind screenings.
    sys.setswitchinterval(SWITCH_INTERVAL)
