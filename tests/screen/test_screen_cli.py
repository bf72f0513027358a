"""`iceout screen` and `iceout pairs` as a user runs them: files or stdin/stdout, every row
back in order, a decision and a sentence to check for each."""

import csv
import io
import subprocess
import sys
from pathlib import Path

import duckdb

ICEOUT = str(Path(sys.executable).parent / "iceout")


def _run(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([ICEOUT, *args], input=stdin, capture_output=True, text=True, timeout=300)


def test_screen_keeps_every_row_in_order_and_explains_hits(
    built_store: dict, tmp_path: Path
) -> None:
    source = tmp_path / "vendors.csv"
    rows = [
        {"name": "Garda du Canada inc", "id": "v1"},
        {"name": "MCGILL UNIVERSITY", "id": "v2"},
        {"name": "", "id": "v3"},
        {"name": "HSI Ottawa", "id": "v4"},
        {"name": "U.S. Immigration and Customs Enforcement", "id": "v5"},
        {"name": "Garda du Canada inc", "id": "v6"},
        {"name": "THE THOMSEN CORPORATION", "id": "v7"},
    ]
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["name", "id"])
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "out.csv"
    done = _run(
        ["screen", "--db", str(built_store["db"]), "--input", str(source), "--output", str(out)]
    )
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8") as handle:
        result = list(csv.DictReader(handle))
    assert [r["id"] for r in result] == [r["id"] for r in rows]
    by_id = {r["id"]: r for r in result}
    garda = by_id["v1"]
    assert garda["decision"] == "match" and garda["family"] == "GardaWorld"
    assert int(garda["evidence"]) >= 1 and "legal form" in garda["explanation"]
    assert by_id["v6"]["decision"] == "match"
    for clear in ("v2", "v3", "v7"):
        assert by_id[clear]["decision"] == "clear", by_id[clear]
    for agency in ("v4", "v5"):
        assert by_id[agency]["decision"] == "match"
        assert by_id[agency]["family"] == "U.S. Immigration and Customs Enforcement"
        assert "government body" in by_id[agency]["explanation"]
    assert "screened 7 rows" in done.stderr


def test_screen_reads_stdin_and_writes_stdout(built_store: dict) -> None:
    done = _run(
        ["screen", "--db", str(built_store["db"]), "--input", "-"],
        stdin="name\nCGI INFORMATION SYSTEMS &amp; MGMT.CONS\n",
    )
    assert done.returncode == 0, done.stderr
    (row,) = list(csv.DictReader(io.StringIO(done.stdout)))
    assert row["decision"] == "match" and row["family"] == "CGI" and row["explanation"]


def test_screen_without_a_name_column_says_so(built_store: dict, tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("vendor\nGARDA\n", encoding="utf-8")
    done = _run(["screen", "--db", str(built_store["db"]), "--input", str(source)])
    assert done.returncode == 2
    assert "missing column(s) name" in done.stderr and "Traceback" not in done.stderr


def test_pairs_adds_a_score_and_decision_to_each_row() -> None:
    pairs = (
        "name1,name2\nOAO Gazprom,Open Joint Stock Company Gazprom\nTHOMSEN,THOMSON\nBAER,BAKER\n"
    )
    done = _run(["pairs", "--input", "-"], stdin=pairs)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["decision"] for r in rows] == ["match", "clear", "clear"]
    assert "legal forms" in rows[0]["explanation"]


def test_an_identifier_settles_a_match_whatever_the_name(built_store: dict) -> None:
    # L997DB4PEJL8: West Publishing Corporation's UEI in the prime award summaries
    done = _run(
        ["screen", "--db", str(built_store["db"]), "--input", "-"],
        stdin="name,id\nAcme Legal Books,L997DB4PEJL8\n",
    )
    assert done.returncode == 0, done.stderr
    (row,) = list(csv.DictReader(io.StringIO(done.stdout)))
    assert row["decision"] == "match" and row["family"] == "Thomson Reuters"
    assert "same UEI L997DB4PEJL8" in row["explanation"]


def test_screen_reads_a_semicolon_windows_1252_file_and_a_chosen_column(
    built_store: dict, tmp_path: Path
) -> None:
    # As Excel saves "CSV (semicolon)" on a French Windows; names from the CCC profiles
    # (../shared/data/canada/corporate) and the contracts' vendor names.
    source = tmp_path / "fournisseurs.csv"
    source.write_bytes(
        "Réf;FOURNISSEUR\r\nf1;Groupe de Sécurité Garda Inc.\r\nf2;MCGILL UNIVERSITY\r\n".encode(
            "cp1252"
        )
    )
    out = tmp_path / "out.csv"
    done = _run(
        [
            "screen",
            "--db",
            str(built_store["db"]),
            "--input",
            str(source),
            "--output",
            str(out),
            "--column",
            "fournisseur",
        ]
    )
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["Réf"] for r in rows] == ["f1", "f2"]
    assert rows[0]["FOURNISSEUR"] == "Groupe de Sécurité Garda Inc."
    assert rows[0]["decision"] == "match" and rows[0]["family"] == "GardaWorld"
    assert rows[1]["decision"] == "clear"


def test_screen_names_the_column_to_choose(built_store: dict, tmp_path: Path) -> None:
    source = tmp_path / "vendors.csv"
    source.write_text("Vendor\tCity\nGARDA\tMontréal\n", encoding="utf-8-sig")
    done = _run(["screen", "--db", str(built_store["db"]), "--input", str(source)])
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "line 1: missing column(s) name (found: Vendor, City)" in done.stderr
    assert "--column" in done.stderr


def test_every_name_of_a_screening_is_logged_with_its_answer(
    built_store: dict, tmp_path: Path
) -> None:
    names = ["Garda du Canada inc", "MCGILL UNIVERSITY", "", "HSI Ottawa", "CoreCivic"] * 3
    source = tmp_path / "many.csv"
    source.write_text("name\n" + "\n".join(f'"{n}"' for n in names) + "\n", encoding="utf-8")
    out = tmp_path / "many-out.csv"
    done = _run(
        ["screen", "--db", str(built_store["db"]), "--input", str(source), "--output", str(out)]
    )
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8") as handle:
        answers = list(csv.DictReader(handle))
    with duckdb.connect(str(built_store["db"]), read_only=True) as con:
        logged = con.execute(
            "SELECT via, request, scope, subject, decision, coalesce(family_id, ''), "
            "explanation, count(*) OVER (), count(DISTINCT logged_at) OVER () FROM scr_log "
            "WHERE screening_id = (SELECT screening_id FROM scr_log ORDER BY logged_at DESC "
            "LIMIT 1) ORDER BY position"
        ).fetchall()
    assert len(logged) == len(names) and logged[0][-2:] == (len(names), 1)
    assert [row[:6] for row in logged] == [
        ("cli", "screen", "dhs", name, a["decision"], a["family_id"])
        for name, a in zip(names, answers, strict=True)
    ]
    assert logged[0][4] == "match" and "legal form" in logged[0][6]
