"""Who asked, for the screening log (iceout/screen/log.py): the command line (through the
local token of iceout/served.py), the holder of an API key, or an anonymous caller by
address. Screening needs no key; a key sent is only used to name the caller."""

from fastapi import Request

from iceout.api.auth import local_key
from iceout.api.keys import find_key
from iceout.api.store import Store
from iceout.screen.log import Logged, Screening, log_rows


def caller(request: Request, store: Store) -> tuple[str, str]:
    """(who, via): via is cli, api or ui (a page of the service)."""
    header = request.headers.get("authorization", "")
    secret = header[7:].strip() if header.lower().startswith("bearer ") else ""
    if secret:
        local = local_key(request, secret)
        if local is not None:
            return local.name, "cli"
        key = store.key(secret, find_key)
        if key is not None:
            return key.reviewer, "api"
    address = request.client.host if request.client else "unknown address"
    return f"anonymous ({address})", "api"


def log_screening(
    request: Request,
    store: Store,
    kind: str,
    scope: str | None,
    answers: list[Logged],
    *,
    page: bool = False,
) -> str:
    """Log a screening; its rows are committed by the store's writer, not waited for."""
    who, via = caller(request, store)
    screening_id, rows = log_rows(Screening(who, "ui" if page else via, kind, scope), answers)
    store.log(rows)
    return screening_id
