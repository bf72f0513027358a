"""The same record published twice is stored once: the current Canadian contracts layout
republishes legacy rows, USAspending yearly downloads overlap, a file may be given twice."""

import csv
from pathlib import Path

LEGACY = "canada/legacy_contracts/contracts_1999_2015_69_departments.csv"
CURRENT = "canada/current_layout/contracts_current_layout_cbsa_cic_ps.csv"
API = "usaspending/api_transactions_cbp_ice"
UMN = (
    "usaspending/prime_award_summaries/"
    "ice_umn_Contracts_PrimeAwardSummaries_2025-03-28_H02M59S08_1.csv"
)


def test_current_layout_adds_nothing_after_the_legacy_file(legacy_first_store, shared_data, query):
    path = str(shared_data / CURRENT)
    assert f"{path}: open_canada_contracts: 14,449 rows, 0 new, 14,449 already stored" in (
        legacy_first_store.stderr
    )
    assert query(legacy_first_store.db, "SELECT count(*) FROM src_ca_records") == query(
        legacy_first_store.db,
        "SELECT count(*) FROM src_ca_records WHERE layout = 'open_canada_legacy_contracts'",
    )


def test_legacy_file_after_the_current_layout_adds_only_what_that_lacks(
    whole_store, legacy_first_store, query
):
    # whole_store reads the current layout first (canada/current_layout sorts before legacy):
    # apart from the real current-layout rows of other departments (GoC-Spending's test
    # files, goc_spending_testing/, which the legacy file does not cover) it ends up with
    # exactly the contracts of the legacy file alone
    stored = "SELECT count(*) FROM src_ca_records WHERE kind = 'contract'"
    other = f"{stored} AND source_file LIKE '%/goc_spending_testing/%'"
    from_legacy = f"{stored} AND layout = 'open_canada_legacy_contracts'"
    [(everything,)], [(others,)] = query(whole_store.db, stored), query(whole_store.db, other)
    assert others > 0
    assert [(everything - others,)] == query(legacy_first_store.db, from_legacy)


def test_garda_cbsa_contract_is_stored_once_whichever_file_comes_first(
    whole_store, legacy_first_store, query
):
    sql = "SELECT vendor_name, value_cad, record_date FROM src_ca_records WHERE reference = ?"
    first_current = query(whole_store.db, sql, "4747771444")
    first_legacy = query(legacy_first_store.db, sql, "4747771444")
    assert len(first_current) == 1
    assert first_current == first_legacy


def test_same_file_twice_adds_nothing_and_says_so(tmp_path, shared_data, ingest, src_counts):
    db, path = tmp_path / "store.duckdb", shared_data / UMN
    assert ingest(db, path).returncode == 0
    before = src_counts(db)
    again = ingest(db, path)
    assert again.returncode == 0
    assert f"{path}: skipped (already ingested" in again.stderr
    assert "0 new records" in again.stderr
    assert src_counts(db) == before


def test_same_file_twice_in_one_command_is_read_once(tmp_path, shared_data, ingest, query):
    db, path = tmp_path / "store.duckdb", shared_data / UMN
    done = ingest(db, path, path)
    assert done.returncode == 0
    assert "5 new records" in done.stderr
    assert query(db, "SELECT count(*) FROM src_us_awards") == [(5,)]


def _real_records(source: Path, keep) -> tuple[list[str], list[list[str]]]:
    """The header and the records of a real CSV file for which keep(row as dict) is true."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [row for row in reader if keep(dict(zip(header, row, strict=True)))]


def test_overlapping_yearly_downloads_count_a_transaction_once(
    tmp_path, shared_data, ingest, query
):
    fy2026 = shared_data / API / "CBP_ICE_FY2026_Contract_Obligations.csv"
    fy2025 = shared_data / API / "CBP_ICE_FY2025_Contract_Obligations.csv"
    # A later download overlapping FY2026: GardaWorld's Surprise, AZ task order (5 transactions,
    # all in the FY2026 file) and the base award of JSI Telecom's wiretap contract (FY2025 only).
    header, garda = _real_records(fy2026, lambda r: r["Award ID"] == "70CDCR26FR0000043")
    _, jsi = _real_records(
        fy2025, lambda r: r["Award ID"] == "70CMSD25P00000018" and r["Modification"] == "0"
    )
    assert (len(garda), len(jsi)) == (5, 1)
    redownload = tmp_path / "CBP_ICE_2026-03_redownload.csv"
    with redownload.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\r\n").writerows([header, *garda, *jsi])

    db = tmp_path / "store.duckdb"
    done = ingest(db, fy2026, redownload)
    assert done.returncode == 0
    assert f"{redownload}: usaspending_api_transactions: 6 rows, 1 new, 5 already stored" in (
        done.stderr
    )
    by_file = query(
        db,
        "SELECT award_id, source_file, count(*), sum(amount_usd) FROM src_us_transactions "
        "WHERE award_id = '70CDCR26FR0000043' OR (award_id = '70CMSD25P00000018' "
        "AND modification = '0') GROUP BY ALL ORDER BY 1",
    )
    assert by_file == [
        ("70CDCR26FR0000043", str(fy2026), 5, 313357612.46),
        ("70CMSD25P00000018", str(redownload), 1, 7250950.0),
    ]


def test_award_in_two_summary_downloads_is_stored_once(whole_store, shared_data, query):
    # the UMN download repeats 5 Minnesota awards, written '16000.00' and '2020-05-07'
    # where the Minnesota file has '16000' and '5/7/20'
    assert query(
        whole_store.db,
        "SELECT rows_loaded, rows_duplicate FROM src_files WHERE path = ?",
        str(shared_data / UMN),
    ) == [(0, 5)]
    rows = query(
        whole_store.db,
        "SELECT amount_usd, start_date FROM src_us_awards "
        "WHERE award_key = 'CONT_AWD_70CDCR20P00000053_7012_-NONE-_-NONE-'",
    )
    assert [(amount, str(start)) for amount, start in rows] == [(16000.0, "2020-05-07")]
