"""`iceout --lang fr screen` on the real data, as a French-speaking officer runs it: every
explanation in French, with none of the catalogue's English left inside the sentences; the
screening log (the audit trail) keeps the English."""

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from iceout.i18n.catalogue import english_left

ICEOUT = str(Path(sys.executable).parent / "iceout")
# Hits of every kind: a curated alias, a legal form apart, a US recipient, a DHS body and an
# office of one, a name the scope clears, a weak overlap, an abbreviation, a partial name.
NAMES = [
    "Garda du Canada inc",
    "HSI Ottawa",
    "U.S. Immigration and Customs Enforcement",
    "Palantir Technologies Canada",
    "GEO Group Inc",
    "MANAGEMENT SOLUTIONS INC",
    "CGI INFORMATION SYSTEMS &amp; MGMT.CONS",
    "General Dynamics Land Systems Canada",
    "Booz Allen",
    "Deloitte & Touche",
    "Boulangerie Saint-Roch",
]


def test_a_french_screening_explains_every_hit_in_french(built_store: dict, tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    shutil.copyfile(built_store["db"], db)  # the screening is logged: a copy of the store
    source = tmp_path / "names.csv"
    source.write_text("name\n" + "\n".join(f'"{n}"' for n in NAMES) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    done = subprocess.run(
        [ICEOUT, "--lang", "fr", "screen", "--scope", "ice", "--db", str(db)]
        + ["--input", str(source), "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["name"] for r in rows] == NAMES
    explained = [r for r in rows if r["explanation"]]
    assert len(explained) >= 9
    for row in explained:
        assert english_left(row["explanation"]) == [], row
    by_name = {r["name"]: r for r in rows}
    assert "est un alias vérifié de GardaWorld" in by_name["Garda du Canada inc"]["explanation"]
    assert "un organisme du gouvernement des États-Unis" in by_name["HSI Ottawa"]["explanation"]
    geo = by_name["GEO Group Inc"]["explanation"]
    assert "contrats de l’ICE/du DHS dans le périmètre" in geo and "du périmètre ice" in geo
    overlap = by_name["General Dynamics Land Systems Canada"]["explanation"]
    assert "recouvrement pondéré par la rareté 0,67" in overlap  # a French decimal comma
    assert "lignes examinées" in done.stderr and "screened" not in done.stderr

    with duckdb.connect(str(db), read_only=True) as con:
        logged = dict(con.execute("SELECT subject, explanation FROM scr_log").fetchall())
    assert "is a curated alias of GardaWorld" in logged["Garda du Canada inc"]
    assert "ICE/DHS awards in scope" in logged["GEO Group Inc"]


def test_english_stays_the_default(built_store: dict) -> None:
    done = subprocess.run(
        [ICEOUT, "screen", "--db", str(built_store["db"]), "--input", "-"],
        input="name\nGarda du Canada inc\n",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (row,) = list(csv.DictReader(done.stdout.splitlines()))
    assert "is a curated alias of GardaWorld" in row["explanation"]
    assert "ICE/DHS awards in scope" in row["explanation"]
