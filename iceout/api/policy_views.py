"""The policy views (report/departments.py, components.py, impact.py) over the links as they
stand now, computed once per store state (Store.view) for the API and the pages alike."""

from iceout.api.families import links_now
from iceout.api.store import Store
from iceout.report.components import ComponentView, component_views
from iceout.report.departments import DepartmentYear, department_years
from iceout.report.impact import DepartmentImpact, policy_impact


def departments_now(store: Store) -> list[DepartmentYear]:
    return store.view(
        "departments", lambda con: department_years(con, links_now(store).standing.matched())
    )


def components_now(store: Store) -> list[ComponentView]:
    return store.view(
        "components", lambda con: component_views(con, links_now(store).standing.matched())
    )


def impact_now(store: Store, scope: str) -> list[DepartmentImpact]:
    return store.view(
        f"impact-{scope}",
        lambda con: policy_impact(con, links_now(store).standing.matched(), scope),
    )
