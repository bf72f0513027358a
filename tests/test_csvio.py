"""Spreadsheets in (iceout/csvio.py): files written here the way spreadsheets save them, from
real vendor names (../shared/data/canada/vendor_names and the CCC profiles' French names)."""

import csv
from pathlib import Path

import pytest

from iceout.csvio import read_rows, read_table
from iceout.errors import InputError

VENDOR_NAMES = "canada/vendor_names/current_contracts_all_vendor_names_2022-07-09.csv"
FRENCH = ["Groupe de Sécurité Garda Inc.", "Société de transport de Montréal", "Hôpital Général"]


def _real_names(shared_data: Path, count: int = 50) -> list[str]:
    with (shared_data / VENDOR_NAMES).open(encoding="utf-8") as handle:
        return [
            row["d_vendor_name"]
            for _, row in zip(range(count), csv.DictReader(handle), strict=False)
        ]


def _write(path: Path, header: list[str], rows: list[list[str]], sep: str, encoding: str) -> str:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=sep, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


@pytest.mark.parametrize(
    ("sep", "encoding", "label"),
    [
        (",", "utf-8", "UTF-8"),
        (",", "utf-8-sig", "UTF-8"),
        (";", "cp1252", "Windows-1252"),
        ("\t", "utf-8-sig", "UTF-8"),
        (";", "utf-8", "UTF-8"),
    ],
)
def test_reads_real_names_whatever_the_separator_and_encoding(
    shared_data: Path, tmp_path: Path, sep: str, encoding: str, label: str
) -> None:
    names = _real_names(shared_data) + FRENCH + ["Smith; Jones & Co, Ltd"]
    path = _write(
        tmp_path / "vendors.csv",
        ["Vendor Name", "Ref"],
        [[n, f"r{i}"] for i, n in enumerate(names)],
        sep,
        encoding,
    )
    table = read_table(path)
    assert table.encoding == label and table.delimiter == sep
    column = table.column("vendor name")
    assert [row[column] for row in table.rows] == names
    assert table.keyed({"name": column})[-4]["name"] == "Groupe de Sécurité Garda Inc."


def test_header_of_any_case_is_found(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text("NAME1,Name2\nGARDA,Garda World\n", encoding="utf-8")
    columns, rows = read_rows(str(path), ("name1", "name2"))
    assert columns == ["NAME1", "Name2"]
    assert rows == [
        {"NAME1": "GARDA", "Name2": "Garda World", "name1": "GARDA", "name2": "Garda World"}
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name\nGARDA\n\x81\x8d\n", "line 3: neither UTF-8 nor Windows-1252"),
        (b"name,ref\nGARDA,1\nA, B Inc,2\n", "line 3: 3 values for 2 columns"),
        (b'name\nCGI\n"GARDA\nCGI\n', "line 3: a quote opened here is never closed"),
        (b'name\nCGI\n"GARDA"x\n', "line 3"),
        (b"PK\x03\x04rest-of-a-zip", "Excel workbook"),
        (b"name\nGA\x00RDA\n", "line 2: not a text file"),
        (b"vendor\nGARDA\n", "line 1: missing column(s) name (found: vendor)"),
        (b"\n\n", "line 1: no header"),
    ],
)
def test_a_file_that_cannot_be_read_names_the_line(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_rows(str(path), ("name",))
    assert message in raised.value.message and str(path) in raised.value.message
