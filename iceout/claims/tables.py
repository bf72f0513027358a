"""The claims stage's tables (clm_*, DDL in iceout/schema.sql): what `iceout claims` found in
each document, kept so the web UI can list it. Checking a document again replaces its rows, in
one transaction, so running the same documents twice stores them once."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from iceout.claims.assertions import Assertion
from iceout.claims.documents import Document
from iceout.db import insert_rows, transaction


@dataclass(frozen=True)
class Checked:
    """One run of the claims job: what was read, what it asserted, and the JSON result (its
    claims in the same order as `assertions`)."""

    documents: list[Document]
    digests: list[str]  # sha256 of each document, in the same order
    assertions: list[Assertion]
    result: dict[str, Any]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save_checked(con: duckdb.DuckDBPyConnection, checked: Checked) -> None:
    """Replace the rows of the checked documents with what this run found."""
    now = datetime.now().replace(microsecond=0)
    names = [d.name for d in checked.documents]
    with transaction(con):
        for table in ("clm_documents", "clm_claims"):
            # table names are our own constants, never input
            con.execute(
                f"DELETE FROM {table} WHERE list_contains($names, document)", {"names": names}
            )
        con.execute(
            "DELETE FROM clm_disagreements WHERE list_has_any(documents, $names)", {"names": names}
        )
        insert_rows(con, "clm_documents", _documents(checked, now))
        insert_rows(con, "clm_claims", _claims(checked))
        insert_rows(con, "clm_disagreements", _disagreements(checked.result, now))


def _documents(checked: Checked, now: datetime) -> list[dict[str, Any]]:
    statements = checked.result["presence"]["statements"]
    return [
        {
            "document": d.name,
            "kind": d.kind,
            "sha256": sha,
            "checked_at": now,
            "presence": [s for s in statements if s["source"] == d.name],
        }
        # one row per file name: the same name given twice is one document, as in its claims
        for d, sha in dict(
            (d.name, (d, sha)) for d, sha in zip(checked.documents, checked.digests, strict=True)
        ).values()
    ]


def _claims(checked: Checked) -> list[dict[str, Any]]:
    positions: dict[str, int] = {}
    rows = []
    claims = checked.result["claims"]
    for assertion, claim in zip(checked.assertions, claims, strict=True):
        position = positions[claim["source"]] = positions.get(claim["source"], 0) + 1
        rows.append(
            {
                "document": claim["source"],
                "position": position,
                "subject": claim["subject"],
                "statement": claim["statement"],
                "relation": claim["relation"],
                "status": claim["status"],
                "evidence": claim["evidence"],
                "explanation": claim["explanation"],
                "trigger_words": assertion.trigger.words,
                "negation": assertion.negation,
                "body": claim["body"],
                "qualifier": assertion.qualifier.words if assertion.qualifier else None,
                "qualifier_kind": assertion.qualifier.kind if assertion.qualifier else None,
            }
        )
    return rows


def _disagreements(result: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "topic": d["topic"],
            "documents": _sources(d["positions"]),
            "explanation": d["explanation"],
            "positions": d["positions"],
            "checked_at": now,
        }
        for d in result["presence"]["disagreements"]
    ]


def _sources(positions: Sequence[dict[str, Any]]) -> list[str]:
    return sorted({s for p in positions for s in p["sources"]})
