"""A file proves itself whole before it is stored: a file cut inside a quoted field of its last
row, inside its last unquoted field, or mid-row, or a row with a stray quote that swallows the
rows after it, loads every whole row and quarantines the broken one with its line; the totals
equal those of the whole rows. Whole files that merely lack a final line break load in full.

The files are the first rows of real files of ../shared/data, cut or edited here in tmp dirs."""

import re
import shutil
from pathlib import Path

import pytest

FY2025 = "usaspending/api_transactions_cbp_ice/CBP_ICE_FY2025_Contract_Obligations.csv"
ROWS = 40  # one physical line per record in this export


def _lines(shared_data: Path) -> list[bytes]:
    with (shared_data / FY2025).open("rb") as handle:
        return [handle.readline() for _ in range(ROWS + 1)]


def _total(query, db: Path) -> tuple[int, float]:
    [(count, total)] = query(db, "SELECT count(*), sum(amount_usd) FROM src_us_transactions")
    return count, round(total or 0.0, 2)


def _quarantined(query, db: Path) -> list[tuple[int, str]]:
    return query(db, "SELECT source_row, reason FROM src_quarantine WHERE action = 'rejected'")


def test_a_file_cut_inside_its_last_field_quarantines_that_row(
    shared_data: Path, tmp_path: Path, ingest, query
) -> None:
    lines = _lines(shared_data)
    last = max(n for n, line in enumerate(lines) if line.count(b'"') == 2)
    cut_at = lines[last].index(b'"') + 5  # inside the quoted description
    cut = tmp_path / "cut.csv"
    cut.write_bytes(b"".join(lines[:last]) + lines[last][:cut_at])
    whole = tmp_path / "whole.csv"
    whole.write_bytes(b"".join(lines[:last]))

    assert ingest(cut_db := tmp_path / "cut.duckdb", cut).returncode == 0
    assert ingest(whole_db := tmp_path / "whole.duckdb", whole).returncode == 0
    assert _total(query, cut_db) == _total(query, whole_db)
    [(line, reason)] = _quarantined(query, cut_db)
    assert line == last + 1 and "ends inside a quoted field" in reason


def test_a_stray_quote_quarantines_the_rows_it_joins(
    shared_data: Path, tmp_path: Path, ingest, query
) -> None:
    lines = _lines(shared_data)
    broken = next(n for n, line in enumerate(lines) if n > 5 and line.count(b'"') == 2)
    opened = lines[broken].rindex(b'"')
    lines[broken] = lines[broken][:opened] + lines[broken][opened + 1 :]  # unclosed quote
    stray = tmp_path / "stray.csv"
    stray.write_bytes(b"".join(lines))

    assert ingest(db := tmp_path / "stray.duckdb", stray).returncode == 0
    [(line, reason)] = _quarantined(query, db)
    first, last = map(int, re.match(r"lines (\d+)-(\d+)", reason).groups())  # type: ignore[union-attr]
    assert line == first == broken + 1 and last > first and "quote opened on line" in reason
    kept = [ln for n, ln in enumerate(lines[1:], 2) if not first <= n <= last]
    whole = tmp_path / "whole.csv"
    whole.write_bytes(lines[0] + b"".join(kept))
    assert ingest(whole_db := tmp_path / "whole.duckdb", whole).returncode == 0
    assert _total(query, db) == _total(query, whole_db)


# (file, table, amount column, rows kept, bytes cut off the last row: inside its last field)
CUT_LAST_FIELD = {
    # a cut award id would put the transaction on a phantom award
    "award id": (FY2025, "src_us_transactions", "amount_usd", 40, 12),
    # a cut amount still reads as an amount: 639981.68 -> 639981
    "amount": (
        "canada/goc_spending_vendors/abb/summary_by_fiscal_year_by_department.csv",
        "src_ca_records",
        "value_cad",
        24,
        3,
    ),
    # a department's name has no fixed form: it must be one other rows hold
    "department name": (
        "canada/current_layout/contracts_current_layout_cbsa_cic_ps.csv",
        "src_ca_records",
        "value_cad",
        60,
        8,
    ),
}


