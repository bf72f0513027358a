"""How much of each name the other explains: 'Banco Santander' leaves 'chile' of 'Banco
Santander Chile' unexplained; 'Open Text' and 'OpenText' leave nothing, once words written
together are seen.

The words compared are a name's plain words (no legal form, no qualifier); a word is explained
when it meets a word of the other name (equal, abbreviated, truncated, misspelt, or a run of
words written together: compare/negative.py `unshared_words`). Each word weighs its rarity, so
an unexplained 'chile' or 'trust' counts for more than an unexplained 'systems'. One
`Explained` per pair feeds the features below.
"""

import math
from dataclasses import dataclass

from iceout.resolve.compare import Score
from iceout.resolve.compare.negative import plain_words, unshared_words
from iceout.resolve.compare.tokens import written_together
from iceout.resolve.profile import NameProfile


@dataclass(frozen=True)
class Explained:
    words: tuple[tuple[str, ...], tuple[str, ...]]
    left: tuple[tuple[str, ...], tuple[str, ...]]  # each side's words the other leaves out
    left_weight: tuple[float, float]  # their rarity, in units of a word never seen


def explained(
    a: NameProfile, b: NameProfile, weights: dict[str, float], default_weight: float
) -> Explained:
    plain_a, plain_b = plain_words(a), plain_words(b)
    only_a, only_b = unshared_words(plain_a, plain_b)

    def w(tokens: tuple[str, ...]) -> float:
        return sum(weights.get(t, default_weight) for t in tokens) / default_weight

    return Explained(
        words=(plain_a, plain_b), left=(only_a, only_b), left_weight=(w(only_a), w(only_b))
    )


def unexplained(found: Explained) -> Score | None:
    """Both names have rare words the other does not account for ('trust' in 'Sumitomo Mitsui
    Trust Bank', 'banking' in 'Sumitomo Mitsui Banking'): two things, not one written two
    ways. The lesser side's rarity, counted in rare words, saturating."""
    mass = min(found.left_weight)
    if not mass:
        return None
    words = ", ".join(repr(t) for t in (*found.left[0], *found.left[1]))
    return Score(
        round(1 - math.exp(-mass), 3), f"each name has words the other does not explain ({words})"
    )


def joined(found: Explained) -> Score | None:
    """Words one name writes apart and the other together: 'Open Text' / 'OpenText'."""
    if not any(found.left) and not (set(found.words[0]) ^ set(found.words[1])):
        return None  # every word is shared as it stands
    glued = written_together(*found.words)
    if not glued:
        return None
    apart = [t for t in found.words[0] if t in glued]
    together = [t for t in found.words[1] if t in glued]
    if len(apart) < len(together):
        apart, together = together, apart
    return Score(1.0, f"'{' '.join(apart)}' written together as '{' '.join(together)}'")
