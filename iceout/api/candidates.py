"""Several candidate families per name, best first, for the protocols whose clients rank them
(the reconciliation service, yente's /match). The screener's verdict comes first, as
/api/screen gives it (a shared UEI, DUNS or Business Number, reviewers' decisions); then the
other families the name resembles (Resolver.ranked), with reviewers' decisions applied to
each pair: a rejected family is dropped, a confirmed one becomes a match."""

from dataclasses import dataclass

from iceout.api.families import FamilySummary, summaries
from iceout.api.models import confidence
from iceout.api.screening import screen
from iceout.api.store import Store
from iceout.domain import Decision
from iceout.resolve.links import judge

MAX_CANDIDATES = 25
"""Candidates per query at most, whatever a client asks for (more are never useful: blocking
keeps a handful of families per name)."""
FLOOR = 0.4
"""The lowest score of a candidate: below the review band (scoring.REVIEW), for a person to
look at in OpenRefine, or for a yente client that lowers `cutoff`; `decision` is then `clear`
(a name that only shares common words with the family's, 'Air Management Solutions' for
'Management Solutions Inc', is such a candidate: shown, ranked low, never a match)."""


@dataclass(frozen=True)
class Candidate:
    family: FamilySummary
    score: float
    decision: Decision
    """match, review or clear (a weak candidate, below the review band)"""
    query: str
    """The name (or identifier) it was found with."""
    matched_name: str
    explanation: str


def candidates(store: Store, rows: list[dict[str, str]], limit: int) -> list[list[Candidate]]:
    """Per row ('name', optionally 'id', 'business_number'), at most `limit` families, best
    first. A row without a name can still be settled by its identifier."""
    limit = max(1, min(limit, MAX_CANDIDATES))
    verdicts = screen(store, rows)
    names = sorted({row["name"].strip() for row in rows if row.get("name", "").strip()})
    with store.reading() as con:
        ranked = store.screener.resolver.ranked(con, names, limit + 1, FLOOR)
    graph = store.screener.judgements
    families = summaries(store)
    out = []
    for row, verdict in zip(rows, verdicts, strict=True):
        name = row.get("name", "").strip()
        found: list[Candidate] = []
        family = families.get(verdict.family_id or "")
        if family is not None and verdict.decision is not Decision.CLEAR:
            query = name or row.get("id") or row.get("business_number") or ""
            found.append(
                Candidate(
                    family,
                    confidence(verdict),
                    verdict.decision,
                    query,
                    verdict.matched_name or "",
                    verdict.explanation or "",
                )
            )
        for computed in ranked.get(name, []):
            other = families.get(computed.family_id)
            if other is None or any(c.family.family_id == computed.family_id for c in found):
                continue
            link = judge(computed, graph, keep_own_names=True)
            if link is None or link.score is None:  # rejected (ranked links are all computed)
                continue
            found.append(
                Candidate(
                    other,
                    round(link.score, 3),
                    link.decision,
                    name,
                    link.matched_name or "",
                    str(link.reasons),
                )
            )
        found.sort(key=lambda c: -c.score)
        out.append(found[:limit])
    return out


def sure(found: list[Candidate]) -> bool:
    """Whether the first candidate can be taken without a look: a match that no other
    candidate equals (two families both matching a name is a question for a person), unless
    an identifier or a reviewer settled it."""
    if not found or found[0].decision is not Decision.MATCH:
        return False
    if len(found) == 1 or found[1].decision is not Decision.MATCH:
        return True
    return found[0].score >= 1.0 > found[1].score
