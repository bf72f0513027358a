"""`iceout ingest ../shared/data`: every real publisher layout is recognised and loaded into its
table with provenance; files that are not publisher data are skipped with a warning."""

import hashlib
from datetime import date

import pytest

API = "usaspending/api_transactions_cbp_ice"
FY2026 = f"{API}/CBP_ICE_FY2026_Contract_Obligations.csv"
FPDS_2018 = "usaspending/fpds_2018_ice/ice_awards_fy13_fy18.csv"
SUMMARIES = "usaspending/prime_award_summaries"
MINNESOTA = f"{SUMMARIES}/ice_minnesota_Contracts_PrimeAwardSummaries_2025-03-21_H19M57S23_1.csv"
UMN = f"{SUMMARIES}/ice_umn_Contracts_PrimeAwardSummaries_2025-03-28_H02M59S08_1.csv"
ASSISTANCE = f"{SUMMARIES}/ice_all_Assistance_PrimeAwardSummaries_2025-03-28_H03M23S01_1.csv"
SUBAWARDS = "usaspending/subawards/ice_all_Contracts_Subawards_2025-03-28_H03M23S17_1.csv"
MN_SUBAWARDS = "usaspending/subawards/ice_minnesota_Contracts_Subawards_2025-03-21_H19M57S41_1.csv"
CURATED = "usaspending/ice_awards_2018_curated_parents.csv"
CURRENT = "canada/current_layout/contracts_current_layout_cbsa_cic_ps.csv"
LEGACY = "canada/legacy_contracts/contracts_1999_2015_69_departments.csv"
SEMA = "sanctions/sema-lmes.xml"
SEMA_2026 = "sanctions/sema_2026-08-22.derived.csv"
S3 = "canada/public_accounts/section3_professional_special_services"
S6 = "canada/public_accounts/section6_transfer_payments"

# (file, layout, table, data rows as counted in ../shared/data/README.md)
REAL_FILES = [
    (FPDS_2018, "usaspending_contracts_transactions_2018", "src_us_transactions", 5_672),
    (MINNESOTA, "usaspending_contracts_award_summaries", "src_us_awards", 1_369),
    (UMN, "usaspending_contracts_award_summaries", "src_us_awards", 5),
    (ASSISTANCE, "usaspending_assistance_award_summaries", "src_us_awards", 2),
    (SUBAWARDS, "usaspending_contracts_subawards", "src_us_subawards", 482),
    (MN_SUBAWARDS, "usaspending_contracts_subawards", "src_us_subawards", 3),
    (CURATED, "research_curated_parents", "src_us_parent_links", 2_203),
    (CURRENT, "open_canada_contracts", "src_ca_records", 14_449),
    (LEGACY, "open_canada_legacy_contracts", "src_ca_records", 173_676),
    (SEMA, "sema_xml", "src_sanctions", 1_369),
    # the list of 2026-08-22: 110 of its entries are already in the 2020 list, stored from there
    (SEMA_2026, "sema_mirror_csv", "src_sanctions", 5_690),
    # Public Accounts PDFs: rows are the named payee lines of the classes that reconcile
    # (tests/sources/test_ingest_public_accounts.py checks them class by class)
    *[
        (f"{S3}/{name}", "public_accounts_s3", "src_ca_records", rows)
        for name, rows in [
            (
                "2012__Section_3_-_Professional_and_special_services_Revision_No._1_-_November_9,"
                "_2012.pdf",
                6_863,
            ),
            ("2013__Section_3_-_Professional_and_special_services.pdf", 6_364),
            ("2016__Section_3_-_Professional_and_Special_Services.pdf", 6_343),
            ("2022__Volume_III__Section_3_Professional_and_special_services.pdf", 7_550),
            ("2023__Volume_III__Section_3_Professional_and_special_services.pdf", 7_949),
            ("2024__2024-vol3-ds3-eng.pdf", 7_886),
        ]
    ],  # fmt: skip
    *[
        (f"{S6}/{name}", "public_accounts_s6", "src_ca_records", rows)
        for name, rows in [
            ("2012__Section_6_-_Transfer_payments.pdf", 13_292),
            ("2014__Section_6_-_Transfer_Payments.pdf", 12_299),
            ("2015__Section_6_-_Transfer_Payments.pdf", 12_991),
            ("2016__Section_6_-_Transfer_Payments.pdf", 13_480),
        ]
    ],
]


