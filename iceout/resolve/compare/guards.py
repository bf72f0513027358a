"""Cases where a similar-looking name must not be taken for a company on the watchlist."""

from iceout.resolve.compare import Score
from iceout.resolve.profile import NameProfile

PERSON_CAP = 0.6


def numbered(a: NameProfile, b: NameProfile) -> Score | None:
    """Numbered companies ('7655762 CANADA INC') match only themselves."""
    if (a.numbered or b.numbered) and a.key != b.key:
        return Score(0.0, "numbered company: only the same number matches")
    return None


def person(a: NameProfile, b: NameProfile) -> Score | None:
    """'Ronald William Thomson' is a person who shares a surname, not Thomson Reuters."""
    if a.person != b.person and a.key != b.key:
        who = a if a.person else b
        return Score(PERSON_CAP, f"'{who.name}' looks like a person's name")
    return None
