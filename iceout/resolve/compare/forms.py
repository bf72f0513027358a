"""Same name once legal forms are set aside wherever they stand, in any language:
'OAO Gazprom' and 'Open Joint Stock Company Gazprom'; 'Oboronnye Initsiativy OOO' and
'OOO Oboronnye Initsiativy'."""

from collections.abc import Callable

from iceout.resolve.compare import Score
from iceout.resolve.profile import NameProfile

SCORE = 0.95


def forms(a: NameProfile, b: NameProfile, distinctive: Callable[[str], bool]) -> Score | None:
    if not a.formless or sorted(a.formless) != sorted(b.formless) or a.key == b.key:
        return None
    if not any(distinctive(t) for t in a.formless):
        return None  # 'CA Technologies' and 'SAS Technologies' share only a common word
    order = "" if a.formless == b.formless else " (in another order)"
    return Score(
        SCORE, f"same words{order} once legal forms are set aside ('{a.name}' / '{b.name}')"
    )
