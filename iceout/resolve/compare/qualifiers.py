"""Same name apart from qualifiers: 'X Canada Ltd' and 'X Inc' are the same group's entities."""

from collections.abc import Callable

from iceout.resolve.compare import Score
from iceout.resolve.profile import NameProfile

SCORE = 0.93


def qualifiers(a: NameProfile, b: NameProfile, distinctive: Callable[[str], bool]) -> Score | None:
    """`distinctive(token)`: rare enough across the corpora to carry a match on its own."""
    if not a.core or a.core != b.core or a.key == b.key:
        return None
    if not any(distinctive(token) for token in a.core):
        return None
    extra = sorted(set(a.tokens) ^ set(b.tokens))
    return Score(SCORE, f"same name apart from {', '.join(repr(t) for t in extra)}")
