"""Render the exposure report as one self-contained HTML page.

The page must open offline and print cleanly, so it carries its CSS inline, draws its
charts as inline SVG here on the server, and loads no scripts, fonts or stylesheets.
"""

import math
import re
from functools import cache
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined

TOP_ROWS = 50
"""Records shown per side of a family before the rest fold into a <details> element."""

CANADA_SEARCH = "https://search.open.canada.ca/{kind}/?search_text={query}"
USASPENDING_AWARD = "https://www.usaspending.gov/award/{key}"


def render_html(exposure: dict[str, Any]) -> str:
    """The exposure dict (see report/exposure.py) as a complete HTML document."""
    families = [_family_view(family) for family in exposure["families"]]
    anchors = {family["family_id"]: family["anchor"] for family in families}
    template = _environment().get_template("report.html.j2")
    return template.render(x=exposure, families=families, anchors=anchors)


@cache
def _environment() -> Environment:
    # StrictUndefined: a key missing from the exposure dict is a bug upstream, not a blank cell.
    env = Environment(
        loader=PackageLoader("iceout", "report/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(money=money, score=score, short=short_hash)
    env.filters.update(public_url=public_url, us_url=us_url, canada_url=canada_url)
    return env


def _family_view(family: dict[str, Any]) -> dict[str, Any]:
    us = _largest_first(family["us_awards"] or [], "amount_usd")
    ca = _largest_first(family["canadian_records"] or [], "value_cad")
    return {
        **family,
        "anchor": "family-" + re.sub(r"[^A-Za-z0-9_-]+", "-", str(family["family_id"])),
        "us_top": us[:TOP_ROWS],
        "us_rest": us[TOP_ROWS:],
        "ca_top": ca[:TOP_ROWS],
        "ca_rest": ca[TOP_ROWS:],
        "chart": chart_model(family["by_year"] or []),
    }


def _largest_first(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda row: -(row[key] or 0.0))


def money(value: float | None, currency: str, cents: bool = False) -> str:
    """'US$1,234,567' (or with cents); negatives keep their sign; None is an em dash."""
    if value is None:
        return "—"
    sign = "-" if value < 0 else ""
    return f"{sign}{currency}{abs(value):,.{2 if cents else 0}f}"


def compact_money(value: float, currency: str) -> str:
    """Axis labels: 'US$300M', 'C$2.5K'."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= size:
            return f"{sign}{currency}{value / size:.3g}{suffix}"
    return f"{sign}{currency}{value:.3g}"


def score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def short_hash(value: str | None) -> str:
    return "—" if not value else value[:12] + "…"


def public_url(url: str | None) -> str | None:
    """The URL if it is a web address; anything else (javascript:, file:) is dropped."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return url
    return None


def us_url(award: dict[str, Any]) -> str | None:
    """The award's own page, else its USAspending page built from the award key."""
    own = public_url(award["url"])
    if own or not award["award_key"]:
        return own
    return USASPENDING_AWARD.format(key=quote(award["award_key"], safe=""))


def canada_url(record: dict[str, Any]) -> str:
    """The record's own page, else a search of open.canada.ca for its reference or vendor."""
    own = public_url(record["url"])
    if own:
        return own
    kind = "grants" if record["kind"] == "grant" else "contracts"
    query = record["reference"] or record["vendor_name"] or ""
    return CANADA_SEARCH.format(kind=kind, query=quote_plus(query))


# Chart geometry, in SVG user units. One panel per currency: US and Canadian sums differ by
# orders of magnitude, so a shared axis would flatten the smaller series to nothing.
WIDTH, LEFT, RIGHT, TOP = 680, 78, 12, 22
PANEL_HEIGHT, PANEL_GAP, BOTTOM = 96, 34, 34
SERIES = (
    ("us_usd", "US obligations (US$)", "US$", "us"),
    ("ca_cad", "Canadian contracts and grants (C$)", "C$", "ca"),
)


def chart_model(by_year: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Bars per year in two stacked panels sharing the year axis; None when there is no year."""
    years_present = [row["year"] for row in by_year if row["year"] is not None]
    if not years_present:
        return None
    years = list(range(min(years_present), max(years_present) + 1))
    sums = {key: {year: 0.0 for year in years} for key, *_ in SERIES}
    for row in by_year:
        for key, *_ in SERIES:
            if row["year"] is not None:
                sums[key][row["year"]] += row[key] or 0.0
    slot = (WIDTH - LEFT - RIGHT) / len(years)
    panels = []
    for index, (key, label, currency, css) in enumerate(SERIES):
        top = TOP + index * (PANEL_HEIGHT + PANEL_GAP)
        panels.append(_panel(sums[key], years, slot, top, label, currency, css))
    step = math.ceil(len(years) / 14)
    return {
        "width": WIDTH,
        "height": TOP + 2 * PANEL_HEIGHT + PANEL_GAP + BOTTOM,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "panels": panels,
        "year_labels": [
            {"x": LEFT + (i + 0.5) * slot, "label": year}
            for i, year in enumerate(years)
            if i % step == 0
        ],
        "year_axis_y": TOP + 2 * PANEL_HEIGHT + PANEL_GAP,
    }


def _panel(
    sums: dict[int, float],
    years: list[int],
    slot: float,
    top: float,
    label: str,
    currency: str,
    css: str,
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
            "title": f"{year}: {money(sums[year], currency)}",
        }
        for i, year in enumerate(years)
        if sums[year]
    ]
    count = round((high - low) / step)
    ticks = [
        {"y": y(low + i * step), "label": compact_money(low + i * step, currency)}
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