def _copy_with(source: Path, folder: Path, content: bytes) -> Path:
    """`content` under the source's name in `folder`, with the files a vendor folder needs."""
    folder.mkdir()
    for beside in source.parent.glob("original_vendor_names.csv"):
        shutil.copy(beside, folder / beside.name)
    (folder / source.name).write_bytes(content)
    return folder


def _sum(query, db: Path, table: str, column: str) -> tuple[int, float]:
    # table and column names come from this test's own constants
    [(count, total)] = query(db, f"SELECT count(*), round(sum({column}), 2) FROM {table}")
    return count, total


@pytest.mark.parametrize("what", list(CUT_LAST_FIELD))
def test_a_file_cut_inside_its_last_unquoted_field_quarantines_that_row(
    what: str, shared_data: Path, tmp_path: Path, ingest, query
) -> None:
    name, table, column, kept, cut_off = CUT_LAST_FIELD[what]
    source = shared_data / name
    with source.open("rb") as handle:
        lines = [handle.readline() for _ in range(kept + 2)]
    last = lines[-1].rstrip(b"\r\n")
    assert b'"' not in last.rpartition(b",")[2] and len(last.rpartition(b",")[2]) > cut_off
    cut = _copy_with(source, tmp_path / "cut", b"".join(lines[:-1]) + last[:-cut_off])
    whole = _copy_with(source, tmp_path / "whole", b"".join(lines[:-1]))
    unterminated = _copy_with(source, tmp_path / "unterminated", b"".join(lines[:-1]) + last)

    for folder in (cut, whole, unterminated):
        done = ingest(folder / "store.duckdb", folder)
        assert done.returncode == 0, done.stderr
    assert _sum(query, cut / "store.duckdb", table, column) == _sum(
        query, whole / "store.duckdb", table, column
    )
    [(line, reason)] = _quarantined(query, cut / "store.duckdb")
    assert line == kept + 2 and "ends without a line break" in reason and "(cut?)" in reason
    # the same row whole, without a final line break, is proven and stored
    assert _quarantined(query, unterminated / "store.duckdb") == []
    assert (
        _sum(query, unterminated / "store.duckdb", table, column)[0]
        > _sum(query, whole / "store.duckdb", table, column)[0]
    )


def test_a_file_cut_mid_row_without_a_line_break_quarantines_that_row(
    shared_data: Path, tmp_path: Path, ingest, query
) -> None:
    lines = _lines(shared_data)
    last = lines[ROWS]
    cut = tmp_path / "cut.csv"
    cut.write_bytes(b"".join(lines[:ROWS]) + last[: last.index(b",20") + 1])  # before the date
    whole = tmp_path / "whole.csv"
    whole.write_bytes(b"".join(lines[:ROWS]))

    assert ingest(cut_db := tmp_path / "cut.duckdb", cut).returncode == 0
    assert ingest(whole_db := tmp_path / "whole.duckdb", whole).returncode == 0
    assert _total(query, cut_db) == _total(query, whole_db)
    [(line, reason)] = _quarantined(query, cut_db)
    assert line == ROWS + 1 and "in the middle of its last row (5 of 10 fields" in reason


@pytest.mark.parametrize(
    "name, rows",
    [
        ("canada/current_layout/goc_spending_testing/2022-04-13-sample-contracts.csv", 22),
        (
            "usaspending/prime_award_summaries/"
            "ice_minnesota_Contracts_PrimeAwardSummaries_2025-03-21_H19M57S23_1.csv",
            1369,
        ),
    ],
)
def test_published_files_without_a_final_line_break_load_every_row(
    name: str, rows: int, shared_data: Path, tmp_path: Path, ingest, query
) -> None:
    path = shared_data / name  # read in place
    assert not path.read_bytes().endswith(b"\n")
    assert ingest(db := tmp_path / "s.duckdb", path).returncode == 0
    [(read, quarantined)] = query(db, "SELECT rows_read, rows_quarantined FROM src_files")
    assert (read, quarantined) == (rows, 0)
    assert _quarantined(query, db) == []
