"""API keys over HTTP: who am I (any key), and, for admins, create, list and revoke keys."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from iceout.api.auth import require
from iceout.api.keys import ApiKey, create_key, list_keys, revoke_key
from iceout.api.models import KeyIn, KeyList, KeyOut, NewKey
from iceout.api.routes import errors, store_of
from iceout.errors import InputError
from iceout.i18n import N_

router = APIRouter(tags=["API keys"])

AUTH_ERRORS = errors(401, 403)
Admin = Annotated[ApiKey, Depends(require("admin"))]


def key_out(key: ApiKey) -> KeyOut:
    return KeyOut(
        key_id=key.key_id,
        role=key.role,
        name=key.name,
        created_at=key.created_at.isoformat(timespec="seconds"),
        revoked_at=key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else None,
    )


@router.get("/api/me", response_model=KeyOut, responses=AUTH_ERRORS)
def me(key: Annotated[ApiKey, Depends(require("reviewer"))]) -> KeyOut:
    """The key sent: its holder and role (the web UI's sign-in)."""
    return key_out(key)


@router.get("/api/keys", response_model=KeyList, responses=AUTH_ERRORS)
def keys(request: Request, _: Admin) -> KeyList:
    with store_of(request).reading() as con:
        return KeyList(results=[key_out(k) for k in list_keys(con)])


@router.post("/api/keys", status_code=201, response_model=NewKey, responses=errors(400, 401, 403))
def new_key(request: Request, body: KeyIn, _: Admin) -> NewKey:
    """A new key; the answer is the only time it is shown."""
    with store_of(request).writing(decisions=False) as con:
        key, secret = create_key(con, body.role, body.name)
    return NewKey(**key_out(key).model_dump(), key=secret)


@router.delete(
    "/api/keys/{key_id}",
    response_model=KeyOut,
    responses=errors(400, 401, 403, 404),
)
def revoke(request: Request, key_id: Annotated[str, Path(max_length=100)], admin: Admin) -> KeyOut:
    """Revoke a key: it stops working at once; decisions made with it stay recorded."""
    if key_id == admin.key_id:
        raise InputError(N_("you cannot revoke the key you are using; use another admin key"))
    with store_of(request).writing(decisions=False) as con:
        return key_out(revoke_key(con, key_id))
