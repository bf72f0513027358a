"""Party screening for an export permit: the parties of one application (consignee, end user,
intermediate consignee, ...) in, one verdict out, with the reason for each party.

A party is, in this order: a DHS component, unit or office (iceout/screen/dhs_offices.py, on
its name and then its address); a member of a contractor family holding ICE/DHS awards in
scope (the Screener, with the family's largest awards); or clear, saying what was checked.
The application's verdict is the gravest of its parties' (match, then review, then clear)."""

from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb

from iceout.domain import COMPONENTS, SCOPES, Decision, component
from iceout.errors import InputError
from iceout.screen import dhs_offices
from iceout.screen.dhs_offices import DhsBody
from iceout.screen.scoped import Award, FamilyAwards, awards_in_scope, rescope, top_awards
from iceout.screen.screen import Hit, Screener

MAX_PARTIES = 50
MAX_FIELD = 500
GRAVITY = (Decision.MATCH, Decision.REVIEW, Decision.CLEAR)
ROLES = (
    "applicant",
    "consignee",
    "end user",
    "intermediate consignee",
    "purchaser",
    "freight forwarder",
    "other",
)
"""Usual roles of an export permit application; others are accepted as written."""


@dataclass(frozen=True)
class Party:
    role: str
    name: str
    address: str = ""
    country: str = ""

    @classmethod
    def of(cls, row: dict[str, str], line: int) -> "Party":
        values = {
            k: " ".join((row.get(k) or "").split()) for k in ("role", "name", "address", "country")
        }
        if not values["name"]:
            raise InputError(f"party {line}: no name")
        for key, value in values.items():
            if len(value) > MAX_FIELD or "\x00" in value:
                raise InputError(f"party {line}: {key} is longer than {MAX_FIELD} characters")
        return cls(
            values["role"].lower() or "party", values["name"], values["address"], values["country"]
        )


