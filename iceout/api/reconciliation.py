"""Reconciliation queries (W3C Reconciliation API) to ranked candidates: a column of names,
each with an optional type and properties, against the watchlist's families.

Every query the specification calls valid is answered: a property value may be a string, a
number, a boolean, an entity `{id, name}` (a column reconciled before) or an array of them;
`query` may be missing when an identifier property is given; `limit` is capped, never
refused. Types are FollowTheMoney schemata: Organization (and LegalEntity) admit every
family, Company the companies, PublicBody the U.S. bodies; other types (Person, ...) find
nothing, as the watchlist holds no people. An identifier property (UEI, DUNS or Business
Number) settles a match outright; other properties are accepted and do not change scores."""

from iceout.api.candidates import MAX_CANDIDATES, Candidate, candidates, sure
from iceout.api.families import FamilySummary
from iceout.api.models import (
    EntityRef,
    PropertyValue,
    ReconCandidate,
    ReconFeature,
    ReconQuery,
    ReconResult,
    ReconType,
)
from iceout.api.store import Store

ORGANIZATION = ReconType(id="Organization", name="Organization (company or public body)")
COMPANY = ReconType(id="Company", name="Company", broader=[ORGANIZATION])
PUBLIC_BODY = ReconType(id="PublicBody", name="Public body", broader=[ORGANIZATION])
TYPES = {t.id: t for t in (ORGANIZATION, COMPANY, PUBLIC_BODY)}
# Family kinds each type admits (res_families.kind).
KINDS = {
    "Organization": {"company", "government"},
    "LegalEntity": {"company", "government"},
    "Company": {"company"},
    "PublicBody": {"government"},
}
ID_PIDS = {"id", "uei", "duns", "business_number"}
"""Identifier properties: a UEI, DUNS or Business Number that settles a match."""
DEFAULT_LIMIT = 5
SCORE_FEATURE = "iceout_score"


def family_type(family: FamilySummary) -> ReconType:
    bare = PUBLIC_BODY if family.kind == "government" else COMPANY
    return ReconType(id=bare.id, name=bare.name)


def reconcile(store: Store, batch: dict[str, ReconQuery]) -> dict[str, ReconResult]:
    """One result per query, candidates best first; `match` on the first only when sure."""
    wanted = {qid: q for qid, q in batch.items() if _kinds(q.type) and _row(q) is not None}
    rows = [_row(q) or {} for q in wanted.values()]
    ranked = candidates(store, rows, MAX_CANDIDATES) if rows else []
    found = dict(zip(wanted, ranked, strict=True))
    out = {}
    for qid, query in batch.items():
        kept = [c for c in found.get(qid, []) if c.family.kind in _kinds(query.type)]
        kept = kept[: limit_of(query.limit)]
        out[qid] = ReconResult(
            result=[_candidate(c, i == 0 and sure(kept)) for i, c in enumerate(kept)]
        )
    return out


def limit_of(limit: float | None) -> int:
    """The number of candidates to give: as asked, within 1..MAX_CANDIDATES."""
    if limit is None:
        return DEFAULT_LIMIT
    return max(1, min(int(limit), MAX_CANDIDATES))


def _kinds(kind: str | list[str] | None) -> set[str]:
    kinds = [kind] if isinstance(kind, str) else kind or []
    if not kinds:
        return KINDS["Organization"]
    return set().union(*(KINDS.get(k, set()) for k in kinds))


def _row(query: ReconQuery) -> dict[str, str] | None:
    """The screening row of a query; None when it has neither a name nor an identifier."""
    identifier = next(
        (text for p in query.properties if p.pid in ID_PIDS for text in texts(p.v)), ""
    )
    name = (query.query or "").strip()
    if not name and not identifier:
        return None
    return {"name": name, "id": identifier, "business_number": identifier}


def texts(value: PropertyValue) -> list[str]:
    """The strings in a property value: an entity counts by its id, then its name."""
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, EntityRef):
            out.extend(t for t in (item.id, item.name) if t)
        elif not isinstance(item, bool):
            out.append(str(item))
    return [t.strip() for t in out if t.strip()]


def _candidate(found: Candidate, match: bool) -> ReconCandidate:
    return ReconCandidate(
        id=found.family.family_id,
        name=found.family.name,
        description=found.explanation or None,
        type=[family_type(found.family)],
        score=round(found.score * 100, 1),
        features=[ReconFeature(id=SCORE_FEATURE, name="iceout score", value=found.score)],
        match=match,
    )
