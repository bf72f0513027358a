"""Check assertions against the store: does the subject's family hold ICE/DHS awards of the
nature the sentence states?

- supported: the family holds awards from the named body (ICE, CBP, or any DHS component for
  DHS) of a matching kind: contracts and subawards for a contract, sale, services or office;
  assistance for a subsidy;
- contradicted: the sentence denies the relation and such awards are loaded;
- unverified: no such award is loaded; the explanation says what was searched, and names
  awards of the body that mention the subject only in their description (a product bought
  through a reseller), which are leads, not evidence.

All DHS awards in the store count, not only the watchlist's: a claim is about the record, not
about the policy a report was run with.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from iceout.claims.assertions import Assertion
from iceout.claims.overlap import shared_count, shared_words
from iceout.claims.subjects import Subjects, status
from iceout.domain import DHS, components_of_family

AWARD_TYPES = {"subsidy": ("assistance",)}
DEFAULT_AWARD_TYPES = ("contract", "subaward")
MAX_EVIDENCE = 20

AWARDS_SQL = """
SELECT f.family_id, a.award_id, a.award_type, a.component, a.amount_usd, a.start_date,
       a.url, a.recipient_name, a.description
FROM nrm_us_awards a JOIN res_award_families f USING (award_key)
WHERE a.component IS NOT NULL AND list_contains($families, f.family_id)
ORDER BY a.amount_usd DESC NULLS LAST, a.award_id
"""
NAMES_SQL = """
SELECT family_id, list(DISTINCT name ORDER BY name) FROM res_family_names
WHERE list_contains($families, family_id) GROUP BY family_id
"""
COVERAGE_SQL = """
SELECT count(*), min(start_date), max(coalesce(latest_date, start_date))
FROM nrm_us_awards WHERE component IS NOT NULL
"""
# Awards whose description names a subject that is not their recipient (lower-cased terms).
MENTIONED_SQL = """
SELECT t.term, a.award_id, a.component, a.recipient_name, a.description
FROM nrm_us_awards a JOIN (SELECT unnest($terms) AS term) t
  ON contains(lower(a.description), t.term)
