"""Batch screening by file: an uploaded CSV with a 'name' column in, the same rows with the
screening columns of `iceout screen` (plus the family id) out."""

import io

from iceout.api.errors import TooLargeError
from iceout.api.limits import MAX_CSV_ROWS, MAX_NAME_LENGTH
from iceout.api.models import ScreenResult
from iceout.csvio import decode, parse
from iceout.errors import InputError
from iceout.i18n import N_
from iceout.screen.screen import OUTPUT_COLUMNS
from iceout.sheets import SheetDictWriter

RESULT_COLUMNS = OUTPUT_COLUMNS


def read_upload(data: bytes, label: str) -> tuple[list[str], list[dict[str, str]]]:
    """(columns, rows) of an uploaded CSV (iceout/csvio.py: UTF-8 or Windows-1252; comma,
    semicolon or tab; a 'name' column in any case); every problem names the file and line."""
    text, encoding = decode(data, label)
    table = parse(text, label, encoding)
    column = table.find("name")
    if column is None:
        found = ", ".join(table.columns) or "nothing"
        raise InputError(
            N_("%(file)s: line 1: no 'name' column (found: %(found)s)"), file=label, found=found
        )
    if len(table.rows) > MAX_CSV_ROWS:
        raise TooLargeError(
            N_("%(file)s: more than %(rows)s rows; split the file"),
            file=label,
            rows=f"{MAX_CSV_ROWS:,}",
        )
    for row, line in zip(table.rows, table.lines, strict=True):
        if len(row[column]) > MAX_NAME_LENGTH:
            raise InputError(
                N_("%(file)s: line %(line)s: name longer than %(max)s characters"),
                file=label,
                line=line,
                max=MAX_NAME_LENGTH,
            )
    if not table.rows:
        raise InputError(N_("%(file)s: no rows under the header"), file=label)
    # The screener reads 'name' (and 'id', 'business_number'); the file's own spelling of
    # each column is what is written back.
    ours = {k: c for k in ("name", "id", "business_number") if (c := table.find(k))}
    return table.columns, [
        {**row, **keyed} for row, keyed in zip(table.rows, table.keyed(ours), strict=True)
    ]


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
