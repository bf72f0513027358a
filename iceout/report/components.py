"""The policy view by DHS component: which component of the U.S. Department of Homeland
Security (iceout/domain.py COMPONENTS) each family in both countries works for, with its US
obligations per component (from its awards) and its Canadian money kind by kind."""

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

from iceout.domain import COMPONENTS, DHS, MoneyKind, component, money_sum
from iceout.resolve.links import Link

# The families of the report: companies on the watchlist with in-scope US obligations and a
# Canadian record linked (as report/departments.py counts them).
FAMILIES_CTE = """
WITH links AS (SELECT unnest($names) AS vendor_name, unnest($families) AS family_id),
reported AS (
    SELECT w.family_id, w.name FROM wl_families w
    WHERE w.kind = 'company' AND w.us_obligations_usd > 0
      AND w.family_id IN (SELECT l.family_id FROM links l JOIN nrm_ca_records r USING (vendor_name))
)"""

US_SQL = f"""{FAMILIES_CTE}
SELECT a.component, f.family_id, f.name,
       coalesce({money_sum("a.amount_usd", "a.counted")}, 0), count(*)
FROM wl_awards a JOIN reported f USING (family_id)
GROUP BY ALL
"""

CANADA_SQL = f"""{FAMILIES_CTE}
SELECT l.family_id, r.kind, count(*), {money_sum("r.value_cad")}
FROM links l JOIN reported f USING (family_id) JOIN nrm_ca_records r USING (vendor_name)
GROUP BY ALL
"""


@dataclass(frozen=True)
class KindSum:
    """One kind of Canadian money (never added to another kind)."""

    kind: str
    label: str
    value_cad: float
    records: int


@dataclass(frozen=True)
class ComponentFamily:
    family_id: str
    family: str
    us_obligations_usd: float  # counted obligations of its awards from this component
    us_awards: int
    canadian: list[KindSum]  # the family's Canadian money, all departments


@dataclass(frozen=True)
class ComponentView:
    """One DHS component and the families in both countries that work for it."""

    code: str
    name: str
    name_fr: str
    us_obligations_usd: float
    families: list[ComponentFamily]


def component_views(con: duckdb.DuckDBPyConnection, links: Iterable[Link]) -> list[ComponentView]:
    """Every DHS component with awards to a reported family (through the matched links,
    `StandingLinks.matched()`), in the order of domain.COMPONENTS, families by obligations."""
    params = _params(links)
    canadian = canadian_by_family(con, params)
    by_code: dict[str, list[ComponentFamily]] = {}
    for code, family_id, name, usd, awards in con.execute(US_SQL, params).fetchall():
        entry = ComponentFamily(
            family_id, name, float(usd), int(awards), canadian.get(family_id, [])
        )
        by_code.setdefault(code, []).append(entry)
    views = []
    for code in [c.code for c in (*COMPONENTS, DHS)]:
        families = sorted(by_code.get(code, []), key=lambda f: (-f.us_obligations_usd, f.family))
        if families:
            c = component(code)
            total = sum(f.us_obligations_usd for f in families)
            views.append(ComponentView(code, c.name, c.name_fr, total, families))
    return views


def canadian_by_family(
    con: duckdb.DuckDBPyConnection, params: dict[str, list[str]]
) -> dict[str, list[KindSum]]:
    order = list(MoneyKind)
    found: dict[str, list[KindSum]] = {}
    for family_id, kind, count, value in con.execute(CANADA_SQL, params).fetchall():
        label = MoneyKind(kind).label
        found.setdefault(family_id, []).append(KindSum(kind, label, float(value or 0), int(count)))
    for sums in found.values():
        sums.sort(key=lambda k: order.index(MoneyKind(k.kind)))
    return found


def _params(links: Iterable[Link]) -> dict[str, list[str]]:
    chosen = list(links)
    return {"names": [k.name for k in chosen], "families": [k.family_id for k in chosen]}


KIND_COLUMNS = tuple(f"{k.value}_cad" for k in MoneyKind)
COLUMNS: tuple[str, ...] = (
    "component",
    "component_name",
    "family_id",
    "family",
    "us_obligations_usd",
    "us_awards",
    *KIND_COLUMNS,
)


def component_rows(views: Iterable[ComponentView]) -> Iterable[tuple[object, ...]]:
    """One row per component and family; each kind of Canadian money in a column of its own."""
    for view in views:
        for f in view.families:
            by_kind = {k.kind: round(k.value_cad, 2) for k in f.canadian}
            yield (
                view.code,
                view.name,
                f.family_id,
                f.family,
                round(f.us_obligations_usd, 2),
                f.us_awards,
                *(by_kind.get(k.value) for k in MoneyKind),
            )
