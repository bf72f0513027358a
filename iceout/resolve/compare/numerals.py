"""A number written in digits in one name and in words in the other ('3 Percenters' / 'Three
Percenters', 'Groupe 3 Sources' / 'Groupe Trois Sources'): the word is read as its digits, so
every feature compares the same number (and none reads 'three' against '3' as another name)."""

from dataclasses import replace

from iceout.normalize.names import QUALIFIER_TOKENS
from iceout.resolve.profile import NameProfile

WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty"
).split()
MOTS = (
    "un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
    "dix-sept dix-huit dix-neuf vingt"
).split()
DIGITS = {w: str(n) for words in (WORDS, MOTS) for n, w in enumerate(words, start=1)}


def as_digits(a: NameProfile, b: NameProfile) -> tuple[NameProfile, NameProfile]:
    """`a` and `b` with a number word read as digits where the other name writes the digits."""
    return _apply(a, set(b.words)), _apply(b, set(a.words))


def _apply(p: NameProfile, other: set[str]) -> NameProfile:
    found = {t: DIGITS[t] for t in p.words if t in DIGITS and DIGITS[t] in other}
    if not found or any(d in p.words for d in found.values()):
        return p

    def read(tokens: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(found.get(t, t) for t in tokens)

    body = read(p.body)
    return replace(
        p,
        tokens=read(p.tokens),
        body=body,
        core=tuple(t for t in body if t not in QUALIFIER_TOKENS),
        formless=read(p.formless),
        words=read(p.words),
    )
