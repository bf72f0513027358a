"""Text folding, one definition for every stage: what two spellings of a word or name have in
common once case, accents and (for `compact`) everything but letters and digits are set aside."""

import re

from rigour.text import ascii_text

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case ASCII: 'Société Générale' -> 'societe generale', 'ŒUVRE' -> 'oeuvre'.
    Other scripts are transliterated (rigour)."""
    return ascii_text(text.casefold())


def compact(text: str) -> str:
    """Only the folded letters and digits: 'Garda-World', 'GARDA WORLD' -> 'gardaworld'."""
    return _NOT_ALNUM.sub("", fold(text))
