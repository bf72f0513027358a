"""Truncated and abbreviated spellings: 'Cgi Information Systems And' is the start of
'CGI Information Systems and Management Consultants Inc.'; 'MGMT.CONS' abbreviates it."""

from collections.abc import Callable

from iceout.resolve.compare import Score
from iceout.resolve.compare.tokens import same_token

FULL = 0.91  # every word of both names lines up (abbreviations, plural typos)
TRUNCATED = 0.9  # the shorter is the start of the longer and covers at least half of it
PARTIAL = 0.75  # the shorter is the start of the longer but covers less than half: review


def alignment(
    short_tokens: tuple[str, ...],
    long_tokens: tuple[str, ...],
    distinctive: Callable[[str], bool],
    curated: bool = False,
) -> Score | None:
    """`curated`: one side is a vetted alias, so 'Xerox Canada' + ', Ottawa' is a branch."""
    if len(short_tokens) > len(long_tokens):
        short_tokens, long_tokens = long_tokens, short_tokens
    if len(short_tokens) < 2 or short_tokens == long_tokens:
        return None
    if not same_token(short_tokens[0], long_tokens[0], prefix=False) or not distinctive(
        short_tokens[0]
    ):
        return None
    if not all(same_token(s, t) for s, t in zip(short_tokens, long_tokens, strict=False)):
        return None
    shown = f"'{' '.join(short_tokens)}' lines up with '{' '.join(long_tokens)}'"
    if len(short_tokens) == len(long_tokens):
        return Score(FULL, f"{shown} word for word (abbreviations or spelling variants)")
    # Publishers cut long names at a fixed width; a short name that is the start of a longer
    # one is more often a sister company ('Banco Santander' / 'Banco Santander Chile').
    cut = curated or len(short_tokens) >= 3 or len(" ".join(short_tokens)) >= 20
    if cut and len(short_tokens) * 2 >= len(long_tokens):
        return Score(TRUNCATED, f"{shown}: the shorter is the start of the longer (truncated name)")
    return Score(PARTIAL, f"{shown}: only the first {len(short_tokens)} words agree")
