"""Same name once legal forms, punctuation, case and accents are set aside."""

from iceout.i18n.message import Message
from iceout.resolve.compare import Score
from iceout.resolve.profile import NameProfile

SPACING = 0.95
SPACED_LETTERS = 5  # at least this many letters: 'ab c' / 'abc' is too short to tell


def exact(a: NameProfile, b: NameProfile) -> Score | None:
    if not a.key:
        return None
    if a.key != b.key:
        compact = a.key.replace(" ", "")
        # the length of the letters, not of the spacing, so the order of the names does not matter
        if len(compact) >= SPACED_LETTERS and compact == b.key.replace(" ", ""):
            return Score(
                SPACING,
                Message(
                    "same letters written with different spacing ('%(a)s', '%(b)s')",
                    a=a.key,
                    b=b.key,
                ),
            )
        return None
    forms = sorted(set(a.legal_forms) ^ set(b.legal_forms)) or sorted(set(a.legal_forms))
    if a.name == b.name:
        return Score(1.0, Message("identical name"))
    if forms:
        return Score(
            1.0,
            Message(
                "same name after removing legal form %(forms)s",
                forms=", ".join(repr(f) for f in forms),
            ),
        )
    return Score(1.0, Message("same name apart from case, accents and punctuation"))
