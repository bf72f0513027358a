"""What the store actually holds, per source and kind of money: the fiscal years, departments
and rows loaded. The report, the dossiers and GET /api/coverage show it, so that an empty
Canadian side says where it was looked for."""

import duckdb
from markupsafe import Markup, escape

from iceout import i18n
from iceout.domain import MoneyKind
from iceout.i18n.message import SEMICOLON, Message, joined
from iceout.report.records import Coverage, CoverageEntry

CANADA_SQL = """
SELECT layout, kind, list(DISTINCT fiscal_year ORDER BY fiscal_year) FILTER (
           WHERE fiscal_year IS NOT NULL),
       min(period_start), max(period_end), count(DISTINCT coalesce(department, owner_org)),
       sum(rows_behind)::BIGINT, count(*), any_value(coverage_note)
FROM nrm_ca_records GROUP BY layout, kind ORDER BY kind, layout
"""

US_SQL = """
SELECT layout, 'US ' || kind, min(first), max(last), count(DISTINCT agency), sum(n)::BIGINT
FROM (
    SELECT layout, 'transactions' AS kind, min(action_date) AS first, max(action_date) AS last,
           count(DISTINCT sub_agency) AS agency, count(*) AS n
    FROM src_us_transactions GROUP BY layout
    UNION ALL
    SELECT layout, 'award summaries', min(start_date), max(latest_date),
           count(DISTINCT sub_agency), count(*)
    FROM src_us_awards GROUP BY layout
    UNION ALL
    SELECT layout, 'subawards', min(action_date), max(action_date), count(DISTINCT sub_agency),
           count(*)
    FROM src_us_subawards GROUP BY layout
) GROUP BY ALL ORDER BY 2, 1
"""


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else None


def build_coverage(con: duckdb.DuckDBPyConnection) -> Coverage:
    canada = [
        CoverageEntry(
            source=layout,
            kind=kind,
            label=_label(kind),
            fiscal_years=list(years or []),
            first_date=_iso(first),
            last_date=_iso(last),
            departments=int(departments or 0),
            rows=int(rows or 0),
            records=int(records or 0),
            note=note,
        )
        for layout, kind, years, first, last, departments, rows, records, note in con.execute(
            CANADA_SQL
        ).fetchall()
    ]
    us = [
        CoverageEntry(
            layout, kind, kind, [], _iso(first), _iso(last), int(n_agency), int(n), int(n)
        )
        for layout, kind, first, last, n_agency, n in con.execute(US_SQL).fetchall()
    ]
    row = con.execute("SELECT count(*) FROM src_sanctions").fetchone()
    sanctions = int(row[0]) if row else 0
    return Coverage(canada, us, sanctions, statement(canada))


def _label(kind: str) -> str:
    try:
        return MoneyKind(kind).label
    except ValueError:
        return kind


def statement(canada: list[CoverageEntry], lang: str = i18n.DEFAULT, marked: bool = False) -> str:
    """The Canadian side's coverage in one paragraph: what was searched, and what was not (a
    source's note on what it leaves out: a layout's own, from the catalogue, in `lang`; any
    other note in its words). `marked`: HTML, each source's note in a <span class="source-note">."""
    # each note stands in the message as a token, put back once the sentence is rendered
    translated = i18n.translations(lang).gettext
    notes = {f"\ue000{i}\ue001": translated(e.note) for i, e in enumerate(canada) if e.note}
    tokens = {e.note: token for token, e in zip(notes, (e for e in canada if e.note), strict=True)}
    parts = [_part(entry, tokens.get(entry.note or "")) for entry in canada]
    searched = (
        Message("Searched: %(parts)s.", parts=joined(parts, SEMICOLON))
        if parts
        else Message("Searched: no Canadian records are loaded.")
    )
    loaded = {entry.kind for entry in canada}
    missing = [Message(kind.label) for kind in MoneyKind if kind.value not in loaded]
    if missing:
        searched = Message(
            "%(searched)s Not loaded: %(missing)s.",
            searched=searched,
            missing=joined(missing, SEMICOLON),
        )
    said = searched.render(lang)
    if not marked:
        for token, note in notes.items():
            said = said.replace(token, note)
        return said
    html = escape(said)
    for token, note in notes.items():
        html = Markup(html.replace(token, Markup('<span class="source-note">%s</span>') % note))
    return html


def _part(entry: CoverageEntry, note: str | None = None) -> Message:
    years = entry.fiscal_years
    if len(years) > 1:
        span = Message("fiscal years %(first)s to %(last)s", first=years[0], last=years[-1])
    elif years:
        span = Message("fiscal year %(year)s", year=years[0])
    else:
        span = Message("undated")
    part = Message(
        "%(label)s (%(source)s): %(records)s records from %(rows)s rows, %(span)s, "
        "%(departments)s departments",
        label=Message(entry.label),
        source=entry.source,
        records=entry.records,
        rows=entry.rows,
        span=span,
        departments=entry.departments,
    )
    return Message("%(a)s; %(b)s", a=part, b=note) if note else part
