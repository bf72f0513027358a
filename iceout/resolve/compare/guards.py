"""Cases where a similar-looking name must not be taken for a company on the watchlist."""

from iceout.resolve.compare import Score
from iceout.resolve.persons import is_person
from iceout.resolve.profile import NameProfile

PERSON_CAP = 0.6


def numbered(a: NameProfile, b: NameProfile) -> Score | None:
    """Numbered companies ('7655762 CANADA INC') match only themselves."""
    if (a.numbered or b.numbered) and a.key != b.key:
        return Score(0.0, "numbered company: only the same number matches")
    return None


def person(a: NameProfile, b: NameProfile) -> Score | None:
    """'Ronald William Thomson' is a person who shares a surname, not Thomson Reuters.
    Called only when the cap would change the outcome: the check needs a name dictionary."""
    if a.key == b.key:
        return None
    a_person, b_person = is_person(a.name), is_person(b.name)
    if a_person != b_person:
        who = a if a_person else b
        return Score(PERSON_CAP, f"'{who.name}' looks like a person's name")
    return None
