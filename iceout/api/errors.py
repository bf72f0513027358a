"""The service's own errors and the handler table that turns every error into a clear answer:
JSON `{"detail": ...}` for the API, an HTML page for the web UI. Domain errors from
iceout.errors carry their HTTP status; nothing a client sends should end in a 5xx."""

import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from fastapi import Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from iceout import i18n
from iceout.errors import IceoutError, InputError
from iceout.i18n import N_

log = logging.getLogger("iceout.api")

API_PREFIXES = (
    "/api/",
    "/match/",
    "/reconcile",
    "/healthz",
    "/openapi.json",
    "/entities/",
    "/search/",
    "/catalog",
    "/algorithms",
    "/readyz",
)


class AuthError(IceoutError):
    """No API key, or one the store does not know (or has revoked)."""

    status = 401


class ForbiddenError(IceoutError):
    """A valid key whose role may not do this."""

    status = 403


class TooLargeError(InputError):
    """A body, file or batch over its limit (iceout/api/limits.py)."""

    status = 413


PageRenderer = Callable[[Request, int, str], Response]


def exception_handlers(render_error_page: PageRenderer) -> dict[Any, Callable]:
    """Exception class -> handler, for FastAPI(exception_handlers=...)."""

    def _answer(request: Request, status: int, message: str) -> Response:
        if _wants_page(request):
            return render_error_page(request, status, message)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"detail": message}, status_code=status, headers=headers)

    async def domain_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, IceoutError)
        lang = language(request)
        return _answer(request, exc.status, exc.in_language(lang))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        response = _answer(request, exc.status_code, message)
        response.headers.update(exc.headers or {})
        return response

    async def invalid_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if _wants_page(request):
            return render_error_page(request, 422, _first_problem(exc))
        # FastAPI's own answer, quoting at most an excerpt of what was sent
        problems = [_excerpt(e) for e in exc.errors()[:MAX_PROBLEMS]]
        return await request_validation_exception_handler(request, RequestValidationError(problems))

    async def bad_text(request: Request, exc: Exception) -> Response:
        message = N_("the request holds text that is not valid Unicode (a lone surrogate?)")
        return _answer(request, 400, i18n.translate(language(request), message))

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        message = N_("internal error; the server log has the details")
        return _answer(request, 500, i18n.translate(language(request), message))

    return {
        IceoutError: domain_error,
        StarletteHTTPException: http_error,
        RequestValidationError: invalid_request,
        UnicodeError: bad_text,
        Exception: unexpected,
    }


MAX_PROBLEMS = 10
EXCERPT = 80  # characters of a rejected value quoted back


def _excerpt(error: Any) -> dict[str, Any]:
    shown = {k: v for k, v in error.items() if k not in ("input", "ctx", "url")}
    value = error.get("input")
    if isinstance(value, str | int | float | bool) or value is None:
        text = str(value) if value is not None else None
        if text is not None:
            text = text.encode("utf-8", "replace").decode("utf-8")
            shown["input"] = text if len(text) <= EXCERPT else text[:EXCERPT] + "…"
    ctx = error.get("ctx")
    if ctx:
        shown["ctx"] = {
            k: v if isinstance(v, int | float) else str(v)[:EXCERPT] for k, v in ctx.items()
        }
    return shown


def language(request: Request) -> str:
    """The reader's language: ?lang=, then the cookie the language switch sets, then the
    browser's Accept-Language; English for clients that say nothing."""
    return i18n.choose(
        request.query_params.get("lang"),
        request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language"),
    )


LANG_COOKIE = "iceout_lang"


def _wants_page(request: Request) -> bool:
    path = request.url.path
    return not path.startswith(API_PREFIXES) and "text/html" in request.headers.get("accept", "")


def _first_problem(exc: RequestValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return "invalid request"
    where = ".".join(
        str(part) for part in errors[0].get("loc", ()) if part not in ("query", "body")
    )
    return f"{where}: {errors[0].get('msg', 'invalid')}" if where else str(errors[0].get("msg"))
