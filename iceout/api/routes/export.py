"""`GET /api/export`: the exposure report for a policy as a file (XLSX, FollowTheMoney entities
or the families CSV), as `iceout export` writes it. This is how `iceout export` works while
`iceout serve` holds the store (iceout/remote.py): the server builds the policy's watchlist in
an in-memory layer over its store (db.layered), which it never writes."""

import os
import tempfile
import threading
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from iceout import db, pipeline
from iceout.api.routes import errors, store_of
from iceout.report.export import MEDIA_TYPES, export_exposure
from iceout.screen.policy import Policy

router = APIRouter(tags=["Exports"])

# An export rebuilds the policy's watchlist and report: CPU seconds, so one at a time, and
# the screening requests keep the other core.
ONE_AT_A_TIME = threading.Lock()
SUMMARY_HEADERS = ("families", "listed-apart", "us-awards", "canadian-records")


@router.get(
    "/api/export",
    response_class=FileResponse,
    responses={
        **errors(400),
        200: {"content": {m: {} for m in MEDIA_TYPES.values()}, "description": "The file"},
    },
)
def export(
    request: Request,
    format: Annotated[
        Literal["xlsx", "ftm", "csv"],
        Query(description="xlsx (a sheet per table), ftm (FollowTheMoney JSON lines) or csv"),
    ],
    scope: Annotated[
        Literal["ice", "dhs"], Query(description="ice: ICE only; dhs: every DHS component")
    ] = "dhs",
    date_from: Annotated[
        date | None, Query(alias="from", description="Money on or after this day")
    ] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Money on or before it")] = None,
    min_obligation: Annotated[
        float, Query(ge=0, description="Minimum in-scope US obligations of a family (USD)")
    ] = 0.0,
) -> FileResponse:
    """The exposure report for a policy, as `iceout export --format FORMAT` writes it; the
    headers X-Iceout-Families, -Listed-Apart, -US-Awards and -Canadian-Records count it."""
    policy = Policy(scope, date_from, date_to, min_obligation)
    folder = tempfile.mkdtemp(prefix=f"iceout-export-{os.getpid()}-")
    path = Path(folder) / f"exposure-{scope}.{'jsonl' if format == 'ftm' else format}"
    try:
        with ONE_AT_A_TIME, store_of(request).reading() as cursor, db.layered(cursor) as con:
            exposure = export_exposure(con, policy, format, path, pipeline.uses_demo(con))
    except BaseException:
        _remove(path, folder)
        raise
    counts = (
        len(exposure.families),
        len(exposure.no_obligations),
        exposure.summary.us_awards,
        exposure.summary.canadian_records,
    )
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[format],
        filename=path.name,
        headers={f"X-Iceout-{h}": str(n) for h, n in zip(SUMMARY_HEADERS, counts, strict=True)},
        background=BackgroundTask(_remove, path, folder),
    )


def _remove(path: Path, folder: str) -> None:
    path.unlink(missing_ok=True)
    os.rmdir(folder)
