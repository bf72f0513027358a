"""One module per resource; each exports `router`."""

from typing import Any

from fastapi import Request

from iceout.api.models import ErrorOut
from iceout.api.store import Store

ERROR_DESCRIPTIONS = {
    400: "Input the service cannot use; the message says what and where",
    401: "No API key, or an unknown or revoked one",
    403: "The key's role may not do this",
    404: "No such thing",
    413: "Over a size limit (iceout/api/limits.py)",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for these error statuses, all shaped {"detail": "..."}."""
    return {s: {"model": ErrorOut, "description": ERROR_DESCRIPTIONS[s]} for s in statuses}


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store
