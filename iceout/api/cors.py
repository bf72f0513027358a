"""Cross-origin access (CORS) to the public read endpoints, so that web clients on another
origin (OpenRefine's "Add standard service", the W3C test bench, a yente client in a browser)
can use them. The W3C Reconciliation API makes CORS a MUST for every endpoint of a service.

Allowed origins come from ICEOUT_CORS_ORIGINS (`*`, the default, for any). Reviewers'
decisions and API keys are never open to other origins: their paths get no CORS headers and
their preflight is refused, and no preflight admits the Authorization header or credentials."""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

ANY = "*"
# Read-only resources that need no key. The reviewers' queue and decisions (/api/review,
# /api/judgements) and the keys (/api/keys, /api/me) are left out on purpose.
PUBLIC_READS = (
    "/reconcile",
    "/match/",
    "/entities/",
    "/search/",
    "/catalog",
    "/algorithms",
    "/readyz",
    "/healthz",
    "/openapi.json",
    "/api/screen",
    "/api/families",
    "/api/claims",
)
METHODS = "GET, POST, OPTIONS"
# What a browser may add to a cross-origin request here: no Authorization, no cookies.
HEADERS = ("accept", "accept-language", "content-language", "content-type", "x-requested-with")
MAX_AGE = "600"

Message = MutableMapping[str, Any]


def is_public(path: str) -> bool:
    return path.startswith(PUBLIC_READS)


class CrossOrigin:
    """ASGI middleware: CORS headers on the public reads for the allowed origins, and answers
    to their preflight (OPTIONS) requests."""

    def __init__(self, app: ASGIApp, origins: tuple[str, ...]) -> None:
        self.app = app
        self.origins = origins

    def allowed(self, origin: str | None) -> str | None:
        """The Access-Control-Allow-Origin value for a request from `origin`, if any."""
        if ANY in self.origins:
            return ANY
        return origin if origin and origin.lower() in self.origins else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_public(scope["path"]):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        allow = self.allowed(headers.get("origin"))
        if scope["method"] == "OPTIONS":
            await self._preflight(headers, allow)(scope, receive, send)
            return
        await self.app(scope, receive, _with_cors(send, allow, vary=ANY not in self.origins))

    def _preflight(self, headers: dict[str, str], allow: str | None) -> Response:
        if headers.get("origin") and allow is None:
            return JSONResponse(
                {"detail": "this origin may not read this service (ICEOUT_CORS_ORIGINS)"},
                status_code=403,
            )
        asked = [
            h.strip().lower() for h in headers.get("access-control-request-headers", "").split(",")
        ]
        refused = [h for h in asked if h and h not in HEADERS]
        if refused:
            return JSONResponse(
                {"detail": f"cross-origin requests may not send {', '.join(refused)}"},
                status_code=403,
            )
        cors = {
            "Allow": METHODS,
            "Access-Control-Allow-Methods": METHODS,
            "Access-Control-Allow-Headers": ", ".join(HEADERS),
            "Access-Control-Max-Age": MAX_AGE,
        }
        if allow:
            cors["Access-Control-Allow-Origin"] = allow
        if allow != ANY:
            cors["Vary"] = "Origin"
        return Response(status_code=204, headers=cors)


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}


def _with_cors(send: Send, allow: str | None, vary: bool) -> Callable[[Message], Awaitable[None]]:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if allow:
                headers.append((b"access-control-allow-origin", allow.encode("latin-1")))
            if vary:
                headers.append((b"vary", b"Origin"))
            message["headers"] = headers
        await send(message)

    return sending


def frame_ancestors(origins: tuple[str, ...]) -> str:
    """The CSP frame-ancestors of a page the allowed origins may embed (the preview)."""
    if ANY in origins:
        return ANY
    return " ".join(["'self'", *origins])
