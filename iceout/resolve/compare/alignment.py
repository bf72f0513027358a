"""Truncated, abbreviated and extended spellings: 'Cgi Information Systems And' is the start
of 'CGI Information Systems and Management Consultants Inc.'; 'MGMT.CONS' abbreviates it;
'Xerox Canada Ltd, Ottawa' is the curated 'Xerox Canada Limited' followed by a branch."""

from collections.abc import Callable

from iceout.i18n.message import Message
from iceout.resolve.compare import Score
from iceout.resolve.compare.tokens import near_token, same_token

FULL = 0.91  # every word of both names lines up (abbreviations, spelling variants)
TRUNCATED = 0.9  # the shorter is the start of the longer and covers at least half of it
PARTIAL = 0.75  # the shorter is the start of the longer but covers less than half: review
CONNECTORS = frozenset({"and", "et"})  # 'Conseillers en gestion (et) informatique CGI'


def _lines_up(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    # only a name shorter than the other can have been cut inside its last word ('... MAN')
    last = len(short) - 1 if len(short) < len(long) else -1
    for i, (s, t) in enumerate(zip(short, long, strict=False)):
        cut = i == last and len(short) >= 3 and len(s) >= 2 and t.startswith(s)
        if not (same_token(s, t) or near_token(s, t) or cut):
            return False
    return True


def alignment(
    short: tuple[str, ...],
    long: tuple[str, ...],
    distinctive: Callable[[tuple[str, ...]], bool],
    curated: bool = False,
) -> Score | None:
    """`distinctive(words)`: rare enough together to carry a match ('micro focus').
    `curated`: one side is a vetted alias, so more words after it name a branch or division."""
    short = tuple(t for t in short if t not in CONNECTORS)
    long = tuple(t for t in long if t not in CONNECTORS)
    extended = len(short) > len(long)  # the first name (the record) is the longer one
    if extended:
        short, long = long, short
    if len(short) < 2 or not same_token(short[0], long[0], prefix=False):
        return None
    if not _lines_up(short, long) or not distinctive(short):
        return None
    shown = {"short": " ".join(short), "long": " ".join(long)}
    if short == long:
        return Score(
            FULL,
            Message(
                "'%(short)s' lines up with '%(long)s': the same words apart from 'and' / 'et'",
                **shown,
            ),
        )
    if len(short) == len(long):
        return Score(
            FULL,
            Message(
                "'%(short)s' lines up with '%(long)s' word for word (abbreviations or spelling variants)",
                **shown,
            ),
        )
    if curated and extended:
        return Score(
            TRUNCATED,
            Message(
                "'%(short)s' lines up with '%(long)s': the curated name followed by more words (a branch or division)",
                **shown,
            ),
        )
    # Publishers cut long names at a fixed width; a short name that is the start of a longer
    # one is more often a sister company ('Banco Santander' / 'Banco Santander Chile').
    cut = curated or len(short) >= 3 or len(" ".join(short)) >= 20
    if cut and len(short) * 2 >= len(long):
        return Score(
            TRUNCATED,
            Message(
                "'%(short)s' lines up with '%(long)s': the shorter is the start of the longer (truncated name)",
                **shown,
            ),
        )
    return Score(
        PARTIAL,
        Message(
            "'%(short)s' lines up with '%(long)s': only the first %(count)s words agree",
            count=len(short),
            **shown,
        ),
    )
