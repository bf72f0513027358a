"""Screening within a scope chosen per request (`ice` or `dhs`), whatever scope the store's
last run used: a family counts only by its awards of the requested components. The awards
are those of `wl_awards`, so a store built with scope `ice` can answer `dhs` only for the
families it holds (the answer says so)."""

from dataclasses import dataclass, replace
from datetime import date

import duckdb

from iceout.domain import SCOPES, Decision, components_of_family, money_sum
from iceout.errors import InputError
from iceout.i18n import N_
from iceout.i18n.message import Message, Plural
from iceout.screen.screen import Hit, Screener

AWARDS_SQL = f"""
SELECT family_id, count(*) AS awards,
       coalesce({money_sum("amount_usd", "counted")}, 0) AS obligations_usd,
       list(DISTINCT component ORDER BY component) AS components
FROM wl_awards WHERE list_contains($components, component) GROUP BY family_id
"""
TOP_AWARDS_SQL = """
SELECT award_id, component, recipient_name, amount_usd, coalesce(start_date, latest_date)
FROM wl_awards
WHERE family_id = $family AND list_contains($components, component) AND counted
ORDER BY amount_usd DESC NULLS LAST, award_id LIMIT $limit
"""
RUN_SCOPE_SQL = "SELECT list(DISTINCT component) FROM wl_awards"


def check_scope(scope: str) -> tuple[str, ...]:
    if scope not in SCOPES:
        raise InputError(
            N_("scope must be one of %(scopes)s, not %(value)r"),
            scopes=", ".join(SCOPES),
            value=scope,
        )
    return SCOPES[scope]


@dataclass(frozen=True)
class FamilyAwards:
    awards: int
    obligations_usd: float
    components: tuple[str, ...]


@dataclass(frozen=True)
class Award:
    award_id: str
    component: str
    recipient: str
    amount_usd: float | None
    start_date: date | None


def awards_in_scope(con: duckdb.DuckDBPyConnection, scope: str) -> dict[str, FamilyAwards]:
    """Per family, its awards of the scope's components."""
    rows = con.execute(AWARDS_SQL, {"components": list(check_scope(scope))}).fetchall()
    return {fid: FamilyAwards(n, float(total), tuple(comps)) for fid, n, total, comps in rows}


def top_awards(
    con: duckdb.DuckDBPyConnection, family_id: str, scope: str, limit: int = 5
) -> list[Award]:
    rows = con.execute(
        TOP_AWARDS_SQL,
        {"family": family_id, "components": list(check_scope(scope)), "limit": limit},
    ).fetchall()
    return [Award(*row) for row in rows]


def rescope(hit: Hit, scope: str, awards: dict[str, FamilyAwards], kinds: dict[str, str]) -> Hit:
    """The hit as the scope sees it: a contractor family with no award of the scope's
    components, or a DHS body outside it, is clear, with the reason."""
    if hit.decision is Decision.CLEAR or hit.family_id is None:
        return hit
    if kinds.get(hit.family_id) == "government":
        codes = components_of_family(hit.family_id)
        if codes is None or set(codes) & set(SCOPES[scope]):  # not a DHS body, or in scope
            return hit
        return _cleared(
            hit, Message("%(family)s is outside scope %(scope)s", family=hit.family, scope=scope)
        )
    found = awards.get(hit.family_id)
    if found is None:
        why = Message(
            "%(family)s holds no award of scope %(scope)s (%(components)s)",
            family=hit.family,
            scope=scope,
            components=_names(scope),
        )
        return _cleared(hit, why)
    if found.awards == hit.evidence:
        return hit
    # the Screener's sentence counts the awards of the store's scope: say how many are in this one
    told = Plural(
        "%(reason)s; %(count)s of them of scope %(scope)s (%(components)s)",
        "%(reason)s; %(count)s of them of scope %(scope)s (%(components)s)",
        found.awards,
        reason=hit.explanation,
        scope=scope,
        components=_names(scope),
    )
    return replace(hit, evidence=found.awards, explanation=told)


def _cleared(hit: Hit, why: Message) -> Hit:
    told = Message("%(reason)s; but %(why)s", reason=hit.explanation, why=why)
    return Hit(Decision.CLEAR, hit.score, None, "", "", 0, told)


def _names(scope: str) -> str:
    return ", ".join(SCOPES[scope])


def screen_in_scope(
    con: duckdb.DuckDBPyConnection, rows: list[dict[str, str]], scope: str
) -> list[Hit]:
    """screen_rows() within the scope: one Hit per row, in order."""
    awards = awards_in_scope(con, scope)
    screener = Screener(con)
    return [rescope(hit, scope, awards, screener.kinds) for hit in screener.screen(con, rows)]
