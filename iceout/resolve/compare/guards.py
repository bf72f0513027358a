"""Cases where a similar-looking name must not be taken for a company on the watchlist."""

import re

from iceout.i18n.message import Message
from iceout.resolve.compare import Score
from iceout.resolve.persons import is_person
from iceout.resolve.profile import NameProfile

PERSON_CAP = 0.6


def numbered(a: NameProfile, b: NameProfile) -> Score | None:
    """Numbered companies ('7655762 CANADA INC') match only themselves."""
    if (a.numbered or b.numbered) and a.key != b.key:
        return Score(0.0, Message("numbered company: only the same number matches"))
    return None


def person(a: NameProfile, b: NameProfile) -> Score | None:
    """'Ronald William Thomson' is a person who shares a surname, not Thomson Reuters.
    Called only when the cap would change the outcome: the check needs a name dictionary."""
    if a.key == b.key:
        return None
    a_person, b_person = _person(a), _person(b)
    if a_person != b_person:
        who = a if a_person else b
        return Score(PERSON_CAP, Message("'%(name)s' looks like a person's name", name=who.name))
    return None


# 'R.H. Thomson', 'J. Smith': initials written with stops, then one name
_INITIALLED = re.compile(r"^\s*(?:[A-Za-z]\.\s?){1,3}\s*[A-Za-z][\w'-]+\s*$")


def _person(p: NameProfile) -> bool:
    return bool(_INITIALLED.match(p.name)) or is_person(p.name)


def partners(a: NameProfile, b: NameProfile) -> Score | None:
    """'Gartner Lee' / 'Gartner', 'Miller Thomson' / 'Thomson': one word shared, and the
    longer name reads as people's names: a firm of partners, another organisation.
    Called only when the check would change the outcome (it needs the name dictionary)."""
    short, long = sorted((a.core, b.core), key=len)
    if len(short) != 1 or len(long) < 2 or short[0] not in long:
        return None
    if is_person(" ".join(long)):
        shown = " ".join(long)
        why = Message("'%(name)s' reads as people's names: a firm of partners", name=shown)
        return Score(PERSON_CAP, why)
    return None
