"""JSONP for the reconciliation service's GET forms (optional in the W3C Reconciliation API
0.2, and the fallback of OpenRefine and the W3C test bench when CORS fails): `?callback=f`
wraps the JSON answer in a call to f. Served only when any origin may read the service: a
script tag carries no Origin, so JSONP would bypass a list of allowed origins."""

import json
import re
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from pydantic import BaseModel

from iceout.api.cors import ANY
from iceout.errors import InputError
from iceout.i18n import N_

# A JavaScript name or dotted path (jQuery sends jQuery3710_1700000000000): nothing that
# could close the call and run code of the caller's choosing.
CALLBACK = re.compile(r"[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*")
MAX_CALLBACK = 100


def answer(request: Request, body: BaseModel | dict[str, Any], callback: str | None) -> Any:
    """`body` as JSON, or (with a callback) as JavaScript calling it."""
    if callback is None:
        return body
    if len(callback) > MAX_CALLBACK or not CALLBACK.fullmatch(callback):
        raise InputError(N_("callback: must be a JavaScript function name, such as handle_42"))
    if ANY not in request.app.state.cors_origins:
        raise InputError(
            N_(
                "callback: JSONP is off because this service lets only some origins read it "
                "(ICEOUT_CORS_ORIGINS); use CORS from one of them"
            )
        )
    data = (
        body.model_dump(mode="json", by_alias=True, exclude_none=True)
        if isinstance(body, BaseModel)
        else body
    )
    text = json.dumps(jsonable_encoder(data), ensure_ascii=False)
    return Response(
        f"/**/{callback}({text});",
        media_type="application/javascript",
        headers={"X-Content-Type-Options": "nosniff"},
    )
