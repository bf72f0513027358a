"""The current 297-column "Contracts_PrimeTransactions" bulk-download layout.

No real file of this layout is in ../shared/data, so one is written here: the header is the
layout's column list (schemas/usaspending/download_columns_by_level_and_file_type.csv, level
transaction_search, file type d1, by position), and the two rows carry the values of two real
transactions of the 2018 export (Spectrum Security Services task orders under GSA schedule
GS07F0313N), with the keys USAspending generates and dates written year first as the current
downloads write them. Only a few columns are filled: parent_award_agency_id is left blank, so the
award key can only come from contract_award_unique_key.
"""

import csv
from datetime import date, datetime
from pathlib import Path

import pytest

FPDS_2018 = "usaspending/fpds_2018_ice/ice_awards_fy13_fy18.csv"
COLUMNS = "schemas/usaspending/download_columns_by_level_and_file_type.csv"
TRANSACTIONS = [("HSCECR11F00021", "P00040"), ("HSCEMD11F00127", "P00003")]
COPIED = [
    "award_id_piid",
    "modification_number",
    "federal_action_obligation",
    "awarding_agency_name",
    "awarding_sub_agency_code",
    "awarding_sub_agency_name",
    "recipient_name",
    "recipient_parent_name",
    "recipient_country_code",
]


def _current_columns(shared_data: Path) -> list[str]:
    with (shared_data / COLUMNS).open(encoding="utf-8", newline="") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if (r["level"], r["file_type"]) == ("transaction_search", "d1")
        ]
    return [r["column_name"] for r in sorted(rows, key=lambda r: int(r["position"]))]


def _records_2018(shared_data: Path) -> tuple[list[str], list[list[str]]]:
    with (shared_data / FPDS_2018).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        wanted = [
            row
            for row in reader
            if (row[header.index("award_id_piid")], row[header.index("modification_number")])
            in TRANSACTIONS
        ]
    return header, wanted


def _as_current(row: dict[str, str]) -> dict[str, str]:
    piid, mod, parent = row["award_id_piid"], row["modification_number"], row["parent_award_id"]
    agency, parent_agency = row["awarding_sub_agency_code"], row["parent_award_agency_id"]
    number = row["transaction_number"]
    return {
        **{column: row[column] for column in COPIED},
        "contract_transaction_unique_key": f"{agency}_{parent_agency}_{piid}_{mod}_{parent}_{number}",
        "contract_award_unique_key": f"CONT_AWD_{piid}_{agency}_{parent}_{parent_agency}",
        "parent_award_id_piid": parent,
        "action_date": datetime.strptime(row["action_date"], "%d/%m/%Y").date().isoformat(),
    }


@pytest.fixture(scope="module")
def current_file(shared_data, tmp_path_factory) -> Path:
    columns = _current_columns(shared_data)
    assert len(columns) == 297
    header_2018, records = _records_2018(shared_data)
    assert len(records) == 2
    path = tmp_path_factory.mktemp("current") / "ice_Contracts_PrimeTransactions_1.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for record in records:
            values = _as_current(dict(zip(header_2018, record, strict=True)))
            writer.writerow([values.get(column, "") for column in columns])
    return path


@pytest.fixture(scope="module")
def current_store(current_file, ingest) -> Path:
    db = current_file.parent / "store.duckdb"
    done = ingest(db, current_file)
    assert done.returncode == 0, done.stderr
    return db


def test_recognised_as_current_contracts_transactions(current_store, current_file, query):
    assert query(current_store, "SELECT path, layout, rows_loaded FROM src_files") == [
        (str(current_file), "usaspending_contracts_transactions", 2)
    ]


def test_award_key_is_the_contract_award_unique_key(current_store, query):
    rows = query(
        current_store,
        "SELECT award_id, parent_award_id, award_key FROM src_us_transactions ORDER BY 1",
    )
    assert rows == [
        ("HSCECR11F00021", "GS07F0313N", "CONT_AWD_HSCECR11F00021_7012_GS07F0313N_4730"),
        ("HSCEMD11F00127", "GS07F0313N", "CONT_AWD_HSCEMD11F00127_7012_GS07F0313N_4730"),
    ]


def test_transaction_fields_are_read(current_store, query):
    rows = query(
        current_store,
        "SELECT recipient_name, recipient_country, amount_usd, action_date "
        "FROM src_us_transactions WHERE award_id = 'HSCECR11F00021'",
    )
    assert rows == [("SPECTRUM SECURITY SERVICES, INC.", "US", 1314441.64, date(2013, 9, 20))]


def test_same_transaction_from_the_2018_export_counts_once(
    shared_data, current_file, tmp_path, ingest, query
):
    header, records = _records_2018(shared_data)
    export_2018 = tmp_path / "ice_awards_2018_excerpt.csv"
    with export_2018.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows([header, *records])
    db = tmp_path / "store.duckdb"
    done = ingest(db, export_2018, current_file)
    assert done.returncode == 0
    assert (
        f"{current_file}: usaspending_contracts_transactions: 2 rows, 0 new, 2 already stored"
        in (done.stderr)
    )
    assert query(db, "SELECT count(*) FROM src_us_transactions") == [(2,)]
