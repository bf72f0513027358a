"""A family's dossier: its in-scope ICE/DHS awards and its Canadian records side by side, money
by year, the corporate family as a tree, why each record is linked, and reviewers' decisions.
Built from the report's per-family functions (iceout/report/exposure.py) over the links as they
stand now."""

from collections import defaultdict
from functools import cache
from typing import Any

import duckdb

from iceout import i18n
from iceout.api.families import CurrentLinks, FamilySummary, links_now, summaries
from iceout.api.store import Store
from iceout.domain import Decision, money_sum
from iceout.errors import NotFoundError
from iceout.i18n import N_
from iceout.i18n.message import SEMICOLON, Figure, Message, Plural, joined
from iceout.i18n.message import Money as MessageMoney
from iceout.report.coverage import build_coverage, statement
from iceout.report.exposure import (
    awards_by_family,
    family_entry,
    names_by_family,
    records_by_family,
    us_years_by_family,
)
from iceout.resolve.families import Family, load_families
from iceout.resolve.judgements import Node
from iceout.resolve.links import Link
from iceout.resolve.profile import profile

FAMILY_SQL = "SELECT sources, description FROM res_families WHERE family_id = ?"

RECIPIENTS_SQL = f"""
SELECT recipient_name, any_value(parent_name), count(*), {money_sum("amount_usd")}
FROM wl_awards WHERE family_id = ? GROUP BY recipient_name ORDER BY 4 DESC NULLS LAST, 1
"""

JUDGEMENTS_SQL = """
SELECT left_id, right_id, judgement, reviewer, reason, decided_at FROM rev_judgements
WHERE left_id = $node OR right_id = $node ORDER BY decided_at DESC LIMIT 200
"""


def dossier(
    store: Store, family_id: str, lang: str = i18n.DEFAULT, marked: bool = False
) -> dict[str, Any]:
    """What the service knows of one family. `marked`: the coverage statement as HTML, each
    source's own note set apart as published text (the page), not plain text (the JSON API)."""
    summary = summaries(store).get(family_id)
    if summary is None:
        raise NotFoundError(N_("no family with id %(id)r"), id=family_id)
    current = links_now(store)
    links = current.standing.of_family(family_id)
    matched = [link for link in links if link.decision is Decision.MATCH]
    with store.reading() as con:
        sources, description = con.execute(FAMILY_SQL, [family_id]).fetchone() or ([], None)
        awards = awards_by_family(con, [family_id])[family_id]
        records = records_by_family(con, matched)[family_id]
        names = names_by_family(con, [family_id])[family_id]
        recipients = con.execute(RECIPIENTS_SQL, [family_id]).fetchall()
        decisions = _judgements(con, family_id)
        years = us_years_by_family(con, [family_id])[family_id]
        coverage = build_coverage(con)
    row = (
        family_id,
        summary.name,
        summary.kind,
        summary.country,
        sources,
        summary.us_obligations_usd,
        summary.first_us_date,
    )
    curated = _curated().get(family_id)
    return {
        **vars(family_entry(row, awards, records, names, years)),
        "searched": statement(coverage.canada, lang, marked),
        "description": (
            curated.description_fr
            if lang == "fr" and curated and curated.description_fr
            else description
        ),
        "on_watchlist": summary.on_watchlist,
        "components": summary.components,
        "in_review": [
            _candidate(link, current) for link in links if link.decision is Decision.REVIEW
        ],
        "tree": family_tree(summary, recipients, curated, links, current, lang),
        "judgements": decisions,
    }


def _candidate(link: Link, current: CurrentLinks) -> dict[str, Any]:
    totals = current.totals.get(link.name)
    return {
        "name": link.name,
        "matched_name": link.matched_name,
        "score": link.score,
        "explanation": str(link.reasons),
        "pending": current.standing.pending(link),
        "records": totals.records if totals else 0,
        "value_cad": totals.value_cad if totals else None,
    }


