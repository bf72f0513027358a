"""A file proves itself whole before it is stored: a file cut inside a quoted field of its last
row, or a row with a stray quote that swallows the rows after it, loads every whole row and
quarantines the broken one with its lines; the totals equal those of the whole rows.

The files are the first rows of a real API export of ../shared/data, cut or edited here."""

import re
from pathlib import Path

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
