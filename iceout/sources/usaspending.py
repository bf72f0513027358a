"""USAspending.gov / FPDS layouts: prime award summaries, transactions, subawards, API exports."""

from iceout.domain import COMPONENTS
from iceout.domain import DHS as DEPARTMENT
from iceout.normalize.countries import country_code
from iceout.normalize.identifiers import duns, uei
from iceout.sources.layout import Layout, Record, Row, RowError, key

DHS = DEPARTMENT.name
# The 10-column API export names the component only by its abbreviation.
API_COMPONENTS = {
    c.code: (c.name, c.subtier_codes[0] if c.subtier_codes else None) for c in COMPONENTS
}


def generated_award_key(
    piid: str, agency_code: str | None, parent_piid: str | None, parent_agency: str | None
) -> str:
    """USAspending's generated unique award id, e.g. CONT_AWD_70CDCR26FR0000043_7012_N0002325D0032_9700."""
    return "_".join(
        [
            "CONT_AWD",
            piid,
            agency_code or "-NONE-",
            parent_piid or "-NONE-",
            parent_agency or "-NONE-",
        ]
    ).upper()


def _recipient(row: Row, prefix: str = "recipient") -> Record:
    return {
        "recipient_name": row.required(f"{prefix}_name"),
        "recipient_uei": uei(row.text(f"{prefix}_uei")),
        "recipient_duns": duns(row.text(f"{prefix}_duns")),
        "parent_name": row.text(f"{prefix}_parent_name"),
        "parent_uei": uei(row.text(f"{prefix}_parent_uei")),
        "parent_duns": duns(row.text(f"{prefix}_parent_duns")),
        "recipient_country": country_code(row.text(f"{prefix}_country_code")),
    }


def _transaction_key(award_key: str, rec: Record) -> str:
    return key(award_key, rec["modification"] or "0", rec["action_date"], rec["amount_usd"])


def api_transaction(row: Row) -> Record:
    component = row.required("Agency").upper()
    sub_agency, code = API_COMPONENTS.get(component, (component, None))
    award_key = (row.text("Generated Award ID") or "").upper()
    if not award_key:
        raise RowError("Generated Award ID is blank")
    rec: Record = {
        "award_key": award_key,
        "award_id": row.required("Award ID"),
        "parent_award_id": None,
        "modification": row.text("Modification"),
        "agency": DHS,
        "sub_agency": sub_agency,
        "sub_agency_code": code,
        "recipient_name": row.required("Recipient Name"),
        "recipient_uei": None,
        "recipient_duns": None,
        "parent_name": None,
        "parent_uei": None,
        "parent_duns": None,
        "recipient_country": None,
        "amount_usd": row.money("Federal Action Obligation"),
        "action_date": row.date("Action Date"),
        "description": row.text("Transaction Description"),
        "psc_description": row.text("Product/Service Description"),
        "naics_description": row.text("NAICS Description"),
    }
    parts = award_key.split("_")
    if len(parts) >= 5 and parts[4] != "-NONE-":
        rec["parent_award_id"] = parts[4]
    rec["record_key"] = _transaction_key(award_key, rec)
    return rec


def _fpds_transaction(row: Row, date_order: str, award_key: str | None) -> Record:
    piid = row.required("award_id_piid")
    parent_piid = row.text("parent_award_id_piid") or row.text("parent_award_id")
    award_key = award_key or generated_award_key(
        piid, row.text("awarding_sub_agency_code"), parent_piid, row.text("parent_award_agency_id")
    )
    rec: Record = {
        "award_key": award_key,
        "award_id": piid,
        "parent_award_id": parent_piid,
        "modification": row.text("modification_number"),
        "agency": row.text("awarding_agency_name"),
        "sub_agency": row.text("awarding_sub_agency_name"),
        "sub_agency_code": row.text("awarding_sub_agency_code"),
        **_recipient(row),
        "amount_usd": row.money("federal_action_obligation"),
        "action_date": row.date("action_date", date_order),
        "description": row.text("transaction_description") or row.text("award_description"),
        "psc_description": row.text("product_or_service_code_description"),
        "naics_description": row.text("naics_description"),
    }
    rec["record_key"] = _transaction_key(award_key, rec)
    return rec


def transaction_2018(row: Row) -> Record:
    # The 2018 export writes dates as D/MM/YYYY and has no generated award key.
    return _fpds_transaction(row, "DMY", None)


def transaction_current(row: Row) -> Record:
    return _fpds_transaction(
        row, "YMD", (row.text("contract_award_unique_key") or "").upper() or None
    )


def award_summary(award_type: str, key_column: str, id_column: str):
    def to_record(row: Row) -> Record:
        award_key = row.required(key_column).upper()
        return {
            "record_key": award_key,
            "award_key": award_key,
            "award_id": row.required(id_column),
            "parent_award_id": row.text("parent_award_id_piid"),
            "award_type": award_type,
            "agency": row.text("awarding_agency_name"),
            "sub_agency": row.text("awarding_sub_agency_name"),
            "sub_agency_code": row.text("awarding_sub_agency_code"),
            **_recipient(row),
            "amount_usd": row.money("total_obligated_amount"),
            # The Minnesota export was re-saved by a spreadsheet as M/D/YY.
            "start_date": row.date("award_base_action_date", "MDY"),
            "latest_date": row.date("award_latest_action_date", "MDY"),
            "description": row.text("prime_award_base_transaction_description"),
        }

    return to_record


