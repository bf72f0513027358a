"""Person-name answers: shipped for the names of ../shared/data, kept in the store across
rebuilds, and rigour's dictionary (about 15 CPU seconds to load) asked only about the rest."""

import csv
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

from typer.testing import CliRunner

from iceout import db
from iceout.cli import app
from iceout.normalize.names import looks_like_person
from iceout.resolve.persons import ask_dictionary, build_person_table, open_words

ROOT = Path(__file__).resolve().parents[2]


def _shipped() -> dict[str, bool]:
    text = files("iceout").joinpath("data/person_words.csv").read_text(encoding="utf-8")
    return {row["word"]: row["person"] == "1" for row in csv.DictReader(text.splitlines())}


def _fresh_python(code: str) -> str:
    """Run `code` in a new process (no dictionary loaded yet) and return what it prints."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return done.stdout.strip()


def test_shipped_answers_equal_a_fresh_computation():
    shipped = _shipped()
    people = sorted(w for w, p in shipped.items() if p)
    others = sorted(w for w, p in shipped.items() if not p)
    assert len(people) > 1000 and len(others) > 1000
    sample = people[::50] + others[::50]
    assert ask_dictionary(sample) == {w: shipped[w] for w in sample}


def test_the_shipped_file_is_reproduced_by_its_command(tmp_path: Path):
    store = tmp_path / "demo.duckdb"
    built = CliRunner().invoke(
        app, ["run", "--offline", "--db", str(store), "--out", str(tmp_path / "report")]
    )
    assert built.exit_code == 0, built.output
    out = tmp_path / "person_words.csv"
    subprocess.run(
        [sys.executable, "-m", "iceout.resolve.persons", "--db", str(store), "--out", str(out)],
        check=True,
        cwd=ROOT,
    )
    with out.open(encoding="utf-8") as handle:
        written = {row["word"]: row["person"] == "1" for row in csv.DictReader(handle)}
    assert written  # the demo data has people's names ('Ronald William Thomson', ...)
    shipped = _shipped()
    both = [w for w in written if w in shipped]
    assert len(both) >= 0.95 * len(written)  # the demo is a subset of ../shared/data
    assert {w: shipped[w] for w in both} == {w: written[w] for w in both}


def test_names_of_the_shipped_words_are_answered_without_the_dictionary():
    printed = _fresh_python(
        "from iceout.resolve import persons\n"
        "print(persons.is_person('Ronald William Thomson'), persons.is_person('THOMSON LEILA'),"
        " persons.is_person('Gartner Lee'), persons.dictionary_loaded())"
    )
    assert printed == "True True True False"


def test_a_deferred_answer_does_not_wait_for_the_dictionary():
    # What the server does: an unknown word counts as no name until the dictionary is loaded
    # (in a thread of its own); then rigour answers.
    printed = _fresh_python(
        "from iceout.resolve import persons\n"
        "persons.defer_unknown_words()\n"
        "first = persons.is_person('Qelbrand Zhuravlyova')\n"
        "print(first, persons.dictionary_loaded())\n"
        "persons._loader.join()\n"
        "print(persons.is_person('Zhuravlyova Anna'), persons.dictionary_loaded())"
    )
    assert printed.splitlines() == ["False False", f"{looks_like_person('Zhuravlyova Anna')} True"]


def test_rebuilds_keep_the_answers_and_ask_only_about_new_words(tmp_path: Path):
    con = db.connect(tmp_path / "store.duckdb")
    build_person_table(con, ["MELISSA LEDUC", "TURTLE TECHNOLOGIES INC."])
    assert con.execute("SELECT word, person FROM res_person_words ORDER BY word").fetchall() == [
        ("leduc", True),
        ("melissa", True),
    ]
    build_person_table(con, ["Melissa Oberdieckxyz"])
    rows = dict(con.execute("SELECT word, person FROM res_person_words").fetchall())
    assert rows == {"leduc": True, "melissa": True, "oberdieckxyz": False}


def test_word_answers_agree_with_rigour_on_whole_names():
    # The word-by-word answer is the name's answer rigour gives for the whole name.
    names = [
        "Ronald William Thomson",
        "THOMSON LEILA",
        "MELISSA LEDUC",
        "Andrea Oberdieck",
        "Herman Miller",
        "FREEMAN DECORATING",
        "Gartner Lee",
    ]
    from iceout.resolve.persons import is_person

    assert [is_person(n) for n in names] == [looks_like_person(n) for n in names]
    # the partners guard asks about the distinctive words of a firm: "Miller Thomson" in the LLP
    assert open_words(["Miller Thomson LLP", "Gartner Lee"]) == [
        "gartner",
        "lee",
        "miller",
        "thomson",
    ]