@pytest.mark.parametrize(("relative", "layout", "table", "rows"), REAL_FILES)
def test_real_file_is_read_with_its_layout(
    whole_store, shared_data, query, relative, layout, table, rows
):
    path = str(shared_data / relative)
    assert query(
        whole_store.db, "SELECT layout, rows_read FROM src_files WHERE path = ?", path
    ) == [(layout, rows)]
    assert f"{path}: {layout}: {rows:,} rows" in whole_store.stderr


@pytest.mark.parametrize(("relative", "layout", "table", "rows"), REAL_FILES)
def test_real_file_rows_land_in_their_table(
    whole_store, shared_data, query, relative, layout, table, rows
):
    # every award of the UMN download is also in the Minnesota one, stored from there
    stored_from = shared_data / (MINNESOTA if relative == UMN else relative)
    # table names come from REAL_FILES above, never from input
    stored = query(
        whole_store.db,
        f"SELECT count(*) FROM {table} WHERE source_file = ? AND layout = ?",
        str(stored_from),
        layout,
    )
    assert stored[0][0] > 0


def test_the_six_api_yearly_files_are_api_transactions(whole_store, shared_data, query):
    files = query(
        whole_store.db,
        "SELECT layout, count(*), sum(rows_read) FROM src_files WHERE path LIKE ? GROUP BY 1",
        f"{shared_data / API}/CBP_ICE_FY20%_Contract_Obligations.csv",
    )
    assert files == [("usaspending_api_transactions", 6, 57_476)]


@pytest.mark.parametrize(
    "relative",
    [
        "schemas/open_canada/grants.yaml",
        "schemas/usaspending/download_columns_by_level_and_file_type.csv",
        "canada/vendor_names/vendor_normalization_data.csv",
        "canada/vendor_names/cgi/summary_by_fiscal_year.csv",
        "usaspending/fpds_2018_ice/column_dictionary.csv",
        # a regex parse of the Section 3 PDFs, for cross-checking only: the PDFs are the source
        "canada/public_accounts/pss_payees_FY2021-22_to_FY2023-24.derived.csv",
        "README.md",
    ],
)
def test_file_that_is_not_publisher_data_is_skipped_with_a_warning(
    whole_store, shared_data, query, relative
):
    path = str(shared_data / relative)
    warnings = [line for line in whole_store.stderr.splitlines() if f"] {path}: " in line]
    assert len(warnings) == 1 and "skipped" in warnings[0]
    assert query(whole_store.db, "SELECT count(*) FROM src_files WHERE path = ?", path) == [(0,)]


def test_gardaworld_ice_task_order_is_stored_with_provenance(
    whole_store, shared_data, query, find_line
):
    path = shared_data / FY2026
    line = find_line(path, ",70CDCR26FR0000043,", ",313357612.46,2026-03-06,")
    rows = query(
        whole_store.db,
        """SELECT recipient_name, award_key, sub_agency_code, amount_usd, action_date,
                  source_file, source_row, source_sha256, ingested_at
           FROM src_us_transactions WHERE award_id = ? AND modification = '0'""",
        "70CDCR26FR0000043",
    )
    assert len(rows) == 1
    name, award_key, agency, amount, action_date, source, row, sha, ingested_at = rows[0]
    assert name == "GARDAWORLD FEDERAL SERVICES LLC"
    assert award_key == "CONT_AWD_70CDCR26FR0000043_7012_N0002325D0032_9700"
    assert agency == "7012"  # ICE
    assert (amount, action_date) == (313357612.46, date(2026, 3, 6))
    assert (source, row) == (str(path), line)
    assert sha == hashlib.sha256(path.read_bytes()).hexdigest()
    assert whole_store.started <= ingested_at <= whole_store.finished


