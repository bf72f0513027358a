"""What `iceout claims` kept in the clm_* tables (iceout/claims/tables.py), grouped by
document, with a public page for every piece of evidence."""

import json
from typing import Any

from iceout.api.store import Store
from iceout.domain import MoneyKind
from iceout.report.records import canada_search_url, public_url, usaspending_url

DOCUMENTS_SQL = """
SELECT document, kind, sha256, strftime(checked_at, '%Y-%m-%d %H:%M:%S'), presence
FROM clm_documents ORDER BY document
"""
CLAIMS_SQL = """
SELECT document, subject, statement, relation, status, evidence, explanation, trigger_words,
       negation
FROM clm_claims ORDER BY document, position
"""
DISAGREEMENTS_SQL = """
SELECT topic, documents, explanation, positions FROM clm_disagreements ORDER BY topic
"""
CLAIM_FIELDS = (
    "subject", "statement", "relation", "status", "evidence", "explanation", "trigger_words",
    "negation",
)  # fmt: skip
# A Canadian record's kind is a kind of Canadian money; a US award's kind names its component.
CANADIAN_KINDS = frozenset(kind.value for kind in MoneyKind)


def evidence_url(evidence: dict[str, Any]) -> str:
    """The record's public page: its own address, else a USAspending award page or an
    open.canada.ca search for the reference."""
    own = public_url(evidence.get("source"))
    if own:
        return own
    record_id = str(evidence.get("record_id") or "")
    kind = str(evidence.get("kind") or "")
    if kind in CANADIAN_KINDS:
        return canada_search_url(kind, record_id, None)
    return usaspending_url(record_id) or ""


def stored_claims(store: Store) -> dict[str, Any]:
    """{"documents": [{document, kind, sha256, checked_at, claims, presence}],
    "disagreements": [...]}; empty lists before `iceout claims` has run on the store."""
    with store.reading() as con:
        documents = con.execute(DOCUMENTS_SQL).fetchall()
        claims = con.execute(CLAIMS_SQL).fetchall()
        disagreements = con.execute(DISAGREEMENTS_SQL).fetchall()
    by_document: dict[str, list[dict[str, Any]]] = {}
    for document, *values in claims:
        claim = dict(zip(CLAIM_FIELDS, values, strict=True))
        claim["evidence"] = [{**e, "url": evidence_url(e)} for e in json.loads(claim["evidence"])]
        by_document.setdefault(document, []).append(claim)
    return {
        "documents": [
            {
                "document": name,
                "kind": kind,
                "sha256": sha,
                "checked_at": checked_at,
                "claims": by_document.get(name, []),
                "presence": json.loads(presence),
            }
            for name, kind, sha, checked_at, presence in documents
        ],
        "disagreements": [
            {
                "topic": topic,
                "documents": list(names),
                "explanation": explanation,
                "positions": json.loads(positions),
            }
            for topic, names, explanation, positions in disagreements
        ],
    }
