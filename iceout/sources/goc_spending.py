"""GoC-Spending's published per-vendor totals of the contracts dataset
(`<vendor>/summary_by_fiscal_year_by_department.csv`, FY2017-18 to 2021-22): one vendor-year
record per vendor, department and fiscal year. Aggregates, not contracts: kind `vendor_year`,
never added to contract values. The vendor's name is GoC-Spending's normalised name, read from
`original_vendor_names.csv` beside the file; department names from `owner_orgs.csv` (or
`departments.csv`) one folder up."""

import csv
from functools import cache
from pathlib import Path

from iceout.i18n import N_
from iceout.sources.layout import Layout, Record, Row, RowError, key

NOTE = N_(
    "GoC-Spending's per-vendor totals of the contracts dataset by department and fiscal year "
    "(FY2017-18 to 2021-22); aggregates of contract values, not payments"
)
DESCRIPTION = N_("contract total for the vendor, department and fiscal year")
VENDOR = "_goc_vendor"  # context value: the vendor this file totals


@cache
def _first_value(path: Path, column: str) -> str | None:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get(column):
                    return row[column].strip()
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    return None


@cache
def _departments(folder: Path) -> dict[str, str]:
    for name in ("owner_orgs.csv", "departments.csv"):
        path = folder / name
        if path.is_file():
            try:
                with path.open(encoding="utf-8-sig", newline="") as handle:
                    return {
                        row["owner_org"]: row["owner_org_title"].split(" | ")[0].strip()
                        for row in csv.DictReader(handle)
                        if row.get("owner_org") and row.get("owner_org_title")
                    }
            except (OSError, UnicodeDecodeError, csv.Error, KeyError):
                return {}
    return {}


def vendor_context(path: Path) -> dict[str, str]:
    """The vendor and department names a totals file needs from the files beside it."""
    context = {}
    vendor = _first_value(path.parent / "original_vendor_names.csv", "normalized_vendor_name")
    if vendor:
        context[VENDOR] = vendor
    for org, title in _departments(path.parent.parent).items():
        context[f"_dept:{org}"] = title
    return context


def _fiscal_year(value: str) -> str:
    """'2017-2018' -> '2017-18'."""
    start, _, end = value.partition("-")
    if not (start.isdigit() and end.isdigit() and len(start) == 4):
        raise RowError(f"d_fiscal_year {value!r} is not a fiscal year like 2017-2018")
    return f"{start}-{end[-2:]}"


def vendor_year(row: Row) -> Record:
    vendor = row.values.get(VENDOR)
    if not vendor:
        raise RowError("vendor unknown: original_vendor_names.csv is missing or empty beside it")
    org = row.required("owner_org")
    fiscal_year = _fiscal_year(row.required("d_fiscal_year"))
    rec: Record = {
        "kind": "vendor_year",
        "reference": None,
        "amendment": None,
        "vendor_name": vendor,
        "owner_org": org,
        "department": row.values.get(f"_dept:{org}") or None,
        "fiscal_year": fiscal_year,
        "value_cad": row.money("total"),
        "record_date": None,
        "description": DESCRIPTION,
        "url": None,
        "coverage_note": NOTE,
    }
    rec["record_key"] = key("vendor_year", vendor.upper(), org, fiscal_year)
    return rec


LAYOUTS = [
    Layout(
        "goc_spending_vendor_year",
        "src_ca_records",
        frozenset({"owner_org", "d_fiscal_year", "total", "total_constant_2019_dollars"}),
        vendor_year,
        context=vendor_context,
        whole_values={"total_constant_2019_dollars": r"-?\d+\.\d{2}"},  # always cents
    ),
]