WHERE a.component IS NOT NULL
ORDER BY a.amount_usd DESC NULLS LAST
"""


@dataclass(frozen=True)
class Award:
    award_id: str
    award_type: str
    component: str
    amount_usd: float | None
    start_date: date | None
    url: str
    recipient_name: str
    description: str | None

    def evidence(self) -> dict[str, Any]:
        return {
            "record_id": self.award_id,
            "kind": f"{self.component} {self.award_type}",
            "amount": round(self.amount_usd, 2) if self.amount_usd is not None else None,
            "date": self.start_date.isoformat() if self.start_date else None,
            "source": self.url,
        }


class Checker:
    """The records the assertions need, loaded in a few set-based queries."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, assertions: list[Assertion], subjects: Subjects
    ) -> None:
        self.subjects = subjects
        families = sorted({f for a in assertions if (f := self.family_id(a))})
        self.awards: dict[str, list[Award]] = {}
        for family_id, *row in con.execute(AWARDS_SQL, {"families": families}).fetchall():
            self.awards.setdefault(family_id, []).append(Award(*row))
        self.names = dict(con.execute(NAMES_SQL, {"families": families}).fetchall())
        self.coverage = con.execute(COVERAGE_SQL).fetchone() or (0, None, None)
        self.leads = _description_leads(con, self._lead_terms(assertions))

    def family_id(self, assertion: Assertion) -> str | None:
        return self.subjects.family_id(assertion)

    def subject_name(self, assertion: Assertion) -> str:
        return self.subjects.name(assertion)

    def _terms(self, assertion: Assertion) -> list[str]:
        """What an award description might call the subject: as written, and its family."""
        return sorted({assertion.subject.text.lower(), self.subject_name(assertion).lower()})

    def _lead_terms(self, assertions: list[Assertion]) -> list[str]:
        return sorted({t for a in assertions if not self._matching(a) for t in self._terms(a)})

    def _matching(self, assertion: Assertion) -> list[Award]:
        family_id = self.family_id(assertion)
        components = _narrower(assertion.body.family_id)
        kinds = AWARD_TYPES.get(assertion.trigger.relation, DEFAULT_AWARD_TYPES)
        return [
            a
            for a in self.awards.get(family_id or "", [])
            if a.award_type in kinds and (components is None or a.component in components)
        ]

    def check(self, assertion: Assertion) -> dict[str, Any]:
        matching = self._matching(assertion)
        evidence = [a.evidence() for a in _relevant_first(assertion, matching)[:MAX_EVIDENCE]]
        verdict = self._verdict(assertion, matching)
        return self.subjects.claim(assertion, status(assertion, bool(matching)), evidence, verdict)

    def _verdict(self, assertion: Assertion, matching: list[Award]) -> str:
        family_id = self.family_id(assertion)
        if family_id is None:
            return (
                f"no family in the store matches '{assertion.subject.text}' (searched the "
                "names and aliases in res_family_names and the resolver's near matches): no "
                "ICE/DHS award can be linked to it"
            )
        searched = self._searched(assertion, family_id)
        if matching:
            found = _summary(matching)
            names = (assertion.subject.text, self.subject_name(assertion), assertion.body.text)
            shared = shared_words(
                assertion.sentence.text, (a.description or "" for a in matching), names
            )
            if shared:
                found += f"; their descriptions share the words {', '.join(shared)}"
            if assertion.negation:
                return f"the sentence denies the relation, but {searched} finds {found}"
            return f"{searched} finds {found}"
        text = f"{searched} finds none"
        other = self.awards.get(family_id, [])
        if other:
            text += f" (the family holds {_summary(other)}, of another body or kind)"
        if assertion.negation:
            text += "; the sentence denies the relation: absence from the loaded records agrees but does not prove it"
        leads = dict.fromkeys(
            lead for t in self._terms(assertion) for lead in self.leads.get(t, [])
        )
        return text + "".join(f"; {lead}" for lead in leads)

    def _searched(self, assertion: Assertion, family_id: str) -> str:
        body = assertion.body.family_id or ""
        components = "/".join(_narrower(body) or ("DHS",))
        kinds = " or ".join(AWARD_TYPES.get(assertion.trigger.relation, DEFAULT_AWARD_TYPES))
        count, first, last = self.coverage
        scope = f"the loaded records ({count:,} DHS awards, {first} to {last}; nrm_us_awards)"
        names = self.names.get(family_id, [])
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        return (
            f"a search of {scope} for {components} {kinds} awards to the family "
            f"{family_id} ({len(names)} name(s): {shown})"
        )


def _description_leads(con: duckdb.DuckDBPyConnection, terms: list[str]) -> dict[str, list[str]]:
    leads: dict[str, list[str]] = {}
    if not terms:
        return leads
    for term, award_id, component, recipient, description in con.execute(
        MENTIONED_SQL, {"terms": terms}
    ).fetchall():
        if not re.search(rf"\b{re.escape(term)}\b", description.lower()):
            continue  # 'ice' inside 'service' is no mention
        leads.setdefault(term, []).append(
            f"{component} award {award_id} to {recipient} names '{term}' in its description "
            f'("{description[:120]}"): not counted as evidence, the family is not its recipient'
        )
    return {term: found[:3] for term, found in leads.items()}


def _summary(awards: list[Award]) -> str:
    kinds = sorted({f"{a.component} {a.award_type}" for a in awards})
    total = sum(a.amount_usd or 0 for a in awards)
    dates = sorted(a.start_date for a in awards if a.start_date)
    recipients = sorted({a.recipient_name for a in awards})
    span = f", {dates[0]} to {dates[-1]}" if dates else ""
    return (
        f"{len(awards)} award(s) ({', '.join(kinds)}) to {', '.join(recipients[:3])}, "
        f"USD {total:,.2f} in all{span}"
    )


def _relevant_first(assertion: Assertion, awards: list[Award]) -> list[Award]:
    """Awards whose description shares words with the sentence first, then by amount."""
    said = assertion.sentence.text
    return sorted(
        awards, key=lambda a: (-shared_count(said, a.description or ""), -(a.amount_usd or 0))
    )


def _narrower(family_id: str | None) -> tuple[str, ...] | None:
    """The components a claim about a DHS body limits the evidence to; None for the department
    itself (every component counts)."""
    if not family_id or family_id == DHS.family_id:
        return None
    return components_of_family(family_id)
