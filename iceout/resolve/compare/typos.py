"""Misspellings and series numbers, word by word: 'Exxor Mobil' / 'Exxon Mobil',
'Blackstone Capital Partners VII' / '... VIII'. One-letter look-alikes of a single short word
('THOMSEN' / 'THOMSON', 'BAER' / 'BAKER') are not enough: another distinctive word must agree
exactly, or the misspelt words must be long."""

import re
from collections.abc import Callable

from iceout.i18n.message import Message
from iceout.normalize.names import QUALIFIER_TOKENS
from iceout.resolve.compare import Score
from iceout.resolve.compare.tokens import near_token, plural_y, same_token

ANCHORED = 0.92  # a misspelt word next to a distinctive word that agrees exactly
LONG = 0.9  # only long words, each one edit apart (two from 10 letters)
LONG_WORD = 8
SERIES = re.compile(r"^(?:[ivxlc]+|\d+|[a-z]+\d+)$")  # 'VII', '2007', 'AHL1'


def _series(a: str, b: str) -> bool:
    if not (SERIES.match(a) and SERIES.match(b)):
        return False
    return re.sub(r"\d", "", a) == re.sub(r"\d", "", b) or not re.search(r"\d", a + b)


NUMBER_WORDS = dict(
    zip(
        "1 2 3 4 5 6 7 8 9 10".split(),
        "one two three four five six seven eight nine ten".split(),
        strict=True,
    )
)
SPELLED = 0.93


def typos(
    a: tuple[str, ...], b: tuple[str, ...], distinctive: Callable[[str], bool]
) -> Score | None:
    if len(a) != len(b) or a == b:
        return None
    a_words = tuple(NUMBER_WORDS.get(t, t) for t in a)
    if a_words == tuple(NUMBER_WORDS.get(t, t) for t in b):
        if any(distinctive(t) for t in a_words if t not in NUMBER_WORDS.values()):
            return Score(SPELLED, Message("the same name with a number written in words"))
        return None
    exact, near, series = [], [], []
    for x, y in zip(a, b, strict=True):
        if x == y:
            exact.append(x)
        elif same_token(x, y, prefix=False) or plural_y(x, y):
            continue  # one word in two forms ('technology' / 'technologies'): agrees, anchors not
        elif near_token(x, y):
            near.append((x, y))
        elif _series(x, y):
            series.append((x, y))
        else:
            return None
    anchored = any(distinctive(t) and len(t) >= 3 for t in exact)
    shown = ", ".join(f"'{x}'/'{y}'" for x, y in near + series)
    if anchored:
        agree = ", ".join(repr(t) for t in exact)
        why = Message("the same name but for %(words)s; %(agree)s agree", words=shown, agree=agree)
        return Score(ANCHORED, why)
    # a misspelt qualifier ('Cnaada') says nothing either way: the long words must carry it
    named = [(x, y) for x, y in near if x not in QUALIFIER_TOKENS and y not in QUALIFIER_TOKENS]
    if named and not series and all(max(len(x), len(y)) >= LONG_WORD for x, y in named):
        return Score(LONG, Message("the same name but for the misspelling %(words)s", words=shown))
    return None
