"""`iceout export`: the exposure report, for one policy, in a format of the field's tools: an
XLSX workbook (report/xlsx_out.py), FollowTheMoney entities (report/ftm_out.py) or the
families CSV with a BOM (report/csv_out.py)."""

from collections.abc import Callable
from pathlib import Path

import duckdb

from iceout.errors import InputError
from iceout.report.csv_out import write_csv
from iceout.report.exposure import build_exposure
from iceout.report.ftm_out import write_ftm
from iceout.report.records import Exposure
from iceout.report.xlsx_out import write_xlsx
from iceout.screen.policy import Policy
from iceout.screen.watchlist import build_watchlist

WRITERS: dict[str, Callable[[Exposure, Path], object]] = {
    "xlsx": write_xlsx,
    "ftm": write_ftm,
    "csv": write_csv,
}


def export_exposure(
    con: duckdb.DuckDBPyConnection, policy: Policy, fmt: str, path: Path, demo: bool = False
) -> Exposure:
    """Rebuild the watchlist for `policy` (on `con`, an overlay: db.overlay) and write the
    report in `fmt` to `path`."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise InputError(f"--format must be one of {', '.join(WRITERS)}, not {fmt!r}")
    if not path.parent.is_dir():
        raise InputError(f"{path}: its folder does not exist")
    build_watchlist(con, policy)
    exposure = build_exposure(con, policy, demo=demo)
    writer(exposure, path)
    return exposure
