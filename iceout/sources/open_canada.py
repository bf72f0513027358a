"""Government of Canada proactive disclosure: contracts over $10,000 (current and legacy
layouts) and grants & contributions (open.canada.ca)."""

from iceout.i18n import N_
from iceout.normalize.countries import country_code
from iceout.normalize.identifiers import business_number
from iceout.sources.layout import Layout, Record, Row, key
from iceout.sources.sqlrow import SqlRow, sql_key

# GoC-Spending's exports of the official dataset write R's NA for an empty value.
GOC_SPENDING_BLANKS = frozenset({"NA"})
FISCAL_YEAR = r"\d{4}-\d{4}"  # the complete form of a fiscal year column, e.g. 2020-2021


def _english(title: str | None) -> str | None:
    """'Canada Border Services Agency | Agence des services frontaliers du Canada' -> English part."""
    return title.split(" | ")[0].strip() if title else None


def contract_key(rec: Record) -> str:
    """Layout-free identity of a contract disclosure: the legacy pages and the current dataset
    publish the same contract with the same reference, date, value and vendor spelling
    (measured: all 14,449 current-layout CBSA/CIC/PS rows meet a legacy row on this key)."""
    return key(
        "contract",
        rec["reference"],
        rec["record_date"],
        rec["value_cad"],
        rec["vendor_name"].upper(),
    )


def _contract(row: Row, **fields: object) -> Record:
    value = row.money("contract_value")
    rec: Record = {
        "kind": "contract",
        "reference": row.text("reference_number"),
        "amendment": None,
        "vendor_name": row.required("vendor_name"),
        "operating_name": None,
        "business_number": None,
        # to the cent: the same contract re-exported as 256903154.3 or 256903154.26999998 is one row
        "value_cad": None if value is None else round(value, 2),
        "record_date": row.date("contract_date"),
        **fields,
    }
    rec["record_key"] = contract_key(rec)
    return rec


def current_contract(row: Row) -> Record:
    return _contract(
        row,
        postal_code=row.text("vendor_postal_code"),
        country=country_code(row.text("country_of_vendor")),
        department=_english(row.text("owner_org_title")),
        owner_org=row.text("owner_org"),
        end_date=row.date("delivery_date"),
        description=row.text("description_en") or row.text("description_fr"),
        url=None,
        procurement_id=row.text("procurement_id"),
        reporting_period=row.text("reporting_period"),
        original_value_cad=row.money("original_value"),
        amendment_value_cad=row.money("amendment_value"),
    )


def goc_spending_extract(row: Row) -> Record:
    """GoC-Spending's 13-column extracts: its cleaned vendor name and start date stand in for the
    official vendor_name and contract_date, which the extract leaves out."""
    rec = _contract(
        Row({**row.values, "vendor_name": row.values.get("d_vendor_name", "")}),
        postal_code=None,
        country=None,
        department=None,
        owner_org=row.text("owner_org"),
        end_date=row.date("d_end_date"),
        description=row.text("d_description_en"),
        url=None,
        procurement_id=row.text("procurement_id"),
        reporting_period=None,
        original_value_cad=row.money("original_value"),
        amendment_value_cad=None,
    )
    rec["record_date"] = row.date("d_start_date")
    rec["record_key"] = contract_key(rec)
    return rec


def legacy_contract(row: Row) -> Record:
    return _contract(
        row,
        postal_code=None,
        country=None,
        department=row.text("agency_name"),
        owner_org=None,
        end_date=row.date("delivery_date"),
        description=row.text("description"),
        url=row.text("uri"),
    )


def _contract_sql(row: SqlRow, **fields: str) -> dict[str, str]:
    """_contract in SQL (see sqlrow.py); amounts with at most two decimals are their own
    round(_, 2), the rest are typed by _contract."""
    rec = {
        "kind": "'contract'",
        "reference": row.text("reference_number"),
        "vendor_name": row.required("vendor_name"),
        "value_cad": row.money("contract_value"),
        "record_date": row.date("contract_date"),
        **fields,
    }
    rec["record_key"] = sql_key(
        "'contract'",
        rec["reference"],
        rec["record_date"],
        row.money_text("contract_value"),
        row.upper("vendor_name"),
    )
    return rec


