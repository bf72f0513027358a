"""The policy view by Canadian department: which departments pay watchlist families, how much
of each kind of money, in which fiscal year. Kinds stay apart (domain.MoneyKind): a
department's contracts and its vendor-year totals can be the same dollars."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import duckdb

from iceout.domain import MoneyKind, money_sum
from iceout.i18n import N_
from iceout.resolve.links import Link

# A record's fiscal year as published, else the April-to-March year its date falls in.
FISCAL_YEAR_SQL = """coalesce(r.fiscal_year, CASE WHEN r.record_date IS NOT NULL THEN
               CAST(year(r.record_date - INTERVAL 3 MONTH) AS VARCHAR) || '-'
               || lpad(CAST((year(r.record_date - INTERVAL 3 MONTH) + 1) % 100 AS VARCHAR), 2, '0')
           END)"""
NO_DEPARTMENT = N_("(department not stated)")  # pages translate it

DEPARTMENTS_SQL = f"""
WITH links AS (SELECT unnest($names) AS vendor_name, unnest($families) AS family_id),
paid AS (
    SELECT coalesce(r.department, '{NO_DEPARTMENT}') AS department,
           {FISCAL_YEAR_SQL} AS fiscal_year,
           r.kind, r.value_cad, w.family_id, w.name
    FROM links l JOIN wl_families w USING (family_id) JOIN nrm_ca_records r USING (vendor_name)
    WHERE w.kind = 'company' AND w.us_obligations_usd > 0
)
SELECT department, fiscal_year, kind, count(*), {money_sum("value_cad")},
       list(DISTINCT {{'id': family_id, 'name': name}})
FROM paid GROUP BY ALL
ORDER BY department, fiscal_year NULLS LAST, kind
"""


@dataclass(frozen=True)
class KindMoney:
    kind: str
    label: str
    value_cad: float
    records: int
    families: list[str]  # family ids paid this kind in the department's year


@dataclass(frozen=True)
class DepartmentYear:
    """One department in one fiscal year: its money to watchlist families, kind by kind."""

    department: str
    fiscal_year: str | None  # None: the records carry no date
    kinds: list[KindMoney]
    family_ids: list[str]
    families: list[str]  # their names


def department_years(con: duckdb.DuckDBPyConnection, links: Iterable[Link]) -> list[DepartmentYear]:
    """Every department and fiscal year paying a family with in-scope US obligations, through
    the matched links (`StandingLinks.matched()`)."""
    chosen = list(links)
    params = {"names": [k.name for k in chosen], "families": [k.family_id for k in chosen]}
    grouped: dict[tuple[str, str | None], list[tuple]] = {}
    for row in con.execute(DEPARTMENTS_SQL, params).fetchall():
        grouped.setdefault((row[0], row[1]), []).append(row)
    return [_year(department, year, rows) for (department, year), rows in grouped.items()]


def _year(department: str, fiscal_year: str | None, rows: list[tuple]) -> DepartmentYear:
    order = list(MoneyKind)
    rows.sort(key=lambda r: order.index(MoneyKind(r[2])))
    kinds = [
        KindMoney(kind, MoneyKind(kind).label, float(value or 0.0), int(count), _ids(paid))
        for _, _, kind, count, value, paid in rows
    ]
    names = {f["id"]: f["name"] for r in rows for f in r[5]}
    ids = sorted(names)
    return DepartmentYear(department, fiscal_year, kinds, ids, [names[i] for i in ids])


def _ids(families: list[dict[str, str]]) -> list[str]:
    return sorted(f["id"] for f in families)


COLUMNS = (
    "department",
    "fiscal_year",
    "kind",
    "kind_label",
    "value_cad",
    "records",
    "family_ids",
    "families",
)


def department_rows(years: Iterable[DepartmentYear]) -> Iterator[tuple[object, ...]]:
    """One row per department, fiscal year and kind of money."""
    for year in years:
        names = dict(zip(year.family_ids, year.families, strict=True))
        for kind in year.kinds:
            yield (
                year.department,
                year.fiscal_year,
                kind.kind,
                kind.label,
                round(kind.value_cad, 2),
                kind.records,
                " | ".join(kind.families),
                " | ".join(names[i] for i in kind.families),
            )
