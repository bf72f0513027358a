"""What `iceout claims` kept in the clm_* tables (iceout/claims/tables.py), grouped by
document, with a public page for every piece of evidence."""

import json
from typing import Any
from urllib.parse import quote, quote_plus

from iceout.api.store import Store
from iceout.report.html import CANADA_SEARCH, USASPENDING_AWARD, public_url

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
# A Canadian record's kind names no US component: 'contract', 'grant'.
CANADIAN_KINDS = ("contract", "grant")


def evidence_url(evidence: dict[str, Any]) -> str:
    """The record's public page: its own address, else a USAspending award page or an
    open.canada.ca search for the reference."""
    own = public_url(evidence.get("source"))
    if own:
        return own
    record_id = str(evidence.get("record_id") or "")
    kind = str(evidence.get("kind") or "")
    if kind in CANADIAN_KINDS:
        return CANADA_SEARCH.format(kind=f"{kind}s", query=quote_plus(record_id))
    return USASPENDING_AWARD.format(key=quote(record_id, safe=""))


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
