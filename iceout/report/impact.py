"""The policy impact view: if Canada bars the contractors of a scope (ICE only, or every DHS
component: iceout/domain.py SCOPES), which suppliers of each Canadian department are affected,
with the department's money to each of them, kind by kind (kinds never added together)."""

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

from iceout.domain import SCOPES, MoneyKind, money_sum
from iceout.errors import InputError
from iceout.i18n import N_
from iceout.report.components import KindSum
from iceout.report.departments import FISCAL_YEAR_SQL, NO_DEPARTMENT
from iceout.resolve.links import Link

# A family is affected when its counted obligations from the scope's components are positive.
IMPACT_SQL = f"""
WITH links AS (SELECT unnest($names) AS vendor_name, unnest($families) AS family_id),
scoped AS (
    SELECT family_id, coalesce({money_sum("amount_usd", "counted")}, 0) AS usd,
           list(DISTINCT component ORDER BY component) AS components
    FROM wl_awards WHERE list_contains($components, component) GROUP BY family_id
)
SELECT coalesce(r.department, '{NO_DEPARTMENT}'), w.family_id, w.name, s.usd, s.components,
       r.kind, count(*), {money_sum("r.value_cad")},
       list(DISTINCT {FISCAL_YEAR_SQL} ORDER BY {FISCAL_YEAR_SQL}) FILTER (WHERE {FISCAL_YEAR_SQL} IS NOT NULL)
FROM links l JOIN wl_families w USING (family_id) JOIN scoped s USING (family_id)
JOIN nrm_ca_records r USING (vendor_name)
WHERE w.kind = 'company' AND w.us_obligations_usd > 0 AND s.usd > 0
GROUP BY ALL
"""


@dataclass(frozen=True)
class AffectedKind(KindSum):
    fiscal_years: list[str]


@dataclass(frozen=True)
class AffectedSupplier:
    family_id: str
    family: str
    us_obligations_usd: float  # counted obligations from the scope's components
    components: list[str]
    canadian: list[AffectedKind]  # this department's money to the family, kind by kind


@dataclass(frozen=True)
class DepartmentImpact:
    """One Canadian department: its suppliers the policy would affect, and its total per kind."""

    department: str
    suppliers: list[AffectedSupplier]
    totals: list[KindSum]


def policy_impact(
    con: duckdb.DuckDBPyConnection, links: Iterable[Link], scope: str
) -> list[DepartmentImpact]:
    """Every department paying a family with obligations in `scope` (ice or dhs), through the
    matched links; departments with the most affected suppliers first."""
    if scope not in SCOPES:
        raise InputError(
            N_("scope must be one of %(scopes)s, not %(value)r"),
            scopes=", ".join(SCOPES),
            value=scope,
        )
    chosen = list(links)
    params = {
        "names": [k.name for k in chosen],
        "families": [k.family_id for k in chosen],
        "components": list(SCOPES[scope]),
    }
    rows: dict[str, dict[str, list[tuple]]] = {}
    for row in con.execute(IMPACT_SQL, params).fetchall():
        rows.setdefault(row[0], {}).setdefault(row[1], []).append(row)
    impact = [_department(department, found) for department, found in rows.items()]
    return sorted(impact, key=lambda d: (-len(d.suppliers), d.department))


def _department(department: str, found: dict[str, list[tuple]]) -> DepartmentImpact:
    order = list(MoneyKind)
    suppliers = []
    for family_rows in found.values():
        _, family_id, name, usd, components, *_ = family_rows[0]
        kinds = sorted(
            (
                AffectedKind(kind, MoneyKind(kind).label, float(value or 0), int(n), years or [])
                for *_, kind, n, value, years in family_rows
            ),
            key=lambda k: order.index(MoneyKind(k.kind)),
        )
        suppliers.append(AffectedSupplier(family_id, name, float(usd), list(components), kinds))
    suppliers.sort(key=lambda s: (-s.us_obligations_usd, s.family))
    totals: dict[str, KindSum] = {}
    for supplier in suppliers:
        for k in supplier.canadian:
            was = totals.get(k.kind, KindSum(k.kind, k.label, 0.0, 0))
            totals[k.kind] = KindSum(
                k.kind, k.label, was.value_cad + k.value_cad, was.records + k.records
            )
    ordered = sorted(totals.values(), key=lambda k: order.index(MoneyKind(k.kind)))
    return DepartmentImpact(department, suppliers, ordered)


COLUMNS = (
    "scope",
    "department",
    "family_id",
    "family",
    "us_obligations_usd",
    "components",
    "kind",
    "kind_label",
    "value_cad",
    "records",
    "fiscal_years",
)


def impact_rows(scope: str, impact: Iterable[DepartmentImpact]) -> Iterable[tuple[object, ...]]:
    """One row per department, affected supplier and kind of money."""
    for department in impact:
        for s in department.suppliers:
            for k in s.canadian:
                yield (
                    scope,
                    department.department,
                    s.family_id,
                    s.family,
                    round(s.us_obligations_usd, 2),
                    " | ".join(s.components),
                    k.kind,
                    k.label,
                    round(k.value_cad, 2),
                    k.records,
                    " | ".join(k.fiscal_years),
                )
