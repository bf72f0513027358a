"""Bad input: a bad row is quarantined with its line and the rest of the file loads; a file that
cannot be read stops the command with a clear message and leaves the store as it was.

The files are written here from a few real rows of ../shared/data, with the defect added.
"""

import csv
import io
from pathlib import Path

import pytest

FY2025 = "usaspending/api_transactions_cbp_ice/CBP_ICE_FY2025_Contract_Obligations.csv"
FY2026 = "usaspending/api_transactions_cbp_ice/CBP_ICE_FY2026_Contract_Obligations.csv"
SUBAWARDS = "usaspending/subawards/ice_all_Contracts_Subawards_2025-03-28_H03M23S17_1.csv"
UMN = (
    "usaspending/prime_award_summaries/"
    "ice_umn_Contracts_PrimeAwardSummaries_2025-03-28_H02M59S08_1.csv"
)
SEMA = "sanctions/sema-lmes.xml"


def _head(path: Path, records: int) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [row for _, row in zip(range(records), reader, strict=False)]


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    return path


def _api_lines(path: Path, records: int) -> bytes:
    """The header and the first `records` physical lines of a real API export, as bytes."""
    with path.open("rb") as handle:
        return b"".join(handle.readline() for _ in range(records + 1))


def _api_with_latin1(path: Path, records: int) -> bytes:
    """The first records of a real API export, the last one with French written in
    Windows-1252 in its description, as a spreadsheet re-save leaves it in a UTF-8 file."""
    header, rows = _head(path, records)
    rows[-1][header.index("Transaction Description")] += " (Société)"
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows([header, *rows])
    return text.getvalue().encode("utf-8").replace("é".encode(), "é".encode("cp1252"))


@pytest.fixture
def store_with_earlier_ingest(tmp_path, shared_data, ingest) -> Path:
    db = tmp_path / "store.duckdb"
    assert ingest(db, shared_data / UMN).returncode == 0
    return db


# --- rows that cannot be stored


@pytest.fixture(scope="module")
def quarantine_run(shared_data, tmp_path_factory, ingest):
    # The first ten real subawards: two of them span two lines (quoted line breaks), so the
    # damaged rows start on lines 12 and 13, not 10 and 11.
    header, rows = _head(shared_data / SUBAWARDS, 10)
    rows[8] = rows[8][:-1]  # the line was cut short
    rows[9][header.index("subaward_amount")] = "56,8OO.00"  # letter O typed for zero
    root = tmp_path_factory.mktemp("quarantine")
    path = _write(root / "ice_subawards_damaged.csv", [header, *rows])
    assert path.read_bytes().count(b"\n") == 1 + 10 + 2
    db = root / "store.duckdb"
    return path, db, ingest(db, path)


def test_row_with_wrong_number_of_fields_is_quarantined_at_its_line(
    quarantine_run, query, find_line
):
    path, db, done = quarantine_run
    assert done.returncode == 0
    line = find_line(path, ",21-005 TO 0001,")
    rows = query(
        db, "SELECT source_row, reason, action FROM src_quarantine WHERE source_row = ?", line
    )
    assert rows == [(line, "expected 118 fields, found 117", "rejected")]


def test_row_with_garbage_amount_is_quarantined_at_its_line(quarantine_run, query, find_line):
    path, db, _ = quarantine_run
    line = find_line(path, ",21-005 TO 0002,")
    rows = query(db, "SELECT source_file, reason FROM src_quarantine WHERE source_row = ?", line)
    assert len(rows) == 1
    assert rows[0][0] == str(path)
    assert "subaward_amount" in rows[0][1] and "56,8OO.00" in rows[0][1]


def test_good_rows_around_bad_ones_are_loaded_and_counted(quarantine_run, query):
    path, db, done = quarantine_run
    assert f"{path}: usaspending_contracts_subawards: 10 rows, 8 new, 0 already stored, " in (
        done.stderr
    )
    assert "2 quarantined (see table src_quarantine)" in done.stderr
    assert query(db, "SELECT count(*) FROM src_us_subawards WHERE source_file = ?", str(path)) == [
        (8,)
    ]
    assert query(db, "SELECT count(*) FROM src_us_subawards WHERE sub_name = 'SYNOVIX, INC.'") == [
        (0,)
    ]


# --- files that cannot be read


def _assert_clean_failure(done, path: Path, problem: str) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert str(path) in errors[0] and problem in errors[0]


def test_csv_with_invalid_utf8_stops_and_leaves_store_as_before(
    tmp_path, shared_data, ingest, src_counts, store_with_earlier_ingest
):
    db, folder = store_with_earlier_ingest, tmp_path / "downloads"
    folder.mkdir()
    good = folder / "a_fy2026.csv"
    good.write_bytes(_api_lines(shared_data / FY2026, 3))
    # 60 good rows first: the damage lies well past the first block the reader decodes
    bad = folder / "b_fy2025.csv"
    bad.write_bytes(_api_with_latin1(shared_data / FY2025, 61))
    before = src_counts(db)

    done = ingest(db, folder)

    assert f"{good}: usaspending_api_transactions: 3 rows, 3 new" in done.stderr
    _assert_clean_failure(done, bad, "UTF-8")
    assert src_counts(db) == before


def test_small_csv_with_invalid_utf8_is_not_skipped_silently(
    tmp_path, shared_data, ingest, src_counts, store_with_earlier_ingest
):
    db = store_with_earlier_ingest
    bad = tmp_path / "fy2025_excerpt.csv"
    bad.write_bytes(_api_with_latin1(shared_data / FY2025, 4))
    before = src_counts(db)

    done = ingest(db, bad)

    _assert_clean_failure(done, bad, "UTF-8")
    assert src_counts(db) == before


def test_invalid_utf8_message_gives_the_damaged_line(tmp_path, shared_data, ingest):
    bad = tmp_path / "fy2025_excerpt.csv"
    bad.write_bytes(_api_with_latin1(shared_data / FY2025, 61))

    done = ingest(tmp_path / "store.duckdb", bad)

    _assert_clean_failure(done, bad, "line 62")


def test_broken_sanctions_xml_stops_and_leaves_store_as_before(
    tmp_path, shared_data, ingest, src_counts, store_with_earlier_ingest
):
    db, folder = store_with_earlier_ingest, tmp_path / "downloads"
    folder.mkdir()
    good = folder / "a_fy2026.csv"
    good.write_bytes(_api_lines(shared_data / FY2026, 3))
    # the list cut off mid-record, as an interrupted download leaves it
    with (shared_data / SEMA).open("rb") as handle:
        head = b"".join(handle.readline() for _ in range(160))
    assert head.count(b"<record>") > head.count(b"</record>") >= 20
    broken = folder / "sema-lmes.xml"
    broken.write_bytes(head)
    before = src_counts(db)

    done = ingest(db, folder)

    assert f"{good}: usaspending_api_transactions: 3 rows, 3 new" in done.stderr
    _assert_clean_failure(done, broken, "broken XML")
    assert src_counts(db) == before


def test_path_that_does_not_exist_is_a_clear_error(
    tmp_path, shared_data, ingest, src_counts, store_with_earlier_ingest
):
    db = store_with_earlier_ingest
    missing = tmp_path / "CBP_ICE_FY2027_Contract_Obligations.csv"
    before = src_counts(db)

    done = ingest(db, shared_data / FY2026, missing)

    _assert_clean_failure(done, missing, "no such file")
    assert src_counts(db) == before
