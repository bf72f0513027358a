"""`POST /api/claims/check`: the documents `iceout claims` sends while `iceout serve` holds
the store (iceout/served.py). The server checks them and keeps the findings as the command
would; an administrator's key (the command line's local token is one) is needed, since it
writes to the store."""

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile

from iceout.api.auth import require
from iceout.api.keys import ApiKey
from iceout.api.routes import errors, store_of
from iceout.claims.report import write_claims
from iceout.errors import InputError
from iceout.i18n import N_

router = APIRouter(tags=["Claims"], include_in_schema=False)


@router.post("/api/claims/check", responses=errors(400, 401, 403, 413))
def check(
    request: Request,
    files: Annotated[list[UploadFile], File()],
    _: Annotated[ApiKey, Depends(require("admin"))],
) -> Any:
    with tempfile.TemporaryDirectory(prefix="iceout-claims-") as folder:
        paths = []
        for upload in files:
            name = Path(upload.filename or "").name
            if not name or name in (".", ".."):
                raise InputError(N_("each document needs a file name"))
            path = Path(folder) / name
            path.write_bytes(upload.file.read())
            paths.append(str(path))
        with store_of(request).exclusive() as con:
            return write_claims(con, paths, str(Path(folder) / "claims.json"), lambda _: None)
