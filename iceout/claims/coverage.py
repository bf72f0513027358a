"""What Canadian money the store holds, read from the store itself: per kind of money, how many
records, which fiscal years or dates, how many departments, what the loader said of its
coverage ('the 2,000 largest grant agreements only'), and how many records each department
has. A claim left unverified says exactly this about the kinds it was checked against, so a
reader knows whether 'none found' means 'none' or 'not loaded'."""

import re
from dataclasses import dataclass, field
from datetime import date

import duckdb

from iceout.claims.bodies import CanadianBody
from iceout.claims.ca_records import present_columns
from iceout.db import table_exists
from iceout.domain import MoneyKind

KINDS_SQL = """
SELECT kind, count(*), min(record_date), max(record_date), count(DISTINCT department),
       {fiscal_years}, {notes}
FROM nrm_ca_records GROUP BY kind
"""
DEPARTMENTS_SQL = """
SELECT kind, department, {owner_org}, count(*) FROM nrm_ca_records GROUP BY ALL
"""


@dataclass(frozen=True)
class KindCoverage:
    kind: str
    records: int = 0
    first: date | None = None
    last: date | None = None
    departments: int = 0
    fiscal_years: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what the loader said of its coverage
    by_department: dict[tuple[str | None, str | None], int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        try:
            return MoneyKind(self.kind).label
        except ValueError:
            return self.kind

    def of_body(self, body: CanadianBody) -> int:
        return sum(n for (dept, org), n in self.by_department.items() if body.files(dept, org))

    def describe(self, body: CanadianBody | None = None) -> str:
        """'contracts over $10,000 (value): 166,335 records, 1999-01-11 to 2021-12-31, 80
        departments, 6,933 of them from Canada Border Services Agency'."""
        if not self.records:
            return f"{self.label}: none loaded"
        span = fiscal_span(self.fiscal_years) or _dates(self.first, self.last)
        text = f"{self.label}: {self.records:,} records, {span}, {self.departments} departments"
        if self.notes:
            text += f" ({'; '.join(self.notes)})"
        if body is not None and not body.any_department:
            count = self.of_body(body)
            text += f", {count:,} of them from {body.name}" if count else f", none from {body.name}"
        return text


class Coverage:
    """Every kind of Canadian money in the store; a kind not loaded has zero records."""

    def __init__(self, kinds: dict[str, KindCoverage]) -> None:
        self.kinds = kinds

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> "Coverage":
        if not table_exists(con, "nrm_ca_records"):
            return cls({})
        present = present_columns(con)
        years = (
            "coalesce(list_sort(list(DISTINCT fiscal_year) FILTER (fiscal_year IS NOT NULL)), [])"
            if "fiscal_year" in present
            else "[]"
        )
        notes = (
            "coalesce(list_sort(list(DISTINCT coverage) FILTER (coverage IS NOT NULL)), [])"
            if "coverage" in present
            else "[]"
        )
        org = "owner_org" if "owner_org" in present else "NULL"
        by_kind: dict[str, dict[tuple[str | None, str | None], int]] = {}
        for kind, department, owner_org, count in con.execute(
            DEPARTMENTS_SQL.format(owner_org=org)
        ).fetchall():
            by_kind.setdefault(kind, {})[(department, owner_org)] = count
        kinds = {
            kind: KindCoverage(
                kind, count, first, last, departments, tuple(fy), tuple(note), by_kind.get(kind, {})
            )
            for kind, count, first, last, departments, fy, note in con.execute(
                KINDS_SQL.format(fiscal_years=years, notes=notes)
            ).fetchall()
        }
        return cls(kinds)

    def of(self, kind: str) -> KindCoverage:
        return self.kinds.get(kind) or KindCoverage(kind)

    def describe(self, kinds: tuple[str, ...], body: CanadianBody | None = None) -> str:
        return "; ".join(self.of(kind).describe(body) for kind in kinds)


def fiscal_span(years: tuple[str, ...]) -> str:
    """'FY2011-12, FY2013-14…2015-16': consecutive fiscal years as one run."""
    starts = sorted({(int(m.group()), y) for y in years if (m := re.match(r"\d{4}", y))})
    runs: list[list[tuple[int, str]]] = []
    for start, year in starts:
        if runs and runs[-1][-1][0] + 1 == start:
            runs[-1].append((start, year))
        else:
            runs.append([(start, year)])
    return ", ".join(f"FY{run[0][1]}" + (f"…{run[-1][1]}" if len(run) > 1 else "") for run in runs)


def _dates(first: date | None, last: date | None) -> str:
    if first is None or last is None:
        return "no dates"
    return f"dated {first.isoformat()} to {last.isoformat()}"
