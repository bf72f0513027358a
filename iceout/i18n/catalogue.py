"""Keeping the catalogues whole: extract every message from the templates and the code,
merge them into each language's .po, and list what has no translation.

`python -m iceout.i18n` (or `make i18n`) does both; tests/test_i18n.py fails while a message
lacks its French, so a new string cannot ship untranslated.
"""

import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from iceout import i18n

PACKAGE = Path(__file__).resolve().parents[1]
# Jinja2 templates anywhere in the package (the UI, the report, pages added later) and the
# Python code's N_() marks. The extractor is Jinja2's own, with the i18n extension.
METHODS = [
    ("**/templates/**.j2", "jinja2.ext:babel_extract"),
    ("**/templates/**.html", "jinja2.ext:babel_extract"),
    ("**.py", "python"),
]
OPTIONS = {
    "**/templates/**.j2": {"extensions": "jinja2.ext.do", "trimmed": "false"},
    "**/templates/**.html": {"extensions": "jinja2.ext.do", "trimmed": "false"},
}
# gettext's French rule (0 and 1 are singular), not CLDR's three forms, which gettext tools
# and translators do not expect.
PLURALS = {"fr": (2, "(n > 1)")}
# Beyond gettext's own: the message types of iceout/i18n/message.py.
KEYWORDS = {**DEFAULT_KEYWORDS, "Message": None, "Plural": (1, 2)}
TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT]


def extract() -> Catalog:
    """Every message the package shows, with where it is used."""
    catalog = Catalog(project="iceout", msgid_bugs_address="", fuzzy=False)
    found = extract_from_dir(
        str(PACKAGE),
        METHODS,
        keywords=KEYWORDS,
        options_map=OPTIONS,
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        where = (f"iceout/{filename}", lineno)
        catalog.add(message, None, [where], auto_comments=comments, context=context)
    return catalog


def read(lang: str, path: str | Path | None = None) -> Catalog:
    with open(path or i18n.catalogue_path(lang), "rb") as handle:
        return read_po(handle, locale=lang)


def update(lang: str) -> Catalog:
    """Merge the extracted messages into the language's .po: new messages arrive empty,
    translations of messages no longer used are dropped, the rest are kept."""
    path = Path(i18n.catalogue_path(lang))
    template = extract()
    if path.exists():
        catalog = read(lang)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.obsolete.clear()
    else:
        catalog = Catalog(locale=lang, project="iceout", creation_date=datetime.now(UTC))
        catalog.update(template, no_fuzzy_matching=True)
        plurals = PLURALS.get(lang)
        if plurals:  # Babel takes the plural rule from the .po header once there is one
            catalog._num_plurals, catalog._plural_expr = plurals  # type: ignore[assignment]
    catalog.fuzzy = False
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=100, sort_output=False, include_previous=False)
    return catalog


def missing(lang: str, path: str | Path | None = None) -> list[str]:
    """Problems that keep the language incomplete: a message shown by the package with no
    translation (or a fuzzy one), or a translation whose %(placeholders)s differ. `path`: a
    catalogue other than the package's."""
    catalog = read(lang, path)
    problems = []
    for message in extract():
        if not message.id:
            continue
        known = catalog.get(message.id, context=message.context)
        text = _first(message.id)
        if known is None or known.fuzzy or not _translated(known.string):
            problems.append(f"no {lang} translation: {text!r}")
        elif _placeholders(known.string) != _placeholders(message.id):
            problems.append(f"{lang} translation of {text!r} has other %(placeholders)s")
    return problems


PLACEHOLDER = re.compile(r"%\((\w+)\)[sdrf]|%%")


def _placeholders(text: Any) -> tuple[set[str], bool]:
    """The %(names)s of a message (all forms of a plural), and whether a lone % is left, which
    the newstyle gettext of the templates would fail to format."""
    forms = [text] if isinstance(text, str) else list(text)
    names = {name for form in forms for name in PLACEHOLDER.findall(form) if name}
    stray = any("%" in PLACEHOLDER.sub("", form) for form in forms)
    return names, stray


def _first(msgid: Any) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def _translated(string: Any) -> bool:
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


def english_left(text: str, lang: str = "fr") -> list[str]:
    """The English of the catalogue's messages still showing in `text`, a page or answer in
    `lang`: each literal stretch of two words or more between a message's %(placeholders)s
    that its translation does not keep. For tests and checks of what a reader sees."""
    found = []
    for phrase in _english_phrases(lang):
        if re.search(rf"(?<![\w'-]){re.escape(phrase)}(?![\w'-])", text):
            found.append(phrase)
    return found


@cache  # the catalogue is read once per process: a test checks hundreds of pages
def _english_phrases(lang: str) -> list[str]:
    phrases: set[str] = set()
    for message in read(lang):
        if not message.id or not _translated(message.string):
            continue
        english = [message.id] if isinstance(message.id, str) else list(message.id)
        string = message.string
        translated = string if isinstance(string, str) else " ".join(string or ())
        for form in english:
            for stretch in PLACEHOLDER.split(form):
                phrase = (stretch or "").strip(" ;:,.()'\"/-\n")
                if len(re.findall(r"[A-Za-z]{2,}", phrase)) >= 2 and phrase not in translated:
                    phrases.add(phrase)
    return sorted(phrases, key=len, reverse=True)
