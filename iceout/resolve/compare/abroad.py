"""What one name says and the other does not about which company of a group it is: a country
other than Canada or the United States ('Banco Santander Chile' / 'Banco Santander'), or a
series numeral ('Bowne Global Solutions II' / 'Bowne Global Solutions'). Each names another
legal person of the group: a subsidiary abroad, a successor, a fund of a series. Canada and the
United States never count: iceout links a US company's Canadian and American names on purpose
('IBM Canada Ltd' / 'IBM')."""

from functools import cache

from rigour.territories import get_territories

from iceout.i18n.message import Message
from iceout.normalize.names import name_key
from iceout.resolve.compare import Score
from iceout.resolve.compare.negative import meets
from iceout.resolve.profile import NameProfile

HOME = frozenset({"ca", "us"})
# A country's name that is first a US state or a word before one ('New Mexico', 'New
# Jersey'): in a name it says the state.
STATES = frozenset({"georgia"})
LONGEST = 3  # words in the longest country name looked for ('united arab emirates')
# Series numerals from II on ('I' alone is more often a letter or a pronoun).
ROMAN = frozenset("ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx".split())


@cache
def _countries() -> dict[tuple[str, ...], str]:
    """Each current country's short and full name, as words -> its code."""
    found: dict[tuple[str, ...], str] = {}
    for territory in get_territories():
        if not territory.is_country or territory.is_historical or territory.code in HOME:
            continue
        for label in (territory.name, territory.full_name):
            words = tuple(name_key(label or "").split())
            if words and (len(words) > 1 or len(words[0]) >= 4) and words[0] not in STATES:
                found[words] = territory.code
    return found


def countries(words: tuple[str, ...]) -> dict[str, str]:
    """The countries a name names (code -> the words naming it), the longest name first."""
    known, i = _countries(), 0
    found: dict[str, str] = {}
    while i < len(words):
        for size in range(min(LONGEST, len(words) - i), 0, -1):
            phrase = words[i : i + size]
            if phrase in known and not (i and words[i - 1] == "new"):
                found.setdefault(known[phrase], " ".join(phrase))
                i += size - 1
                break
        i += 1
    return found


def other_country(a: NameProfile, b: NameProfile) -> Score | None:
    """'Banco Santander Chile' / 'Banco Santander', 'X France' / 'X Denmark': the names differ
    only by a country other than Canada or the US that one of them names: the company of the
    group in that country. A country after other words one name adds ('IOM Geneva
    Switzerland', 'BAE Systems Australia Richmond Australia') is an address, left to the
    other features."""
    ca, cb = countries(a.tokens), countries(b.tokens)
    if not (ca or cb) or not _same_but(a.words, b.words, {*ca.values(), *cb.values()}):
        return None
    apart = sorted(
        name
        for own, other, theirs in ((ca, cb, b), (cb, ca, a))
        for code, name in own.items()
        if code not in other and not _written(name, theirs.tokens)
    )
    if not apart:
        return None
    return Score(
        1.0,
        Message(
            "%(countries)s named on one side only: a company of the group in another country",
            countries=", ".join(repr(c) for c in apart),
        ),
    )


def _same_but(a: tuple[str, ...], b: tuple[str, ...], named: set[str]) -> bool:
    """Every word of each name, the countries' words aside, is in the other name."""
    aside = {word for country in named for word in country.split()}
    rest_a = tuple(t for t in a if t not in aside)
    rest_b = tuple(t for t in b if t not in aside)
    return all(meets(t, rest_b) for t in rest_a) and all(meets(t, rest_a) for t in rest_b)


def _numerals(p: NameProfile) -> set[str]:
    # a numeral at the end reads as a legal form to rigour ('Partners II LLC')
    return {t for t in (*p.tokens, *(f.lower() for f in p.legal_forms)) if t in ROMAN}


def _ends_with_i(p: NameProfile) -> bool:
    """'Capital Trust I': the first of a series, or 'Inc' cut short ('Media Supply I')."""
    return (*p.tokens, *(f.lower() for f in p.legal_forms))[-1:] == ("i",)


def _written(country: str, tokens: tuple[str, ...]) -> bool:
    """The other name writes the country too, misspelt ('Bank of Chima', 'British Colombia')."""
    return all(meets(word, tokens) for word in country.split())


def other_series(a: NameProfile, b: NameProfile) -> Score | None:
    """'Bowne Global Solutions II' / 'Bowne Global Solutions': a series numeral in one name
    only names another company of that name (a successor, a second entity). Two numerals
    ('Fund VII' / 'Fund VIII') are left to the model: funds of one series are often filed as
    one group."""
    ra, rb = _numerals(a), _numerals(b)
    if bool(ra) == bool(rb) or "".join(a.formless) == "".join(b.formless):
        return None  # '1 x 1 Architecture' / '1X1 Architecture': a letter, not a numeral
    if _ends_with_i(b if ra else a):
        return None  # 'Capital Trust I' / 'Capital Trust II': two numerals, left to the model
    return Score(
        1.0,
        Message(
            "the series numeral %(numerals)s is not in both names",
            numerals=", ".join(repr(t.upper()) for t in sorted(ra ^ rb)),
        ),
    )
