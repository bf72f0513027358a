"""CSV layouts of Public Accounts lines, stored with the record keys of the PDF lines
(public_accounts.py) so the same payment from two sources is stored once: the open-data CSV of
Section 3 (dataset ac597ff8-ee13-48c3-b315-42e528090af2) and the bundled demo's lines."""

import re

from iceout.sources import pa_parse
from iceout.sources.layout import Layout, Record, Row, RowError
from iceout.sources.public_accounts import (
    DESCRIPTIONS,
    KINDS,
    PRINTED_DESCRIPTIONS,
    TABLE,
    record_key,
    split_payee,
)


def open_data_payment(row: Row) -> Record:
    """One row of the open-data CSV (dataset ac597ff8-...): FSCL_YR '2023-2024', MINE the
    department, ROBJ_EN_NM the service class, PRJCT_EN_DESC the payee and location as printed."""
    years = re.match(r"^(\d{4})\s*[-–/]\s*(\d{2,4})$", row.required("FSCL_YR"))
    if years is None:
        raise RowError(f"FSCL_YR: not a fiscal year: {row.text('FSCL_YR')!r}")
    year = f"{years.group(1)}-{years.group(2)[-2:]}"
    printed = row.required("PRJCT_EN_DESC")
    if pa_parse.AGGREGATE.search(printed):
        raise RowError("an aggregate line (payments under $100,000), not a named payee")
    department, program = row.required("MINE"), row.required("ROBJ_EN_NM")
    value = row.money("AGRG_PYMT_AMT")
    vendor, location = split_payee(printed)
    return {
        "record_key": record_key(
            "payment",
            year,
            department,
            program,
            printed,
            int(value) if value is not None and value.is_integer() else value or 0,
        ),  # fmt: skip
        "kind": "payment",
        "vendor_name": vendor,
        "location": location,
        "department": department,
        "owner_org": row.text("MINC"),
        "program": program,
        "fiscal_year": year,
        "value_cad": value,
        "description": DESCRIPTIONS["s3"] % {"program": program},
    }


def printed_line(row: Row) -> Record:
    """One Public Accounts line as the bundled demo keeps it: the payee as printed, with the
    PDF and page it was read from; the same record key as the line read from the PDF."""
    section = row.required("section")
    if section not in KINDS:
        raise RowError(f"section: expected s3 or s6, not {section!r}")
    year, printed = row.required("fiscal_year"), row.required("payee_as_printed")
    department, program = row.required("department"), row.required("program")
    value = row.money("amount_cad")
    if value is None or not value.is_integer():
        raise RowError(f"amount_cad: expected whole dollars, not {row.text('amount_cad')!r}")
    page = row.required("source_page")
    if not page.isdigit():
        raise RowError(f"source_page: not a page number: {page!r}")
    vendor, location = split_payee(printed)
    kind = KINDS[section]
    return {
        "record_key": record_key(
            kind, year, department, program, printed, int(value), int(row.text("occurrence") or 1)
        ),  # fmt: skip
        "kind": kind,
        "vendor_name": vendor,
        "location": location,
        "department": department,
        "program": program,
        "fiscal_year": year,
        "value_cad": value,
        "source_page": int(page),
        "url": row.text("source_url"),
        "description": PRINTED_DESCRIPTIONS[section]
        % {"program": program, "pdf": row.required("source_pdf")},
    }


LAYOUTS = [
    Layout(
        "public_accounts_open_data",
        TABLE,
        frozenset({"FSCL_YR", "MINE", "ROBJ_EN_NM", "PRJCT_EN_DESC", "AGRG_PYMT_AMT"}),
        open_data_payment,
    ),
    Layout(
        "public_accounts_lines",
        TABLE,
        frozenset({"section", "fiscal_year", "payee_as_printed", "source_pdf", "source_page"}),
        printed_line,
    ),
]