def _judgements(con: duckdb.DuckDBPyConnection, family_id: str) -> list[dict[str, Any]]:
    rows = con.execute(JUDGEMENTS_SQL, {"node": str(Node.of_family(family_id))}).fetchall()
    return [
        {
            "left": left,
            "right": right,
            "judgement": judgement,
            "reviewer": reviewer,
            "reason": reason,
            "decided_at": decided_at.isoformat(timespec="seconds"),
        }
        for left, right, judgement, reviewer, reason, decided_at in rows
    ]


@cache
def _curated() -> dict[str, Family]:
    return {family.family_id: family for family in load_families()}


def family_tree(
    family: FamilySummary,
    recipients: list[tuple],
    curated: Family | None,
    links: list[Link],
    current: CurrentLinks,
    lang: str = i18n.DEFAULT,
) -> dict[str, Any]:
    """The family as a tree: US award recipients under the parent USAspending names for them,
    the curated members with their relation and source, and the Canadian spellings linked.
    Labels and details are in `lang`; a node's `kind` is a code (KINDS), which pages translate."""
    branches = [
        _branch(N_("US award recipients (USAspending)"), _recipient_nodes(recipients, lang), lang),
        _branch(
            N_("Curated members (iceout/data/families.yaml)"),
            [
                _node(n.name, n.relation or "member", url=n.source)
                for n in (curated.names if curated else ())
                if n.origin == "curated member"
            ],
            lang,
        ),
        _branch(
            N_("Canadian names linked"),
            [
                _node(
                    link.name,
                    link.decision,
                    Message(
                        "%(score)s; %(records)s",
                        score=_score(link),
                        records=_records(current, link.name),
                    ).render(lang),
                )
                for link in sorted(links, key=lambda lk: (lk.decision, lk.name))
            ],
            lang,
        ),
    ]
    return _node(family.name, "family", children=[b for b in branches if b["children"]])


def _recipient_nodes(recipients: list[tuple], lang: str) -> list[dict[str, Any]]:
    under: dict[str, list[dict[str, Any]]] = defaultdict(list)
    top = []
    for name, parent, awards, amount in recipients:
        detail = Plural(
            "%(count)s award, %(amount)s",
            "%(count)s awards, %(amount)s",
            awards,
            amount=MessageMoney(amount or 0, "US$"),
        ).render(lang)
        node = _node(name, "US recipient", detail)
        if parent and profile(parent).key != profile(name).key:
            under[parent].append(node)
        else:
            top.append(node)
    parents = [
        _node(parent, "US parent (as USAspending names it)", children=children)
        for parent, children in sorted(under.items())
    ]
    return parents + top


def _score(link: Link) -> Message:
    if link.score is None:
        return Message("linked by a reviewer")
    return Message("score %(score)s", score=Figure(link.score))


def _records(current: CurrentLinks, name: str) -> Message:
    totals = current.totals.get(name)
    if not totals:
        return Message("no records")
    kinds = joined(
        (
            Message("%(amount)s %(kind)s", amount=MessageMoney(value, "C$"), kind=Message(kind))
            for kind, value in sorted(totals.by_kind.items())
        ),
        SEMICOLON,
    )
    return Plural(
        "%(count)s record: %(kinds)s", "%(count)s records: %(kinds)s", totals.records, kinds=kinds
    )


def _branch(label: str, children: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    return _node(
        i18n.translate(lang, label), "group", i18n.number(len(children), lang), children=children
    )


# The kinds of node, as codes in the JSON; pages show them translated.
KINDS = (
    N_("family"), N_("group"), N_("US recipient"), N_("US parent (as USAspending names it)"),
    N_("member"), N_("brand"), N_("division"), N_("former_name"), N_("parent"), N_("subsidiary"),
)  # fmt: skip


def _node(
    label: str,
    kind: str,
    detail: str | None = None,
    url: str | None = None,
    children: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {"label": label, "kind": kind, "detail": detail, "url": url, "children": children or []}
