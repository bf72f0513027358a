"""The exposure report as a small site that opens offline: a summary page that prints on a few
pages (report.html), a page of all families with search, filter and sort, one page per family,
and the policy views (by department, by DHS component, policy impact) with their CSV and XLSX.

Every page carries its CSS and its one small script inline and loads nothing from the network;
`render_html` (report/html.py) still gives the whole report as one self-contained file."""

import re
from dataclasses import asdict
from importlib.resources import files
from typing import Any

from iceout import i18n
from iceout.domain import MoneyKind
from iceout.report import components, departments, impact
from iceout.report.html import _environment, _family_view
from iceout.report.records import Exposure, FamilyExposure
from iceout.report.views import PolicyViews
from iceout.resolve.explained import Why, as_stored
from iceout.sheets import csv_text, xlsx_bytes

TOP_FAMILIES = 20  # families ranked on the summary page
TOP_DEPARTMENTS = 15  # departments in the summary's policy impact


def family_page(family_id: str) -> str:
    """The family's page, relative to the report folder."""
    return "families/" + re.sub(r"[^A-Za-z0-9_-]+", "-", family_id) + ".html"


def render_site(
    exposure: Exposure, views: PolicyViews, lang: str = i18n.DEFAULT, why: Why = as_stored
) -> dict[str, str | bytes]:
    """Every file of the report folder, by its relative path, in English or French; `why`
    gives a stored link's explanation in `lang` (resolve/explained.py)."""
    env = _environment(lang)
    pages = {f.family_id: family_page(f.family_id) for f in exposure.families}
    context = {
        "x": exposure,
        "v": views,
        "pages": pages,
        "kinds": list(MoneyKind),
        "script": _script(),
        "why": why,
        "affected": {
            scope: len({s.family_id for d in found for s in d.suppliers})
            for scope, found in views.impact.items()
        },
    }
    out: dict[str, str | bytes] = {}

    def page(path: str, template: str, **extra: Any) -> None:
        root = "../" * path.count("/")
        out[path] = env.get_template(template).render(**context, root=root, here=path, **extra)

    page(
        "report.html",
        "site/summary.html.j2",
        top=exposure.families[:TOP_FAMILIES],
        top_departments=TOP_DEPARTMENTS,
    )
    page("families.html", "site/families.html.j2")
    page("departments.html", "site/departments.html.j2")
    page("components.html", "site/components.html.j2")
    page("impact.html", "site/impact.html.j2")
    named = [_family_view(f, lang) for f in exposure.named_without_awards]
    page("details.html", "site/details.html.j2", named=named)
    for rank, family in enumerate(exposure.families, start=1):
        page(pages[family.family_id], "site/family.html.j2", f=_family(family, lang), rank=rank)
    out.update(spreadsheets(views))
    return out


def spreadsheets(views: PolicyViews) -> dict[str, str | bytes]:
    """The policy views as CSV (one per view and scope) and as one XLSX workbook."""
    tables = [
        ("departments", departments.COLUMNS, list(departments.department_rows(views.departments))),
        ("components", components.COLUMNS, list(components.component_rows(views.components))),
    ]
    tables += [
        (f"impact-{scope}", impact.COLUMNS, list(impact.impact_rows(scope, found)))
        for scope, found in views.impact.items()
    ]
    files_out: dict[str, str | bytes] = {
        f"views/{name}.csv": csv_text(columns, rows) for name, columns, rows in tables
    }
    files_out["views/policy-views.xlsx"] = xlsx_bytes(tables)
    return files_out


def _family(family: FamilyExposure, lang: str) -> dict[str, Any]:
    view = _family_view(family, lang)
    view["components"] = sorted({a.component for a in family.us_awards if a.component})
    view["departments"] = sorted({r.department for r in family.canadian_records if r.department})
    view["by_year_rows"] = [asdict(row) for row in family.by_year]
    return view


def _script() -> str:
    return files("iceout").joinpath("report/templates/site/table_tools.js").read_text("utf-8")