@dataclass(frozen=True)
class PartyVerdict:
    party: Party
    decision: Decision
    basis: str  # "dhs_body", "contractor" or "clear"
    reason: str
    component: str | None = None
    office: str | None = None
    family_id: str | None = None
    family: str | None = None
    score: float | None = None
    awards_in_scope: int = 0
    obligations_usd: float | None = None
    awards: tuple[Award, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ApplicationVerdict:
    decision: Decision
    scope: str
    summary: str
    checked: str
    parties: tuple[PartyVerdict, ...]


def parties_of(rows: list[dict[str, str]]) -> list[Party]:
    if not rows:
        raise InputError("an application needs at least one party")
    if len(rows) > MAX_PARTIES:
        raise InputError(f"at most {MAX_PARTIES} parties per application, not {len(rows)}")
    return [Party.of(row, line) for line, row in enumerate(rows, 1)]


def screen_parties(
    con: duckdb.DuckDBPyConnection, screener: Screener, parties: list[Party], scope: str
) -> ApplicationVerdict:
    awards = awards_in_scope(con, scope)  # checks the scope
    hits = screener.screen(con, [{"name": p.name} for p in parties])
    checked = _checked(scope, len(awards))
    verdicts = tuple(
        _verdict(con, screener, party, hit, scope, awards, checked)
        for party, hit in zip(parties, hits, strict=True)
    )
    decision = next(d for d in GRAVITY if any(v.decision is d for v in verdicts))
    return ApplicationVerdict(decision, scope, _summary(decision, verdicts), checked, verdicts)


def _verdict(
    con: duckdb.DuckDBPyConnection,
    screener: Screener,
    party: Party,
    hit: Hit,
    scope: str,
    awards: dict[str, FamilyAwards],
    checked: str,
) -> PartyVerdict:
    for where, text in (("name", party.name), ("address", party.address)):
        body = dhs_offices.recognise(text, strong_only=where == "address") if text else None
        if body is not None:
            return _dhs_verdict(party, body, where, scope)
    scoped = rescope(hit, scope, awards, screener.kinds)
    if scoped.decision is Decision.CLEAR or scoped.family_id is None:
        why = f"; {scoped.explanation}" if scoped.explanation else ""
        return PartyVerdict(party, Decision.CLEAR, "clear", f"checked {checked}{why}")
    if screener.kinds.get(scoped.family_id) == "government":
        codes = [c for c in SCOPES[scope] if scoped.family_id == component(c).family_id]
        body = DhsBody(codes[0] if codes else "DHS", None, None, (scoped.matched_name,))
        return _dhs_verdict(party, body, "name", scope, scoped)
    found = awards[scoped.family_id]
    top = tuple(top_awards(con, scoped.family_id, scope))
    verb = "is linked to" if scoped.decision is Decision.MATCH else "may be (for review)"
    reason = (
        f"{verb} {scoped.family}, a contractor family with {found.awards} award(s) of "
        f"{', '.join(found.components)} in scope {scope} (US${found.obligations_usd:,.0f}): "
        f"{scoped.explanation}"
    )
    return PartyVerdict(
        party,
        scoped.decision,
        "contractor",
        reason,
        family_id=scoped.family_id,
        family=scoped.family,
        score=scoped.score,
        awards_in_scope=found.awards,
        obligations_usd=found.obligations_usd,
        awards=top,
    )


def _dhs_verdict(
    party: Party, body: DhsBody, where: str, scope: str, hit: Hit | None = None
) -> PartyVerdict:
    said = f"{body.describe()} (by its {where})"
    words = f" (words: {', '.join(repr(m) for m in body.matched)})"
    if body.component in SCOPES[scope]:
        decision, reason = Decision.MATCH, f"a DHS body: {said}{words}"
    elif body.component == "DHS":
        decision = Decision.REVIEW
        reason = (
            f"the Department of Homeland Security, which includes ICE: {said}; say which component"
        )
    else:
        decision = Decision.CLEAR
        reason = f"a DHS component outside scope {scope}: {said}{words}"
    return PartyVerdict(
        party,
        decision,
        "dhs_body",
        reason,
        component=body.component,
        office=body.office,
        family_id=hit.family_id if hit else component(body.component).family_id,
        family=hit.family if hit else None,
        score=hit.score if hit else None,
    )


def _checked(scope: str, families: int) -> str:
    units = len(dhs_offices.UNITS)
    return (
        f"the name and address against the Department of Homeland Security and its "
        f"{len(COMPONENTS)} components, {units} "
        f"units and their field offices, ports and sectors (English and French); the name "
        f"against {families:,} contractor families holding awards of scope {scope} "
        f"({', '.join(SCOPES[scope])})"
    )


def _summary(decision: Decision, verdicts: tuple[PartyVerdict, ...]) -> str:
    flagged = [v for v in verdicts if v.decision is not Decision.CLEAR]
    if not flagged:
        return f"clear: none of the {len(verdicts)} parties is a DHS body or contractor in scope"
    named = "; ".join(f"{v.party.role} {v.party.name!r}: {v.decision.value}" for v in flagged)
    return f"{decision.value}: {len(flagged)} of {len(verdicts)} parties flagged ({named})"


def as_dict(verdict: ApplicationVerdict) -> dict[str, Any]:
    """The verdict as JSON-ready data: the shape of the API's answer (ApplicationOut)."""
    return {
        "decision": verdict.decision.value,
        "scope": verdict.scope,
        "summary": verdict.summary,
        "checked": verdict.checked,
        "parties": [_party_dict(v) for v in verdict.parties],
    }


def _party_dict(v: PartyVerdict) -> dict[str, Any]:
    contractor = v.basis == "contractor" and v.family_id
    return {
        **asdict(v.party),
        "decision": v.decision.value,
        "basis": v.basis,
        "reason": v.reason,
        "component": v.component,
        "office": v.office,
        "family_id": v.family_id,
        "family": v.family,
        "score": None if v.score is None else round(v.score, 3),
        "awards_in_scope": v.awards_in_scope,
        "obligations_usd": v.obligations_usd,
        "top_awards": [
            {**asdict(a), "start_date": a.start_date.isoformat() if a.start_date else None}
            for a in v.awards
        ],
        "dossier_url": f"/families/{v.family_id}" if contractor else None,
    }
