"""The Canadian records as the claims stage reads them (nrm_ca_records): one typed record each,
with its kind of money kept, and the evidence a claim shows for it.

The Public Accounts and grant-agreement loaders add columns (fiscal year, program, location,
page, a sentence on coverage) that older stores do not have; those are read when the table has
them and are None otherwise, so one query serves every store.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from iceout.report.records import public_url

# Columns only some stores have, in the order CaRecord takes them.
OPTIONAL = ("owner_org", "fiscal_year", "program", "location", "source_page", "coverage")

RECORDS_SQL = """
SELECT l.family_id, r.vendor_name, r.kind, r.reference, r.department, r.value_cad,
       r.record_date, r.description, r.url, r.source_file, r.source_row, {optional}
FROM nrm_ca_records r
JOIN (SELECT unnest($names) AS vendor_name, unnest($families) AS family_id) l USING (vendor_name)
ORDER BY r.value_cad DESC NULLS LAST, r.record_key
"""


@dataclass(frozen=True)
class CaRecord:
    vendor_name: str
    kind: str  # a MoneyKind value
    reference: str | None
    department: str | None
    value_cad: float | None
    record_date: date | None
    description: str | None
    url: str | None
    source_file: str
    source_row: int | None
    owner_org: str | None
    fiscal_year: str | None
    program: str | None
    location: str | None
    source_page: int | None
    coverage: str | None

    @property
    def file(self) -> str:
        """Where it was read: 'file.csv:row 12' or 'file.pdf:page 312'."""
        name = Path(self.source_file).name
        return (
            f"{name}:page {self.source_page}"
            if self.source_page
            else f"{name}:row {self.source_row}"
        )

    @property
    def when(self) -> str | None:
        """Its fiscal year (Public Accounts) or its date."""
        if self.fiscal_year:
            return f"FY{self.fiscal_year}"
        return self.record_date.isoformat() if self.record_date else None

    def evidence(self) -> dict[str, Any]:
        return {
            "record_id": self.reference or self.file,
            "kind": self.kind,
            "amount": round(self.value_cad, 2) if self.value_cad is not None else None,
            "date": self.record_date.isoformat() if self.record_date else None,
            "source": public_url(self.url),
            "fiscal_year": self.fiscal_year,
            "department": self.department,
            "vendor": self.vendor_name,
            "program": self.program,
            "location": self.location,
            "file": self.file,
        }


def present_columns(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'nrm_ca_records'"
    ).fetchall()
    return {name for (name,) in rows}


def optional_select(con: duckdb.DuckDBPyConnection, alias: str = "r") -> str:
    """The optional columns, each read or NULL (names are our own constants)."""
    present = present_columns(con)
    return ", ".join(f"{alias}.{c}" if c in present else f"NULL AS {c}" for c in OPTIONAL)


def family_records(
    con: duckdb.DuckDBPyConnection, spellings: dict[str, str]
) -> dict[str, list[CaRecord]]:
    """The records of each family, from its Canadian spellings (spelling -> family id)."""
    names = sorted(spellings)
    params = {"names": names, "families": [spellings[n] for n in names]}
    found: dict[str, list[CaRecord]] = {}
    sql = RECORDS_SQL.format(optional=optional_select(con))
    for family_id, *row in con.execute(sql, params).fetchall():
        found.setdefault(family_id, []).append(CaRecord(*row))
    return found