def subaward(row: Row) -> Record:
    rec: Record = {
        "prime_award_key": (row.text("prime_award_unique_key") or "").upper() or None,
        "prime_award_id": row.text("prime_award_piid"),
        "sub_agency": row.text("prime_award_awarding_sub_agency_name"),
        "prime_name": row.text("prime_awardee_name"),
        "prime_uei": uei(row.text("prime_awardee_uei")),
        "prime_parent_name": row.text("prime_awardee_parent_name"),
        "prime_parent_uei": uei(row.text("prime_awardee_parent_uei")),
        "sub_name": row.required("subawardee_name"),
        "sub_uei": uei(row.text("subawardee_uei")),
        "sub_parent_name": row.text("subawardee_parent_name"),
        "sub_parent_uei": uei(row.text("subawardee_parent_uei")),
        "sub_country": country_code(row.text("subawardee_country_code")),
        "amount_usd": row.money("subaward_amount"),
        "action_date": row.date("subaward_action_date", "MDY"),
        "description": row.text("subaward_description"),
    }
    rec["record_key"] = key(
        rec["prime_award_key"],
        row.text("subaward_number"),
        rec["sub_name"].upper(),
        rec["action_date"],
        rec["amount_usd"],
    )
    return rec


def curated_parent(row: Row) -> Record:
    rec: Record = {
        "award_id": row.text("award_id"),
        "recipient_name": row.required("recipient_name"),
        "parent_name": row.required("parent_name"),
    }
    rec["record_key"] = key(
        rec["award_id"], rec["recipient_name"].upper(), rec["parent_name"].upper()
    )
    return rec


# Complete values of the columns that end USAspending files (see Layout.whole_values): every
# cut of one fails its form. Generated award ids end in a 4-digit agency code.
AWARD_ID = r"(CONT|ASST)_(AWD|IDV|NON|AGG)_[^_\s]+_\d{4}_([^_\s]+_\d{4}|-NONE-_-NONE-)"
DAY = r"\d{1,2}/\d{1,2}/\d{2}|\d{4}-\d{2}-\d{2}"
TIMESTAMP = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+\d{2}"
WHOLE_VALUES = {
    "Generated Award ID": AWARD_ID,
    "fiscal_year": r"\d{4}",
    "last_modified_date": DAY,
    "subaward_fsrs_report_last_modified_date": TIMESTAMP,
}

API_COLUMNS = (
    "Agency",
    "Award ID",
    "Recipient Name",
    "Federal Action Obligation",
    "Action Date",
    "Modification",
    "Product/Service Description",
    "NAICS Description",
    "Transaction Description",
    "Generated Award ID",
)

LAYOUTS = [
    Layout(
        "usaspending_api_transactions",
        "src_us_transactions",
        frozenset(API_COLUMNS),
        api_transaction,
        whole_values=WHOLE_VALUES,
    ),
    Layout(
        "usaspending_contracts_transactions",
        "src_us_transactions",
        frozenset(
            {
                "contract_transaction_unique_key",
                "contract_award_unique_key",
                "federal_action_obligation",
                "recipient_name",
            }
        ),
        transaction_current,
        whole_values=WHOLE_VALUES,
    ),
    Layout(
        "usaspending_contracts_transactions_2018",
        "src_us_transactions",
        frozenset(
            {
                "award_id_piid",
                "modification_number",
                "federal_action_obligation",
                "recipient_duns",
                "recipient_name",
                "action_date",
            }
        ),
        transaction_2018,
        absent_columns=frozenset({"contract_transaction_unique_key"}),
        whole_values=WHOLE_VALUES,
    ),
    Layout(
        "usaspending_contracts_award_summaries",
        "src_us_awards",
        frozenset(
            {
                "contract_award_unique_key",
                "award_id_piid",
                "total_obligated_amount",
                "recipient_name",
            }
        ),
        award_summary("contract", "contract_award_unique_key", "award_id_piid"),
        absent_columns=frozenset({"contract_transaction_unique_key"}),
        whole_values=WHOLE_VALUES,
    ),
    Layout(
        "usaspending_assistance_award_summaries",
        "src_us_awards",
        frozenset(
            {
                "assistance_award_unique_key",
                "award_id_fain",
                "total_obligated_amount",
                "recipient_name",
            }
        ),
        award_summary("assistance", "assistance_award_unique_key", "award_id_fain"),
        absent_columns=frozenset({"assistance_transaction_unique_key"}),
        whole_values=WHOLE_VALUES,
    ),
    Layout(
        "usaspending_contracts_subawards",
        "src_us_subawards",
        frozenset({"prime_award_unique_key", "subawardee_name", "subaward_amount"}),
        subaward,
        whole_values=WHOLE_VALUES,
    ),
    Layout(
        "research_curated_parents",
        "src_us_parent_links",
        frozenset({"award_id", "recipient_name", "parent_name", "company_combo"}),
        curated_parent,
    ),
]
