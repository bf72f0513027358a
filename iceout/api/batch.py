"""Batch screening by file: an uploaded CSV with a 'name' column in, the same rows with the
screening columns of `iceout screen` (plus the family id) out."""

import csv
import io

from iceout.api.errors import TooLargeError
from iceout.api.limits import MAX_CSV_ROWS, MAX_NAME_LENGTH
from iceout.api.models import ScreenResult
from iceout.errors import InputError
from iceout.screen.screen import OUTPUT_COLUMNS
from iceout.sheets import SheetDictWriter

RESULT_COLUMNS = OUTPUT_COLUMNS


def read_upload(data: bytes, label: str) -> tuple[list[str], list[dict[str, str]]]:
    """(columns, rows) of an uploaded CSV; every problem names the file and line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: not UTF-8 text (byte {exc.start})") from exc
    if "\x00" in text:
        raise InputError(f"{label}: not a text file (contains NUL bytes)")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        columns = [c for c in reader.fieldnames or [] if c is not None]
        if "name" not in columns:
            found = ", ".join(columns) or "nothing"
            raise InputError(f"{label}: line 1: no 'name' column (found: {found})")
        rows: list[dict[str, str]] = []
        for row in reader:
            if len(rows) == MAX_CSV_ROWS:
                raise TooLargeError(f"{label}: more than {MAX_CSV_ROWS:,} rows; split the file")
            clean = {c: row.get(c) or "" for c in columns}
            if len(clean["name"]) > MAX_NAME_LENGTH:
                raise InputError(
                    f"{label}: line {reader.line_num}: name longer than {MAX_NAME_LENGTH} characters"
                )
            rows.append(clean)
    except csv.Error as exc:
        raise InputError(f"{label}: line {reader.line_num}: {exc}") from exc
    if not rows:
        raise InputError(f"{label}: no rows under the header")
    return columns, rows


def write_results(
    columns: list[str], rows: list[dict[str, str]], results: list[ScreenResult]
) -> str:
    out = io.StringIO()
    extra = [c for c in RESULT_COLUMNS if c not in columns]
    writer = SheetDictWriter(out, columns + extra, lineterminator="\n")
    writer.writeheader()
    for row, result in zip(rows, results, strict=True):
        writer.writerow({**row, **_columns(result)})
    return out.getvalue()


def _columns(result: ScreenResult) -> dict[str, str]:
    return {
        "decision": result.decision.value,
        "score": "" if result.score is None else f"{result.score:.3f}",
        "family": result.family or "",
        "matched_name": result.matched_name or "",
        "evidence": str(result.evidence.us_awards if result.evidence else 0),
        "explanation": result.explanation or "",
        "family_id": result.family_id or "",
    }
