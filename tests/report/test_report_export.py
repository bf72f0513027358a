"""`iceout export` as a user runs it over the full store (built_store): each file is read back
with the field's own library (openpyxl, followthemoney) and counted against exposure.json."""

import csv
import dataclasses
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from followthemoney import model
from typer.testing import CliRunner

from iceout import db
from iceout.cli import app
from iceout.report.exposure import build_exposure
from iceout.report.xlsx_out import write_xlsx
from iceout.screen.policy import Policy

ICEOUT = str(Path(sys.executable).parent / "iceout")
SHEETS = ["summary", "families", "US awards", "Canadian records", "links", "coverage"]


def _export(built_store: dict, tmp_path: Path, fmt: str, *options: str) -> Path:
    path = tmp_path / f"export.{fmt}"
    args = ["export", "--db", str(built_store["db"]), "--format", fmt, "--output", str(path)]
    result = CliRunner().invoke(app, [*args, *options])
    assert result.exit_code == 0, result.output
    return path


def _everyone(exposure: dict) -> list[dict]:
    return exposure["families"] + exposure["no_obligations"]


def _rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_xlsx_has_a_sheet_per_table_and_every_record(built_store: dict, tmp_path: Path) -> None:
    exposure = built_store["exposure"]
    book = openpyxl.load_workbook(_export(built_store, tmp_path, "xlsx"))
    assert book.sheetnames == SHEETS
    families = _rows(book["families"])
    assert [f["family_id"] for f in families] == [f["family_id"] for f in _everyone(exposure)]
    records = _rows(book["Canadian records"])
    assert len(records) == sum(len(f["canadian_records"]) for f in _everyone(exposure))
    assert all(r["kind"] and r["source"] for r in records)
    assert len(_rows(book["US awards"])) == sum(len(f["us_awards"]) for f in _everyone(exposure))
    summary = {row["item"]: row for row in _rows(book["summary"])}
    for total in exposure["summary"]["canadian"]:  # one line per kind, never a grand total
        line = summary[f"Canada, {total['label']} (CAD)"]
        assert line["value"] == pytest.approx(total["value_cad"])
        assert line["records"] == total["records"]
    garda = next(f for f in families if f["family_id"] == "gardaworld")
    assert isinstance(garda["us_obligations_usd"], float) and garda["canadian_contract_cad"] > 0
    links = _rows(book["links"])
    assert any(link["explanation"] for link in links if link["family_id"] == "gardaworld")
    assert _rows(book["coverage"])


def test_xlsx_writes_a_formula_lookalike_name_as_inert_text(
    built_store: dict, tmp_path: Path
) -> None:
    exposure = build_exposure(db.overlay(built_store["db"]), Policy())
    evil = '=HYPERLINK("http://example.com","x")'
    first = dataclasses.replace(exposure.families[0], family=evil, names=["@SUM(1+1)"])
    path = tmp_path / "evil.xlsx"
    write_xlsx(dataclasses.replace(exposure, families=[first, *exposure.families[1:]]), path)
    sheet = openpyxl.load_workbook(path)["families"]
    name = sheet.cell(row=2, column=2)
    assert name.data_type == "s" and name.value == "'" + evil
    amount = sheet.cell(row=2, column=5)
    assert amount.data_type == "n"


def test_ftm_entities_read_back_and_match_the_report(built_store: dict, tmp_path: Path) -> None:
    exposure = built_store["exposure"]
    path = _export(built_store, tmp_path, "ftm")
    proxies = [
        model.get_proxy(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()
    ]
    schemata = Counter(p.schema.name for p in proxies)
    awards = sum(len(f["us_awards"]) for f in _everyone(exposure))
    kinds = Counter(r["kind"] for f in _everyone(exposure) for r in f["canadian_records"])
    assert schemata["Contract"] == schemata["ContractAward"] == awards + kinds["contract"]
    assert schemata["Payment"] == sum(kinds.values()) - kinds["contract"]
    assert schemata["PublicBody"] > 10 and schemata["UnknownLink"] > 0
    assert len({p.id for p in proxies}) == len(proxies)
    ids = {p.id for p in proxies}
    for proxy in proxies:
        if proxy.schema.name in ("Contract", "Payment"):
            assert proxy.get("sourceUrl") and proxy.get("publisher")
            assert "source: " in " ".join(proxy.get("notes", quiet=True) + proxy.get("summary"))
        for prop in ("authority", "payer", "beneficiary", "supplier", "contract"):
            if prop in proxy.schema.properties:
                assert set(proxy.get(prop)) <= ids  # no dangling reference
    companies = {p.first("name") for p in proxies if p.schema.name == "Company"}
    assert "GardaWorld" in companies


def test_csv_has_a_bom_and_one_row_per_family(built_store: dict, tmp_path: Path) -> None:
    path = _export(built_store, tmp_path, "csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["family_id"] for r in rows] == [
        f["family_id"] for f in _everyone(built_store["exposure"])
    ]
    assert "canadian_contract_cad" in rows[0] and "canadian_vendor_year_cad" in rows[0]


def test_ice_scope_exports_fewer_families_and_leaves_the_store_alone(
    built_store: dict, tmp_path: Path, query
) -> None:
    before = query(built_store["db"], "SELECT count(*) FROM wl_families")
    path = _export(built_store, tmp_path, "csv", "--scope", "ice", "--from", "2020-01-01")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        ice = [r["family_id"] for r in csv.DictReader(handle)]
    assert 0 < len(ice) < len(_everyone(built_store["exposure"]))
    assert query(built_store["db"], "SELECT count(*) FROM wl_families") == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf", "--output", "x.pdf"], "--format must be one of xlsx, ftm, csv"),
        (["--format", "csv", "--output", "/no/such/dir/x.csv"], "its folder does not exist"),
        (["--format", "csv", "--output", "x.csv", "--scope", "cia"], "scope must be one of"),
    ],
)
def test_a_mistake_ends_in_a_clear_message(
    built_store: dict, tmp_path: Path, args: list[str], message: str
) -> None:
    done = subprocess.run(
        [ICEOUT, "export", "--db", str(built_store["db"]), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


def test_a_missing_store_is_named(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            ICEOUT,
            "export",
            "--db",
            str(tmp_path / "none.duckdb"),
            "--format",
            "csv",
            "--output",
            str(tmp_path / "x.csv"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2 and "no such database" in done.stderr


def test_a_store_held_by_another_process_is_explained(tmp_path: Path) -> None:
    store = tmp_path / "held.duckdb"
    held = db.connect(store)  # as `iceout serve` holds its store
    try:
        done = subprocess.run(
            [
                ICEOUT,
                "export",
                "--db",
                str(store),
                "--format",
                "csv",
                "--output",
                str(tmp_path / "x.csv"),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        held.close()
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "is in use by another process (iceout serve?)" in done.stderr