def legacy_contract_sql(row: SqlRow) -> dict[str, str]:
    return _contract_sql(
        row,
        department=row.text("agency_name"),
        end_date=row.date("delivery_date"),
        description=row.text("description"),
        url=row.text("uri"),
    )


def grant(row: Row) -> Record:
    rec: Record = {
        "kind": "grant",
        "reference": row.required("ref_number"),
        "amendment": row.text("amendment_number") or "0",
        "vendor_name": row.required("recipient_legal_name"),
        "operating_name": row.text("recipient_operating_name"),
        "business_number": business_number(row.text("recipient_business_number")),
        "postal_code": row.text("recipient_postal_code"),
        "country": country_code(row.text("recipient_country")),
        "department": _english(row.text("owner_org_title")),
        "owner_org": row.text("owner_org"),
        "value_cad": row.money("agreement_value"),
        "record_date": row.date("agreement_start_date"),
        "end_date": row.date("agreement_end_date"),
        "description": row.text("agreement_title_en")
        or row.text("prog_name_en")
        or row.text("description_en"),
        "url": None,
    }
    rec["record_key"] = key("grant", rec["owner_org"], rec["reference"], rec["amendment"])
    return rec


TOP_AGREEMENTS_NOTE = N_(
    "only the 2,000 largest agreements (C$27.4M or more) of the Grants and Contributions "
    "dataset, from a public dashboard's extract"
)


def top_agreement(row: Row) -> Record:
    """A grant agreement from the derived list of the 2,000 largest: no reference or business
    number, and dated by agreement year only (kept in reporting_period)."""
    rec: Record = {
        "kind": "grant",
        "reference": None,
        "amendment": None,
        "vendor_name": row.required("recipient_name"),
        "department": row.text("department"),
        "program": row.text("program"),
        "location": ", ".join(p for p in (row.text("city"), row.text("province")) if p) or None,
        "value_cad": row.money("agreement_value"),
        "record_date": None,
        "reporting_period": row.text("year"),
        "description": row.text("program"),
        "url": None,
        "coverage_note": TOP_AGREEMENTS_NOTE,
    }
    rec["record_key"] = key(
        "grant-top",
        rec["department"],
        rec["vendor_name"].upper(),
        rec["program"],
        rec["reporting_period"],
        rec["value_cad"],
    )
    return rec


LAYOUTS = [
    Layout(
        "goc_spending_contracts",
        "src_ca_records",
        frozenset(
            {
                "reference_number",
                "procurement_id",
                "vendor_name",
                "contract_date",
                "contract_value",
                "d_reference_number",
            }
        ),
        current_contract,
        blank_values=GOC_SPENDING_BLANKS,
        whole_values={"d_reporting_year": FISCAL_YEAR},
    ),
    Layout(
        "goc_spending_contracts_extract",
        "src_ca_records",
        frozenset(
            {
                "owner_org",
                "d_vendor_name",
                "procurement_id",
                "reference_number",
                "contract_value",
                "d_start_date",
            }
        ),
        goc_spending_extract,
        absent_columns=frozenset({"vendor_name"}),
        blank_values=GOC_SPENDING_BLANKS,
        whole_values={"d_economic_object_code": r"\d{4}|NA", "d_reporting_year": FISCAL_YEAR},
    ),
    Layout(
        "open_canada_contracts",
        "src_ca_records",
        frozenset(
            {"reference_number", "procurement_id", "vendor_name", "contract_date", "contract_value"}
        ),
        current_contract,
    ),
    Layout(
        "open_canada_grants",
        "src_ca_records",
        frozenset({"ref_number", "amendment_number", "recipient_legal_name", "agreement_value"}),
        grant,
    ),
    Layout(
        "open_canada_legacy_contracts",
        "src_ca_records",
        frozenset(
            {
                "uri",
                "agency_name",
                "vendor_name",
                "reference_number",
                "contract_date",
                "contract_value",
            }
        ),
        legacy_contract,
        sql_form=legacy_contract_sql,
    ),
    Layout(
        "grants_top_agreements",
        "src_ca_records",
        frozenset({"recipient_name", "program", "agreement_value", "year", "department"}),
        top_agreement,
    ),
]
