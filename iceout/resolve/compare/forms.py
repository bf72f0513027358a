"""Same name once legal forms are set aside wherever they stand, in any language:
'OAO Gazprom' and 'Open Joint Stock Company Gazprom'; 'Oboronnye Initsiativy OOO' and
'OOO Oboronnye Initsiativy'."""

from collections.abc import Callable

from iceout.i18n.message import Message
from iceout.resolve.compare import Score
from iceout.resolve.profile import NameProfile

SCORE = 0.95


def forms(a: NameProfile, b: NameProfile, distinctive: Callable[[str], bool]) -> Score | None:
    if not a.words or sorted(a.words) != sorted(b.words) or a.key == b.key:
        return None
    if not any(distinctive(t) for t in a.words):
        return None  # 'CA Technologies' and 'SAS Technologies' share only a common word
    if a.words == b.words:
        why = Message(
            "same words once legal forms are set aside ('%(a)s' / '%(b)s')", a=a.name, b=b.name
        )
    else:
        why = Message(
            "same words (in another order) once legal forms are set aside ('%(a)s' / '%(b)s')",
            a=a.name,
            b=b.name,
        )
    return Score(SCORE, why)
