"""Reviewers' decisions on name -> family links, kept apart from computed scores.

rev_judgements is append-only: the latest decision on a (name, family) pair is in force, and the
history of who decided what, when and why stays readable.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from iceout.errors import InputError
from iceout.resolve.profile import profile

JUDGEMENTS = ("positive", "negative", "unsure")


@dataclass(frozen=True)
class Judgement:
    name_key: str
    family_id: str
    judgement: str
    reviewer: str
    reason: str | None
    decided_at: datetime


def record_judgement(
    con: duckdb.DuckDBPyConnection,
    name: str,
    family_id: str,
    judgement: str,
    reviewer: str,
    reason: str | None = None,
) -> Judgement:
    if judgement not in JUDGEMENTS:
        raise InputError(f"judgement must be one of {', '.join(JUDGEMENTS)}, not {judgement!r}")
    key = profile(name).key
    if not key:
        raise InputError(f"{name!r} has no letters or digits to judge")
    if not reviewer.strip():
        raise InputError("a judgement needs the reviewer's name")
    decided = Judgement(
        key, family_id, judgement, reviewer.strip(), reason, datetime.now(UTC).replace(tzinfo=None)
    )
    con.execute(
        "INSERT INTO rev_judgements VALUES (?, ?, ?, ?, ?, ?)",
        [
            decided.name_key,
            decided.family_id,
            decided.judgement,
            decided.reviewer,
            decided.reason,
            decided.decided_at,
        ],
    )
    return decided


def load_judgements(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], Judgement]:
    """The decision in force for each (name key, family) pair."""
    rows = con.execute(
        "SELECT name_key, family_id, judgement, reviewer, reason, decided_at FROM rev_judgements "
        "QUALIFY row_number() OVER (PARTITION BY name_key, family_id ORDER BY decided_at DESC) = 1"
    ).fetchall()
    return {(r[0], r[1]): Judgement(*r) for r in rows}
