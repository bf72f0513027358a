"""Words a sentence shares with award descriptions ('armoured vehicles' ~ 'ARMORED ... VEHICLE',
'wiretapping' ~ 'WIRETAPS'): they tell a reader whether the award found is the deal the
sentence speaks of, and put the closest awards first."""

import re
from collections.abc import Iterable

from iceout.claims.sentences import fold

# Words too common in award descriptions and articles to say anything about a match.
_COMMON = frozenset(
    "about after against agency along their there these those which would could should "
    "other under united states canada canadian contract contracts award awards services "
    "service provide provides providing support purpose order department homeland security "
    "immigration customs enforcement".split()
)
_WORD = re.compile(r"[^\W\d_]{5,}")
STEM = 6


def _stems(text: str) -> dict[str, str]:
    """Stem (first six letters, British 'our' as 'or') -> the word as first written."""
    stems: dict[str, str] = {}
    for word in _WORD.findall(text):
        folded = fold(word).replace("our", "or")
        if folded not in _COMMON:
            stems.setdefault(folded[:STEM], word.lower())
    return stems


def shared_words(
    statement: str, descriptions: Iterable[str], names: Iterable[str] = ()
) -> list[str]:
    """Words of the sentence that the descriptions also use, as the sentence writes them,
    leaving out the names of the parties: they say nothing about the nature of the deal."""
    said = _stems(statement)
    described = _stems(" ".join(descriptions))
    named = _stems(" ".join(names))
    return [said[s] for s in said if s in described and s not in named][:6]


def shared_count(statement: str, description: str) -> int:
    return len(set(_stems(statement)) & set(_stems(description)))
