"""Both official languages: the French catalogue is complete (every message of the templates
and the code has its translation), amounts and dates follow fr_CA, a reader's language is
chosen as documented, and the command line's errors speak the language of ICEOUT_LANG."""

import os
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from iceout import i18n
from iceout.i18n.catalogue import extract, missing
from iceout.resolve.families import load_families

NBSP = "\u00a0"


def test_every_message_has_a_french_translation() -> None:
    problems = missing("fr")
    assert problems == [], "run `make i18n` and translate:\n" + "\n".join(problems)
    assert len(extract()) > 200  # the templates and the code were read, not an empty scan


def test_every_curated_family_described_in_english_is_described_in_french() -> None:
    """The family page opens with the curated description, in the reader's language."""
    families = load_families()
    assert [f.family_id for f in families if f.description and not f.description_fr] == []
    assert sum(1 for f in families if f.description_fr) >= 40


def test_the_check_names_a_message_left_untranslated(tmp_path: Path) -> None:
    with open(i18n.catalogue_path("fr"), "rb") as handle:
        catalog = read_po(handle, locale="fr")
    catalog["Review queue"].string = ""
    catalog[
        "Families ranked by exposure"
    ].string = "Groupes classés (%(num)s)"  # a stray placeholder
    broken = tmp_path / "messages.po"
    with open(broken, "wb") as handle:
        write_po(handle, catalog)
    problems = missing("fr", broken)
    assert "no fr translation: 'Review queue'" in problems
    assert any("Families ranked by exposure" in p for p in problems)
    assert len(problems) == 2


def test_french_amounts_counts_scores_and_dates() -> None:
    assert i18n.money(1234567.891, "C$", "fr", cents=True) == f"1{NBSP}234{NBSP}567,89{NBSP}$"
    assert i18n.money(1234567.4, "US$", "fr") == f"1{NBSP}234{NBSP}567{NBSP}${NBSP}US"
    assert i18n.money(-1500, "C$", "fr") == f"-1{NBSP}500{NBSP}$"
    assert i18n.money(1234567.891, "US$", cents=True) == "US$1,234,567.89"  # English as before
    assert i18n.number(12345, "fr") == f"12{NBSP}345"
    assert i18n.score(0.934, "fr") == "0,93"
    assert i18n.long_date("2024-03-01", "fr") == "1 mars 2024"
    assert i18n.long_date("2026-12-02T15:03:00Z", "fr") == "2 décembre 2026, 15 h 03 UTC"
    assert i18n.long_date("2024-03-01") == "March 1, 2024"


def test_the_language_is_the_choice_then_the_cookie_then_the_browser() -> None:
    assert i18n.choose(None, None, "fr-CA,fr;q=0.9,en;q=0.8") == "fr"
    assert i18n.choose("en", "fr", "fr-CA") == "en"
    assert i18n.choose(None, "fr", "en-US") == "fr"
    assert i18n.choose(None, None, "de-DE,de;q=0.9") == "en"
    assert i18n.choose("xx", None, None) == "en"


def test_french_translations_are_those_of_the_government_of_canada() -> None:
    fr = i18n.translations("fr")
    assert fr.gettext("Public Accounts transfer payments (grants and contributions paid)") == (
        "paiements de transfert des Comptes publics du Canada (subventions et contributions versées)"
    )
    assert "exercice 2023-24" in fr.gettext("%(amount)s in %(label)s, fiscal year %(year)s") % {
        "amount": "1 $",
        "label": "contrats",
        "year": "2023-24",
    }


def _iceout(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "from iceout.cli import main; main()", *args]
    return subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, **env}, timeout=120
    )


def test_command_line_errors_in_french_with_iceout_lang(tmp_path: Path) -> None:
    db = str(tmp_path / "none.duckdb")
    french = _iceout("run", "--db", db, "--from", "2024-13-01", env={"ICEOUT_LANG": "fr"})
    assert french.returncode == 2
    assert french.stderr.strip() == (
        f"erreur{NBSP}: --from doit être une date comme 2024-01-31, et non '2024-13-01'"
    )
    english = _iceout("run", "--db", db, "--from", "2024-13-01", env={"ICEOUT_LANG": ""})
    assert (
        english.stderr.strip() == "error: --from must be a date like 2024-01-31, not '2024-13-01'"
    )
    wrong = _iceout("run", "--db", db, "--lang", "de", env={"ICEOUT_LANG": "fr"})
    assert wrong.stderr.strip() == f"erreur{NBSP}: --lang doit être en ou fr, et non 'de'"


def test_command_line_reports_in_french_with_iceout_lang(tmp_path: Path) -> None:
    """What a command says as it works, not only its errors, follows ICEOUT_LANG."""
    db = str(tmp_path / "store.duckdb")
    made = _iceout("keys", "create", "--role", "reviewer", "--name", "Rita", "--db", db,
                   env={"ICEOUT_LANG": "fr"})  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "créée pour Rita ; elle n'est affichée que maintenant, conservez-la" in made.stderr
    key_id = made.stderr.split()[2]
    gone = _iceout("keys", "revoke", key_id, "--db", db, env={"ICEOUT_LANG": "fr"})
    assert gone.stderr.strip() == f"clé reviewer {key_id} de Rita révoquée"
    english = _iceout("diff", "--db", db, env={"ICEOUT_LANG": ""})
    assert english.stderr.strip() == "no run recorded yet: `iceout run` records one"
    french = _iceout("diff", "--db", db, env={"ICEOUT_LANG": "fr"})
    assert french.stderr.strip() == "aucune exécution enregistrée : `iceout run` en enregistre une"
