"""Same name apart from qualifiers: 'X Canada Ltd' and 'X Inc' are the same group's entities."""

from collections.abc import Callable

from iceout.i18n.message import Message
from iceout.resolve.compare import Score
from iceout.resolve.profile import NameProfile

SCORE = 0.93
SHORT = 0.8  # 'CA Canada' ~ 'CA, Inc.': a core of one short word is too thin to settle a match
# Words a group adds to a subsidiary's name: its country, reach or the group itself. Narrower
# than QUALIFIER_TOKENS on purpose: 'A&A HARRIS ENTERPRISES' is not 'Harris'.
SUBSIDIARY_WORDS = frozenset(
    "canada canadian canadien canadienne cda usa us u s america american amerique north "
    "international intl internationale global worldwide federal national nationale "
    "group groupe holding holdings of the du de des d la le les l".split()
)


def subsidiary_core(tokens: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t for t in tokens if t not in SUBSIDIARY_WORDS)


def qualifiers(a: NameProfile, b: NameProfile, distinctive: Callable[[str], bool]) -> Score | None:
    """`distinctive(token)`: rare enough across the corpora to carry a match on its own."""
    core = subsidiary_core(a.body)
    if not core or core != subsidiary_core(b.body) or a.key == b.key:
        return None
    if not any(distinctive(token) for token in core):
        return None
    extra = sorted(set(a.tokens) ^ set(b.tokens))
    score = SHORT if len(core) == 1 and len(core[0]) <= 3 else SCORE
    words = ", ".join(repr(t) for t in extra)
    return Score(score, Message("same name apart from %(words)s", words=words))
