"""`iceout export`: the exposure report, for one policy, in a format of the field's tools: an
XLSX workbook (report/xlsx_out.py), FollowTheMoney entities (report/ftm_out.py) or the
families CSV with a BOM (report/csv_out.py)."""

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from iceout.errors import InputError
from iceout.i18n import N_
from iceout.report.csv_out import write_csv
from iceout.report.exposure import build_exposure
from iceout.report.ftm_out import write_ftm
from iceout.report.records import Exposure
from iceout.report.xlsx_out import write_xlsx
from iceout.screen.policy import Policy
from iceout.screen.watchlist import build_watchlist

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ftm": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
}
WRITERS: dict[str, Callable[[Exposure, Path], object]] = {
    "xlsx": write_xlsx,
    "ftm": write_ftm,
    "csv": write_csv,
}


def export_exposure(
    con: duckdb.DuckDBPyConnection, policy: Policy, fmt: str, path: Path, demo: bool = False
) -> Exposure:
    """Rebuild the watchlist for `policy` (on `con`, an overlay: db.overlay or db.layered) and
    write the report in `fmt` to `path`, whole or not at all (written beside it, then renamed:
    a reader never sees half a file, and an interrupted export leaves the old one)."""
    writer = check_format(fmt)
    check_folder(path)
    build_watchlist(con, policy)
    exposure = build_exposure(con, policy, demo=demo)
    with replacing(path) as temporary:
        writer(exposure, temporary)
    return exposure


def check_format(fmt: str) -> Callable[[Exposure, Path], object]:
    writer = WRITERS.get(fmt)
    if writer is None:
        raise InputError(
            N_("--format must be one of %(formats)s, not %(value)r"),
            formats=", ".join(WRITERS),
            value=fmt,
        )
    return writer


def check_folder(path: Path) -> None:
    if not path.parent.is_dir():
        raise InputError(N_("%(path)s: its folder does not exist"), path=str(path))


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` that takes its place when the block ends without error,
    and is removed otherwise."""
    temporary = path.with_name(f".{path.name}.iceout-export-{os.getpid()}")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
