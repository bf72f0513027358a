"""Who may write: the API key in `Authorization: Bearer <key>`, checked against its role.
Without a key (or with an unknown or revoked one) the answer is 401, with a key whose role may
not do this 403."""

import hmac
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from iceout.api.errors import AuthError, ForbiddenError
from iceout.api.keys import ApiKey, find_key
from iceout.api.store import Store
from iceout.i18n import N_
from iceout.served import USER_HEADER

LOCAL_SINCE = datetime(2000, 1, 1)

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="An API key from `iceout keys create --role reviewer` (or POST /api/keys).",
)

Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def local_key(request: Request, secret: str) -> ApiKey | None:
    """The command line's key when `secret` is the token `iceout serve` left beside the store
    (iceout/served.py): an administrator, named by the user the command runs as."""
    token = getattr(request.app.state, "local_token", None)
    if not token or not hmac.compare_digest(secret.encode(), token.encode()):
        return None
    user = " ".join(request.headers.get(USER_HEADER, "").split())[:100] or "unknown user"
    return ApiKey("local", "admin", f"{user} (command line)", LOCAL_SINCE, None)


def require(role: str) -> Callable[[Request, Credentials], Awaitable[ApiKey]]:
    """A dependency giving the caller's key when it may act as `role`."""

    # async: a remembered key costs no thread hop (Store.key reads the store once per key)
    async def dependency(request: Request, credentials: Credentials) -> ApiKey:
        if credentials is None:
            raise AuthError(
                N_(
                    "this needs an API key: send 'Authorization: Bearer <key>' "
                    "(an administrator creates one with `iceout keys create --role reviewer`)"
                )
            )
        store: Store = request.app.state.store
        key = local_key(request, credentials.credentials)
        if key is None:
            key = store.key(credentials.credentials, find_key)
        if key is None:
            raise AuthError(N_("this API key is not known or has been revoked"))
        if not key.may(role):
            raise ForbiddenError(
                N_("this needs a key with the %(role)s role; yours is %(yours)s"),
                role=role,
                yours=key.role,
            )
        return key

    return dependency
