"""Render the exposure report as one self-contained HTML page.

The page must open offline and print cleanly, so it carries its CSS inline, draws its
charts as inline SVG here on the server, and loads no scripts, fonts or stylesheets.
It is written in English or French (`iceout run --lang fr`); see iceout/i18n.
"""

import math
import re
from dataclasses import asdict
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from iceout import i18n
from iceout.domain import MoneyKind
from iceout.i18n import N_
from iceout.i18n.message import reread, text
from iceout.normalize.tables import COUNT_BASES
from iceout.report.coverage import statement
from iceout.report.exposure import US_NOTES, family_reason
from iceout.report.records import (
    CanadianRecord,
    Exposure,
    FamilyExposure,
    KindTotal,
    public_url,
)
from iceout.report.views import PolicyViews
from iceout.resolve.explained import Why, as_stored
from iceout.resolve.us_families import VIAS
from iceout.sources import goc_spending, open_canada, public_accounts

TOP_ROWS = 50
"""Records shown per side of a family before the rest fold into a <details> element."""


def render_html(
    exposure: Exposure,
    lang: str = i18n.DEFAULT,
    views: "PolicyViews | None" = None,
    why: Why = as_stored,
) -> str:
    """The exposure report (see report/records.py) as a complete HTML document, in English
    or French; with `views`, the policy views too (by department, by DHS component, policy
    impact), their families linked to the family's section of the same page. `why(name,
    english)`: a stored link's explanation in `lang` (resolve/explained.py)."""
    families = [_family_view(family, lang) for family in exposure.families]
    anchors = {family["family_id"]: family["anchor"] for family in families}
    named = [_family_view(family, lang) for family in exposure.named_without_awards]
    template = _environment(lang).get_template("report.html.j2")
    return template.render(
        x=exposure,
        families=families,
        anchors=anchors,
        named=named,
        v=views,
        links={family_id: f"#{anchor}" for family_id, anchor in anchors.items()},
        why=why,
    )


