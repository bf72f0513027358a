"""The screening log (scr_log): who screened what, when, and the answer, one row per name or
party, appended by every screening (the command line and the service alike) for audit."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb

from iceout import db

INSERT_SQL = """
INSERT INTO scr_log (screening_id, logged_at, who, via, request, scope, position, subject,
                     decision, family_id, explanation)
VALUES {values}
"""
ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
# Beyond this many rows one bulk load (Arrow) is cheaper than one INSERT ... VALUES statement:
# measured on the shared 2-core machine, VALUES costs about 2 ms + 150 us of CPU a row (each
# row's 11 parameters are bound one by one), Arrow about 6 ms + 3 us a row.
BULK = 30


@dataclass(frozen=True)
class Logged:
    subject: str
    decision: str
    family_id: str | None
    explanation: str | None


@dataclass(frozen=True)
class Screening:
    who: str
    via: str  # cli | api | ui
    request: str  # screen | screen-csv | parties | preview (an answer shown while typing)
    scope: str | None


def record_screening(
    con: duckdb.DuckDBPyConnection, screening: Screening, answers: list[Logged]
) -> str:
    """Append one screening's answers; returns its id."""
    screening_id, rows = log_rows(screening, answers)
    append_rows(con, rows)
    return screening_id


def log_rows(screening: Screening, answers: list[Logged]) -> tuple[str, list[tuple[Any, ...]]]:
    """(the screening's id, its scr_log rows)."""
    screening_id = uuid.uuid4().hex
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        (screening_id, now, screening.who, screening.via, screening.request, screening.scope,
         position, a.subject, a.decision, a.family_id, a.explanation)
        for position, a in enumerate(answers, 1)
    ]  # fmt: skip
    return screening_id, rows


def append_rows(con: duckdb.DuckDBPyConnection, rows: list[tuple[Any, ...]]) -> None:
    """scr_log rows, of one screening or of many (the service's writer batches them)."""
    if len(rows) > BULK:
        names = ("screening_id", "logged_at", "who", "via", "request", "scope", "position",
                 "subject", "decision", "family_id", "explanation")  # fmt: skip
        db.insert_rows(con, "scr_log", [dict(zip(names, row, strict=True)) for row in rows])
    elif rows:  # one statement: executemany runs one per row
        values = ", ".join([ROW] * len(rows))
        con.execute(INSERT_SQL.format(values=values), [v for row in rows for v in row])
