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
       negation, body, qualifier, qualifier_kind
FROM clm_claims ORDER BY document, position
"""
DISAGREEMENTS_SQL = """
SELECT topic, documents, explanation, positions FROM clm_disagreements ORDER BY topic
"""
CLAIM_FIELDS = (
    "subject", "statement", "relation", "status", "evidence", "explanation", "trigger_words",
    "negation", "body", "qualifier", "qualifier_kind",
)  # fmt: skip
# A Canadian record's kind is a kind of Canadian money; a US award's kind names its component.
CANADIAN_KINDS = frozenset(kind.value for kind in MoneyKind)
# Public Accounts transfer payments are grants and contributions paid: the grants search finds
# their recipient; payments and vendor-year totals are found among the vendor's contracts.
SEARCHED_AS = {MoneyKind.TRANSFER.value: MoneyKind.GRANT.value}


def evidence_url(evidence: dict[str, Any]) -> str:
    """The record's public page: its own address, else a USAspending award page or an
    open.canada.ca search for the reference (for the payee, when the record has none: a
    Public Accounts line is known by its file and page)."""
    own = public_url(evidence.get("source"))
    if own:
        return own
    record_id = str(evidence.get("record_id") or "")
    kind = str(evidence.get("kind") or "")
    if kind in CANADIAN_KINDS:
        reference = None if record_id == evidence.get("file") else record_id
        return canada_search_url(SEARCHED_AS.get(kind, kind), reference, evidence.get("vendor"))
    return usaspending_url(record_id) or ""


def with_links(evidence: dict[str, Any]) -> dict[str, Any]:
    """The evidence as stored, with its public page and the currency of its amount."""
    canadian = evidence.get("kind") in CANADIAN_KINDS
    return {**evidence, "url": evidence_url(evidence), "currency": "C$" if canadian else "US$"}


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
        claim["evidence"] = [with_links(e) for e in json.loads(claim["evidence"])]
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