def test_source_row_counts_physical_lines_past_multiline_records(
    whole_store, shared_data, query, find_line
):
    # the subawards file has quoted line breaks in descriptions before this record
    path = shared_data / SUBAWARDS
    line = find_line(path, "SECURITY EQUIPMENT CORPORATION", ",1155995,")
    rows = query(
        whole_store.db,
        "SELECT source_file, source_row, amount_usd FROM src_us_subawards "
        "WHERE sub_name = 'SECURITY EQUIPMENT CORPORATION' AND action_date = DATE '2021-09-09'",
    )
    assert rows == [(str(path), line, 35400.0)]


def test_2018_export_keeps_parent_and_reads_day_first_dates(
    whole_store, shared_data, query, find_line
):
    path = shared_data / FPDS_2018
    line = find_line(path, "JSI TELECOM INC.")
    rows = query(
        whole_store.db,
        """SELECT recipient_name, parent_name, recipient_duns, parent_duns, action_date,
                  award_key, source_row
           FROM src_us_transactions WHERE source_file = ? AND recipient_name LIKE 'JSI%'""",
        str(path),
    )
    assert rows == [
        (
            "JSI TELECOM INC.",
            "JATOM SYSTEMS INC",
            "148025380",
            "242694172",
            date(2017, 9, 11),  # written 11/09/2017: D/MM/YYYY
            "CONT_AWD_HSCETC14C00001_7012_-NONE-_-NONE-",
            line,
        )
    ]


def test_minnesota_summary_reads_month_first_two_digit_years(
    whole_store, shared_data, query, find_line
):
    path = shared_data / MINNESOTA
    line = find_line(path, "CONT_AWD_70CDCR18P00000017_7012_-NONE-_-NONE-")
    rows = query(
        whole_store.db,
        """SELECT recipient_name, parent_name, amount_usd, start_date, latest_date, source_row
           FROM src_us_awards WHERE award_id = '70CDCR18P00000017'""",
    )
    # written 12/22/17 and 5/10/23
    assert rows == [
        (
            "WEST PUBLISHING CORPORATION",
            "THOMSON REUTERS (MARKETS) LLC",
            7391976.0,
            date(2017, 12, 22),
            date(2023, 5, 10),
            line,
        )
    ]


def test_assistance_summary_is_an_assistance_award(whole_store, query):
    rows = query(
        whole_store.db,
        "SELECT award_type, award_id, recipient_name, amount_usd FROM src_us_awards "
        "WHERE award_key = 'ASST_NON_18CECYT00002_7012'",
    )
    assert rows == [
        (
            "assistance",
            "18CECYT00002",
            "THE NATIONAL CENTER FOR MISSING AND EXPLOITED CHILDREN",
            1218201.91,
        )
    ]


def test_research_curated_parent_link_is_stored(whole_store, shared_data, query, find_line):
    line = find_line(shared_data / CURATED, "70CDCR18P00000084,Cornell Companies,GEO Group")
    rows = query(
        whole_store.db,
        "SELECT recipient_name, parent_name, source_row FROM src_us_parent_links "
        "WHERE award_id = '70CDCR18P00000084'",
    )
    assert rows == [("Cornell Companies", "GEO Group", line)]


def test_sema_record_is_stored_with_its_aliases_and_line(
    whole_store, shared_data, query, find_line
):
    # the record opens two lines above its <Entity>: <record>, <Country>, <Entity>
    record_line = find_line(shared_data / SEMA, "<Entity>Air Bagan</Entity>") - 2
    rows = query(
        whole_store.db,
        "SELECT kind, name, aliases, country, schedule, item, source_row FROM src_sanctions "
        "WHERE name = 'Air Bagan' AND layout = 'sema_xml'",  # the 2026 list has it too
    )
    assert rows == [
        (
            "entity",
            "Air Bagan",
            ["Air Bagan Holdings Pte. Ltd.", "Air Bagan Limited"],
            "Burma / Birmanie",
            "1",
            "1",
            record_line,
        )
    ]
