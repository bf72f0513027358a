"""Same name once legal forms are set aside wherever they stand, in any language:
'OAO Gazprom' and 'Open Joint Stock Company Gazprom'; 'Oboronnye Initsiativy OOO' and
'OOO Oboronnye Initsiativy'."""

from collections.abc import Callable

from iceout.resolve.compare import Score
from iceout.resolve.profile import NameProfile

SCORE = 0.95


def forms(a: NameProfile, b: NameProfile, distinctive: Callable[[str], bool]) -> Score | None:
    if not a.words or sorted(a.words) != sorted(b.words) or a.key == b.key:
        return None
    if not any(distinctive(t) for t in a.words):
        return None  # 'CA Technologies' and 'SAS Technologies' share only a common word
    order = "" if a.words == b.words else " (in another order)"
    return Score(
        SCORE, f"same words{order} once legal forms are set aside ('{a.name}' / '{b.name}')"
    )
