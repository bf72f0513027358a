"""Government of Canada proactive disclosure: contracts over $10,000 (current and legacy
layouts) and grants & contributions (open.canada.ca)."""

from iceout.normalize.countries import country_code
from iceout.normalize.identifiers import business_number
from iceout.sources.layout import Layout, Record, Row, key


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
    rec: Record = {
        "kind": "contract",
        "reference": row.text("reference_number"),
        "amendment": None,
        "vendor_name": row.required("vendor_name"),
        "operating_name": None,
        "business_number": None,
        "value_cad": row.money("contract_value"),
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
    )


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


LAYOUTS = [
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
    ),
]
