"""The screening log (scr_log): who screened what, when, and the answer, one row per name or
party, appended by every screening (the command line and the service alike) for audit."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb

INSERT_SQL = """
INSERT INTO scr_log (screening_id, logged_at, who, via, request, scope, position, subject,
                     decision, family_id, explanation)
VALUES {values}
"""
ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
COLUMNS = (
    ("screening_id", "VARCHAR"),
    ("logged_at", "TIMESTAMP"),
    ("who", "VARCHAR"),
    ("via", "VARCHAR"),
    ("request", "VARCHAR"),
    ("scope", "VARCHAR"),
    ("position", "INTEGER"),
    ("subject", "VARCHAR"),
    ("decision", "VARCHAR"),
    ("family_id", "VARCHAR"),
    ("explanation", "VARCHAR"),
)
# Many rows go in as one bound list per column, zipped by unnest: no Arrow table, so `iceout
# screen` never loads pyarrow and pandas (0.4 s of CPU) to log its answers.
BULK_SQL = "INSERT INTO scr_log ({names}) SELECT {lists}".format(
    names=", ".join(name for name, _ in COLUMNS),
    lists=", ".join(f"unnest(${name}::{kind}[])" for name, kind in COLUMNS),
)
# Beyond this many rows the lists are cheaper than one INSERT ... VALUES statement: measured on
# the shared 2-core machine, VALUES costs about 0.8 ms + 0.2 ms of CPU a row (each row's 11
# parameters are bound one by one), the lists about 1.3 ms + 10 us a row.
BULK = 4


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
        columns = zip(*rows, strict=True)
        con.execute(
            BULK_SQL, {name: list(c) for (name, _), c in zip(COLUMNS, columns, strict=True)}
        )
    elif rows:  # one statement: executemany runs one per row
        values = ", ".join([ROW] * len(rows))
        con.execute(INSERT_SQL.format(values=values), [v for row in rows for v in row])
