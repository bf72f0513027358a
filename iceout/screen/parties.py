"""Party screening for an export permit: the parties of one application (consignee, end user,
intermediate consignee, ...) in, one verdict out, with the reason for each party.

A party is, in this order: a DHS component, unit or office (iceout/screen/dhs_offices.py, on
its name and then its address); a member of a contractor family holding ICE/DHS awards in
scope (the Screener, with the family's largest awards); or clear, saying what was checked.
The application's verdict is the gravest of its parties' (match, then review, then clear).
Reasons, summary and what was checked are Messages (iceout/i18n/message.py), shown in the
reader's language by as_dict(verdict, lang)."""

from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb

from iceout.domain import COMPONENTS, SCOPES, Decision, component
from iceout.errors import InputError
from iceout.i18n import N_
from iceout.i18n.message import SEMICOLON, Arg, Message, Money, Plural, joined
from iceout.screen import dhs_offices
from iceout.screen.dhs_offices import DhsBody
from iceout.screen.log import Logged
from iceout.screen.scoped import Award, FamilyAwards, awards_in_scope, rescope, top_awards
from iceout.screen.screen import Hit, Screener

MAX_PARTIES = 50
MAX_FIELD = 500
GRAVITY = (Decision.MATCH, Decision.REVIEW, Decision.CLEAR)
ROLES = (
    N_("applicant"),
    N_("consignee"),
    N_("end user"),
    N_("intermediate consignee"),
    N_("purchaser"),
    N_("freight forwarder"),
    N_("other"),
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
            raise InputError(N_("party %(line)s: no name"), line=line)
        for key, value in values.items():
            if len(value) > MAX_FIELD or "\x00" in value:
                raise InputError(
                    N_("party %(line)s: %(field)s is longer than %(limit)s characters"),
                    line=line,
                    field=key,
                    limit=MAX_FIELD,
                )
        return cls(
            values["role"].lower() or "party", values["name"], values["address"], values["country"]
        )


@dataclass(frozen=True)
class PartyVerdict:
    party: Party
    decision: Decision
    basis: str  # "dhs_body", "contractor" or "clear"
    reason: Message
    component: str | None = None
    office: Message | None = None
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
    summary: Message
    checked: Message
    parties: tuple[PartyVerdict, ...]


def parties_of(rows: list[dict[str, str]]) -> list[Party]:
    if not rows:
        raise InputError(N_("an application needs at least one party"))
    if len(rows) > MAX_PARTIES:
        raise InputError(
            N_("at most %(limit)s parties per application, not %(count)s"),
            limit=MAX_PARTIES,
            count=len(rows),
        )
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
    checked: Message,
) -> PartyVerdict:
    for where, text in (("name", party.name), ("address", party.address)):
        body = dhs_offices.recognise(text, strong_only=where == "address") if text else None
        if body is not None:
            return _dhs_verdict(party, body, where, scope)
    scoped = rescope(hit, scope, awards, screener.kinds)
    if scoped.decision is Decision.CLEAR or scoped.family_id is None:
        reason = Message("checked %(checked)s", checked=checked)
        if scoped.explanation:  # the matcher's sentence, in the verdict's language
            reason = Message(
                "checked %(checked)s; %(why)s", checked=checked, why=scoped.explanation
            )
        return PartyVerdict(party, Decision.CLEAR, "clear", reason)
    if screener.kinds.get(scoped.family_id) == "government":
        codes = [c for c in SCOPES[scope] if scoped.family_id == component(c).family_id]
        body = DhsBody(codes[0] if codes else "DHS", None, None, (scoped.matched_name,))
        return _dhs_verdict(party, body, "name", scope, scoped)
    found = awards[scoped.family_id]
    top = tuple(top_awards(con, scoped.family_id, scope))
    facts: dict[str, Arg] = {
        "family": scoped.family,
        "components": joined(found.components),
        "scope": scope,
        "amount": Money(found.obligations_usd, "US$"),
        "why": scoped.explanation,
    }
    if scoped.decision is Decision.MATCH:
        reason = Plural(
            "is linked to %(family)s, a contractor family with %(count)s award of "
            "%(components)s in scope %(scope)s (%(amount)s): %(why)s",
            "is linked to %(family)s, a contractor family with %(count)s awards of "
            "%(components)s in scope %(scope)s (%(amount)s): %(why)s",
            found.awards,
            **facts,
        )
    else:
        reason = Plural(
            "may be (for review) %(family)s, a contractor family with %(count)s award of "
            "%(components)s in scope %(scope)s (%(amount)s): %(why)s",
            "may be (for review) %(family)s, a contractor family with %(count)s awards of "
            "%(components)s in scope %(scope)s (%(amount)s): %(why)s",
            found.awards,
            **facts,
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
    said: dict[str, Arg] = {
        "body": body.describe(),
        "found": FOUND_BY[where],
        "words": joined(repr(m) for m in body.matched),
        "scope": scope,
    }
    if body.component in SCOPES[scope]:
        decision = Decision.MATCH
        reason = Message("a DHS body: %(body)s (%(found)s) (words: %(words)s)", **said)
    elif body.component == "DHS":
        decision = Decision.REVIEW
        reason = Message(
            "the Department of Homeland Security, which includes ICE: %(body)s (%(found)s); "
            "say which component",
            **said,
        )
    else:
        decision = Decision.CLEAR
        reason = Message(
            "a DHS component outside scope %(scope)s: %(body)s (%(found)s) (words: %(words)s)",
            **said,
        )
    return PartyVerdict(
        party,
        decision,
        "dhs_body",
        reason,
        component=body.component,
        office=body.where,
        family_id=hit.family_id if hit else component(body.component).family_id,
        family=hit.family if hit else None,
        score=hit.score if hit else None,
    )


FOUND_BY = {"name": Message("by its name"), "address": Message("by its address")}
DECISIONS = {
    Decision.MATCH: Message("match"),
    Decision.REVIEW: Message("review"),
    Decision.CLEAR: Message("clear"),
}


def _checked(scope: str, families: int) -> Message:
    return Plural(
        "the name and address against the Department of Homeland Security and its "
        "%(components)s components, %(units)s units and their field offices, ports and sectors "
        "(English and French); the name against %(count)s contractor family holding awards of "
        "scope %(scope)s (%(codes)s)",
        "the name and address against the Department of Homeland Security and its "
        "%(components)s components, %(units)s units and their field offices, ports and sectors "
        "(English and French); the name against %(count)s contractor families holding awards "
        "of scope %(scope)s (%(codes)s)",
        families,
        components=len(COMPONENTS),
        units=len(dhs_offices.UNITS),
        scope=scope,
        codes=joined(SCOPES[scope]),
    )


def _summary(decision: Decision, verdicts: tuple[PartyVerdict, ...]) -> Message:
    flagged = [v for v in verdicts if v.decision is not Decision.CLEAR]
    if not flagged:
        return Plural(
            "clear: the party is not a DHS body or contractor in scope",
            "clear: none of the %(count)s parties is a DHS body or contractor in scope",
            len(verdicts),
        )
    named = joined(
        (
            Message(
                "%(role)s '%(name)s': %(decision)s",
                role=v.party.role,
                name=v.party.name,
                decision=DECISIONS[v.decision],
            )
            for v in flagged
        ),
        SEMICOLON,
    )
    return Plural(
        "%(decision)s: %(flagged)s of %(count)s party flagged (%(named)s)",
        "%(decision)s: %(flagged)s of %(count)s parties flagged (%(named)s)",
        len(verdicts),
        decision=DECISIONS[decision],
        flagged=len(flagged),
        named=named,
    )


def as_dict(verdict: ApplicationVerdict, lang: str = "en") -> dict[str, Any]:
    """The verdict as JSON-ready data in `lang`: the shape of the API's answer
    (ApplicationOut). Decisions and bases stay the API's words, whatever the language."""
    return {
        "decision": verdict.decision.value,
        "scope": verdict.scope,
        "summary": verdict.summary.render(lang),
        "checked": verdict.checked.render(lang),
        "parties": [_party_dict(v, lang) for v in verdict.parties],
    }


def _party_dict(v: PartyVerdict, lang: str) -> dict[str, Any]:
    contractor = v.basis == "contractor" and v.family_id
    return {
        **asdict(v.party),
        "decision": v.decision.value,
        "basis": v.basis,
        "reason": v.reason.render(lang),
        "component": v.component,
        "office": v.office.render(lang) if v.office else None,
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


def logged_verdict(verdict: ApplicationVerdict) -> list[Logged]:
    """What the screening log keeps: the application's verdict first, then each party's, in
    English."""
    head = Logged("application", verdict.decision.value, None, str(verdict.summary))
    return [head] + [
        Logged(f"{v.party.role}: {v.party.name}", v.decision.value, v.family_id, str(v.reason))
        for v in verdict.parties
    ]