@cache
def _environment(lang: str) -> Environment:
    # StrictUndefined: a field missing from a record is a bug upstream, not a blank cell.
    env = Environment(
        loader=PackageLoader("iceout", "report/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.filters.update(short=short_hash, public_url=public_url)
    env.filters.update(kind_label=kind_label, headline=headline_text)
    env.filters["searched"] = lambda coverage: statement(coverage.canada, lang, marked=True)
    env.filters["stored"] = lambda value: stored_text(value, lang)
    env.filters["family_reason"] = lambda family: family_why(family, lang)
    return i18n.install(env, lang)


# What the stages store in English from messages of their own: shown in the reader's language.
STORED = (
    *VIAS,
    *US_NOTES,
    *COUNT_BASES,
    *public_accounts.PRINTED_DESCRIPTIONS.values(),  # before DESCRIPTIONS: they begin alike
    *public_accounts.DESCRIPTIONS.values(),
    goc_spending.NOTE,
    goc_spending.DESCRIPTION,
    open_canada.TOP_AGREEMENTS_NOTE,
)


def stored_text(value: str | None, lang: str = i18n.DEFAULT) -> str | None:
    """Text a stage stored in English from one of its messages (STORED), in `lang`."""
    found = reread(value, STORED)
    return None if found is None else text(found, lang)


def family_why(family: FamilyExposure | dict[str, Any], lang: str = i18n.DEFAULT) -> str | None:
    """Why the family is in the report ('3 Canadian spellings linked to ...'), in `lang`."""
    fields: dict[str, Any] = family if isinstance(family, dict) else vars(family)
    match, records = fields["match"], fields["canadian_records"] or []
    spellings = len({r.vendor_name for r in records})
    if not spellings or match is None:
        return match.explanation if match is not None else None
    return family_reason(fields["family"], spellings, match.score).render(lang)


def _family_view(family: FamilyExposure, lang: str) -> dict[str, Any]:
    us = sorted(family.us_awards, key=lambda a: -(a.amount_usd or 0.0))
    return {
        **vars(family),
        "anchor": "family-" + re.sub(r"[^A-Za-z0-9_-]+", "-", family.family_id),
        "us_top": us[:TOP_ROWS],
        "us_rest": us[TOP_ROWS:],
        "ca_groups": kind_groups(family.canadian, family.canadian_records),
        "kind_totals": {t.kind: t.value_cad for t in family.canadian},
        "chart": chart_model([asdict(row) for row in family.by_year], lang),
    }


def kind_groups(totals: list[KindTotal], records: list[CanadianRecord]) -> list[dict[str, Any]]:
    """One table per kind of Canadian money, each with its own total, largest records first."""
    groups = []
    for total in totals:
        chosen = sorted(
            (r for r in records if (r.kind or MoneyKind.CONTRACT) == total.kind),
            key=lambda r: -(r.value_cad or 0.0),
        )
        groups.append(
            {
                "kind": total.kind,
                "label": total.label,
                "total": total.value_cad,
                "records": chosen,
                "top": chosen[:TOP_ROWS],
                "rest": chosen[TOP_ROWS:],
            }
        )
    return groups


def money(value: float | None, currency: str, cents: bool = False, lang: str = i18n.DEFAULT) -> str:
    """'US$1,234,567' (or with cents); '1 234 567 $ US' in French; negatives keep their
    sign; None is an em dash."""
    return i18n.money(value, currency, lang, cents)


# Axis suffixes: English B/M/K; French G$ (milliard), M$ and k$ as Government of Canada
# publications abbreviate them.
COMPACT = {"en": ((1e9, "B"), (1e6, "M"), (1e3, "K")), "fr": ((1e9, "G"), (1e6, "M"), (1e3, "k"))}


def compact_money(value: float, currency: str, lang: str = i18n.DEFAULT) -> str:
    """Axis labels: 'US$300M', 'C$2.5K'; in French '300 M$ US', '2,5 k$'."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    size, suffix = next(((s, x) for s, x in COMPACT[lang] if value >= s), (1.0, ""))
    if lang == i18n.DEFAULT:
        return f"{sign}{currency}{value / size:.3g}{suffix}"
    figure = i18n.decimal(float(f"{value / size:.3g}"), "0.##", lang)
    unit = "$\xa0US" if currency == "US$" else "$"
    return f"{sign}{figure}\xa0{suffix}{unit}"


def kind_label(kind: str) -> str:
    """The English label of a kind of money; templates pass it through `translate`."""
    return _kind_label(kind)


def headline_text(headline: Any, lang: str = i18n.DEFAULT) -> str:
    """'C$1,234 in contracts over $10,000 (value), fiscal year 2023-2024' in the language."""
    if headline is None:
        return "—"
    if lang == i18n.DEFAULT:
        return str(headline.text)
    label = i18n.translate(lang, _kind_label(headline.kind))
    amount = i18n.money(headline.value_cad, "C$", lang)
    year = re.search(r", year (\d{4})$", headline.text)
    if headline.fiscal_year:
        message, when = N_("%(amount)s in %(label)s, fiscal year %(year)s"), headline.fiscal_year
    elif year:
        message, when = N_("%(amount)s in %(label)s, year %(year)s"), year.group(1)
    else:
        message, when = N_("%(amount)s in %(label)s, undated"), ""
    return i18n.translate(lang, message) % {"amount": amount, "label": label, "year": when}


def short_hash(value: str | None) -> str:
    return "—" if not value else value[:12] + "…"


# Chart geometry, in SVG user units. One panel per currency: US and Canadian sums differ by
# orders of magnitude, so a shared axis would flatten the smaller series to nothing.
WIDTH, LEFT, RIGHT, TOP = 680, 78, 12, 22
PANEL_HEIGHT, PANEL_GAP, BOTTOM = 96, 34, 34
US_SERIES = ("us_usd", N_("US obligations by transaction year (US$)"), "US$", "us")
CA_SERIES = N_("Canada: %(kind)s (C$)")


def chart_model(by_year: list[dict[str, Any]], lang: str = i18n.DEFAULT) -> dict[str, Any] | None:
    """Bars per year in stacked panels sharing the year axis: US obligations, then one panel
    per kind of Canadian money (never added together); None when there is no year."""
    years_present = [row["year"] for row in by_year if row["year"] is not None]
    if not years_present:
        return None
    years = list(range(min(years_present), max(years_present) + 1))
    kinds = sorted({kind for row in by_year for kind in (row.get("ca_cad") or {})}, key=_kind_order)
    ca_label = i18n.translate(lang, CA_SERIES)
    us_key, us_label, *us_rest = US_SERIES
    series = [(us_key, i18n.translate(lang, us_label), *us_rest)] + [
        (kind, ca_label % {"kind": i18n.translate(lang, _kind_label(kind))}, "C$", "ca")
        for kind in kinds
    ]
    sums = {key: {year: 0.0 for year in years} for key, *_ in series}
    for row in by_year:
        if row["year"] is None:
            continue
        sums["us_usd"][row["year"]] += row.get("us_usd") or 0.0
        for kind, value in (row.get("ca_cad") or {}).items():
            sums[kind][row["year"]] += value or 0.0
    slot = (WIDTH - LEFT - RIGHT) / len(years)
    panels = []
    for index, (key, label, currency, css) in enumerate(series):
        top = TOP + index * (PANEL_HEIGHT + PANEL_GAP)
        panels.append(_panel(sums[key], years, slot, top, label, currency, css, lang))
    step = math.ceil(len(years) / 14)
    axis_y = TOP + len(series) * PANEL_HEIGHT + (len(series) - 1) * PANEL_GAP
    return {
        "width": WIDTH,
        "height": axis_y + BOTTOM,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "panels": panels,
        "year_labels": [
            {"x": LEFT + (i + 0.5) * slot, "label": year}
            for i, year in enumerate(years)
            if i % step == 0
        ],
        "year_axis_y": axis_y,
    }


def _kind_order(kind: str) -> int:
    return [k.value for k in MoneyKind].index(kind) if kind in set(MoneyKind) else len(MoneyKind)


def _kind_label(kind: str) -> str:
    return MoneyKind(kind).label if kind in set(MoneyKind) else kind


def _panel(
    sums: dict[int, float],
    years: list[int],
    slot: float,
    top: float,
    label: str,
    currency: str,
    css: str,
    lang: str,
) -> dict[str, Any]:
    low, high, step = _axis(min(0.0, *sums.values()), max(0.0, *sums.values()))

    def y(value: float) -> float:
        return top + PANEL_HEIGHT * (high - value) / (high - low)

    bars = [
        {
            "x": LEFT + i * slot + slot * 0.15,
            "y": min(y(sums[year]), y(0.0)),
            "w": slot * 0.7,
            "h": abs(y(sums[year]) - y(0.0)),
            "title": f"{year}\xa0: {money(sums[year], currency, lang=lang)}"
            if lang == "fr"
            else f"{year}: {money(sums[year], currency)}",
        }
        for i, year in enumerate(years)
        if sums[year]
    ]
    count = round((high - low) / step)
    ticks = [
        {"y": y(low + i * step), "label": compact_money(low + i * step, currency, lang)}
        for i in range(count + 1)
        if bars or i == 0
    ]
    return {
        "label": label,
        "top": top,
        "bottom": top + PANEL_HEIGHT,
        "zero": y(0.0),
        "bars": bars,
        "ticks": ticks,
        "css": css,
    }


def _axis(low: float, high: float) -> tuple[float, float, float]:
    """Widen [low, high] to multiples of a 1-2-2.5-5 step so the axis labels are round."""
    if low == high:
        return 0.0, 1.0, 1.0
    raw = (high - low) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step
