"""Grants and contributions (open.canada.ca): every amendment is stored, the normalised view
keeps the current one.

No real rows of the published grants file could be obtained (../shared/data/README.md), so the
file is written here in its published form: the columns of schemas/open_canada/grants.yaml in
order plus owner_org and owner_org_title, UTF-8 with BOM, CRLF after the header and LF after
data rows, one row per amendment. The recipients are real organisations (the Canadian Red
Cross Society, whose charity BN is 119219814 RR 0001, and the Centre multiethnique de Québec);
the agreements are illustrative.
"""

import csv
import io
from pathlib import Path

import pytest
import yaml

from iceout.db import connect
from iceout.normalize.tables import build_normalized

OWNER_ORG = "ircc"
OWNER_ORG_TITLE = (
    "Immigration, Refugees and Citizenship Canada | Immigration, Réfugiés et Citoyenneté Canada"
)
RED_CROSS = "Société canadienne de la Croix-Rouge"
CENTRE = "Centre multiethnique de Québec"
AGREEMENT = "159-2023-2024-Q4-00042"
OTHER = "159-2024-2025-Q1-00007"
# (ref_number, amendment_number, amendment_date, legal name, BN as written, agreement_value)
ROWS = [
    (AGREEMENT, "0", "", RED_CROSS, "119219814RR0001", "1000000.00"),
    (AGREEMENT, "1", "2024-06-03", RED_CROSS, "119219814RR0001", "1250000.00"),
    (AGREEMENT, "2", "2025-01-15", RED_CROSS, "119219814RR0001", "1475000.00"),
    (OTHER, "0", "", CENTRE, "", "240000.00"),
]


def _grants_columns(shared_data: Path) -> list[str]:
    schema = yaml.safe_load((shared_data / "schemas/open_canada/grants.yaml").read_text("utf-8"))
    grants = next(r for r in schema["resources"] if r["resource_name"] == "grants")
    return [field["datastore_id"] for field in grants["fields"]] + ["owner_org", "owner_org_title"]


def _row(columns: list[str], ref, amendment, amended, name, bn, value) -> list[str]:
    values = {
        "ref_number": ref,
        "amendment_number": amendment,
        "amendment_date": amended,
        "agreement_type": "C",
        "recipient_type": "N",
        "recipient_business_number": bn,
        "recipient_legal_name": name,
        "recipient_country": "CA",
        "recipient_province": "QC" if name == CENTRE else "ON",
        "recipient_city": "Québec" if name == CENTRE else "Ottawa",
        "prog_name_en": "Resettlement Assistance Program",
        "prog_name_fr": "Programme d'aide à la réinstallation",
        "agreement_value": value,
        "agreement_start_date": "2024-04-01",
        "agreement_end_date": "2027-03-31",
        "owner_org": OWNER_ORG,
        "owner_org_title": OWNER_ORG_TITLE,
    }
    return [values.get(column, "") for column in columns]


@pytest.fixture(scope="module")
def grants_file(shared_data, tmp_path_factory) -> Path:
    columns = _grants_columns(shared_data)
    body = io.StringIO()
    csv.writer(body, lineterminator="\n").writerows(_row(columns, *row) for row in ROWS)
    path = tmp_path_factory.mktemp("grants") / "grants.csv"
    path.write_bytes(("\ufeff" + ",".join(columns) + "\r\n" + body.getvalue()).encode("utf-8"))
    return path


@pytest.fixture(scope="module")
def grants_store(grants_file, ingest) -> Path:
    db = grants_file.parent / "store.duckdb"
    done = ingest(db, grants_file)
    assert done.returncode == 0, done.stderr
    with connect(db) as con:
        build_normalized(con)
    return db


def test_file_is_recognised_as_grants(grants_store, grants_file, query):
    assert query(grants_store, "SELECT path, layout, rows_read, rows_loaded FROM src_files") == [
        (str(grants_file), "open_canada_grants", 4, 4)
    ]


def test_every_amendment_is_stored_on_its_line(grants_store, query):
    rows = query(
        grants_store,
        "SELECT reference, amendment, value_cad, source_row FROM src_ca_records "
        "WHERE kind = 'grant' ORDER BY source_row",
    )
    assert rows == [
        (AGREEMENT, "0", 1000000.0, 2),
        (AGREEMENT, "1", 1250000.0, 3),
        (AGREEMENT, "2", 1475000.0, 4),
        (OTHER, "0", 240000.0, 5),
    ]


def test_normalised_view_keeps_only_the_highest_amendment(grants_store, query):
    rows = query(
        grants_store,
        "SELECT reference, amendment, value_cad FROM nrm_ca_records "
        "WHERE kind = 'grant' ORDER BY reference",
    )
    assert rows == [(AGREEMENT, "2", 1475000.0), (OTHER, "0", 240000.0)]


def test_business_number_is_stored_as_nine_digits(grants_store, query):
    rows = query(
        grants_store,
        "SELECT DISTINCT reference, business_number FROM src_ca_records ORDER BY reference",
    )
    assert rows == [(AGREEMENT, "119219814"), (OTHER, None)]


def test_french_names_keep_their_accents(grants_store, query):
    rows = query(grants_store, "SELECT DISTINCT vendor_name FROM src_ca_records ORDER BY 1")
    assert rows == [(CENTRE,), (RED_CROSS,)]
