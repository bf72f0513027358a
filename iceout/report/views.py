"""The three policy views together, as the report shows them: by Canadian department and
fiscal year (departments.py), by DHS component (components.py), and a policy's impact on each
department (impact.py) for every scope the report's policy covers."""

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

from iceout.report.components import ComponentView, component_views
from iceout.report.departments import DepartmentYear, department_years
from iceout.report.impact import DepartmentImpact, policy_impact
from iceout.resolve.links import Link

# The impact scopes a watchlist built for a scope can answer: its awards are those of the scope.
SCOPES_WITHIN = {"ice": ("ice",), "dhs": ("ice", "dhs")}


@dataclass(frozen=True)
class PolicyViews:
    departments: list[DepartmentYear]
    components: list[ComponentView]
    impact: dict[str, list[DepartmentImpact]]  # scope -> departments, most suppliers first


def policy_views(con: duckdb.DuckDBPyConnection, links: Iterable[Link], scope: str) -> PolicyViews:
    """The views over the watchlist as built for `scope` (screen/watchlist.py), through the
    matched links (`StandingLinks.matched()`)."""
    chosen = list(links)
    return PolicyViews(
        department_years(con, chosen),
        component_views(con, chosen),
        {s: policy_impact(con, chosen, s) for s in SCOPES_WITHIN[scope]},
    )
