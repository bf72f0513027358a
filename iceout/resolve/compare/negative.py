"""Negative evidence: what says two look-alike names belong to different organisations. Each
function is pure and returns a Score (value in 0..1, a reason a reviewer can read) or None
when it has nothing to say; the trained model (iceout/resolve/model.py) weighs them."""

import re
from collections.abc import Callable
from functools import lru_cache

from rapidfuzz.distance import Indel

from iceout.i18n.message import Message
from iceout.normalize.names import QUALIFIER_TOKENS
from iceout.resolve.compare import Score
from iceout.resolve.compare.tokens import near_token, same_token
from iceout.resolve.profile import NameProfile, profile

# The reach or home of a body: 'Canadian Association of Chiefs of Police' and 'International
# Association of Chiefs of Police' are two organisations, not one written two ways.
SCOPES = {
    "canada": "canada", "canadian": "canada", "canadien": "canada", "canadienne": "canada",
    "cda": "canada", "america": "us", "american": "us", "americas": "us", "usa": "us",
    "us": "us", "international": "world", "intl": "world", "internationale": "world",
    "global": "world", "worldwide": "world", "world": "world", "national": "national",
    "nationale": "national", "federal": "national", "north": "north", "provincial": "province",
}  # fmt: skip
# Places: a shared place word ('Ottawa', 'Pacific') says where, not who.
PLACES = frozenset(
    "canada canadian canadien canadienne cda usa us america american americas north south east "
    "west northern southern eastern western central pacific atlantic national international "
    "global world ontario quebec alberta manitoba saskatchewan columbia scotia brunswick "
    "newfoundland labrador yukon nunavut territories ottawa toronto montreal vancouver calgary "
    "edmonton winnipeg halifax victoria regina saskatoon hamilton london kingston gatineau "
    "laval quebecois ontarian texas california florida york virginia washington carolina "
    "arizona georgia maryland jersey dakota nevada colorado michigan ohio mexico europe "
    "asia africa".split()
)
# Families of legal form: a company is one of these, never two ('Inc' and 'LLC').
FORM_KINDS = {
    "llc": "llc", "l l c": "llc", "pllc": "llc",
    "lp": "partnership", "l p": "partnership", "llp": "partnership", "l l p": "partnership",
    "lllp": "partnership", "senc": "partnership", "sencrl": "partnership",
    "s e n c r l": "partnership", "s e n c": "partnership", "partnership": "partnership",
    "inc": "corporation", "incorporated": "corporation", "corp": "corporation",
    "corporation": "corporation", "ltd": "corporation", "limited": "corporation",
    "ltee": "corporation", "limitee": "corporation", "incorporee": "corporation",
}  # fmt: skip
_NUMBER = re.compile(r"\d+")
Distinctive = Callable[[str], bool]


MISSPELT = 0.75  # 'Rebuplic' / 'Republic', 'Schdmit' / 'Schmidt': two edits in a long word
LONG = 6


@lru_cache(maxsize=65_536)  # one pair asks it several times (unshared, generic, places)
def meets(token: str, others: tuple[str, ...]) -> bool:
    return any(
        same_token(token, u)
        or near_token(token, u)
        or (min(len(token), len(u)) >= LONG and Indel.normalized_similarity(token, u) >= MISSPELT)
        for u in others
    )


def _unshared(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The words of each name that no word of the other explains: equal, abbreviated or
    misspelt, or written together ('Sunlife' / 'Sun Life') or as initials ('Excel HR' /
    'Excel Human Resources') of words next to each other in the other name."""
    only_a = [t for t in a if not meets(t, b)]
    only_b = [u for u in b if not meets(u, a)]
    for short, long in ((only_a, only_b), (only_b, only_a)):
        for token in list(short):
            run = _joined(token, long)
            if run:
                short.remove(token)
                for word in run:
                    long.remove(word)
    return only_a, only_b


JOINED = 3  # words at most written together or as initials


def _joined(token: str, words: list[str]) -> tuple[str, ...] | None:
    """The words next to each other in `words` that `token` writes together or abbreviates by
    their initials ('airforce' / 'air force', 'hr' / 'human resources')."""
    for size in range(2, JOINED + 1):
        for start in range(len(words) - size + 1):
            run = tuple(words[start : start + size])
            if token == "".join(run) or token == "".join(w[0] for w in run):
                return run
    return None


def different_numbers(a: NameProfile, b: NameProfile) -> Score | None:
    """'Blackstone Partners VII' / 'VIII', 'Local 183' / 'Local 27': numbers name entities."""
    # the numbers, not the words holding them: '2 Keys' / '2Keys', '3 D Datacomm' / '3D Datacom'
    na = set(_NUMBER.findall(" ".join(a.body)))
    nb = set(_NUMBER.findall(" ".join(b.body)))
    if not (na or nb) or na == nb:
        return None
    if na and nb:
        return Score(
            1.0, Message("different numbers (%(words)s)", words=", ".join(sorted(na ^ nb)))
        )
    return Score(
        0.5, Message("a number on one side only (%(words)s)", words=", ".join(sorted(na | nb)))
    )


def different_initials(a: NameProfile, b: NameProfile) -> Score | None:
    """'AB Staffing Solutions' / 'Solutions Staffing', 'J P Gravel' / 'R Gravel': letters and
    short initialisms that one name has and the other lacks name another owner."""
    short_a, short_b = _initials(a), _initials(b)
    shown = _initials_apart(a, b, short_a, short_b)
    if shown is None:
        return None
    return Score(
        1.0 if short_a and short_b else 0.5, Message("different initials (%(words)s)", words=shown)
    )


def _initials(p: NameProfile, ignored: frozenset[str] = frozenset()) -> set[str]:
    """Letters and short initialisms of a name's body."""
    return {t for t in p.body if len(t) <= 2 and t.isalpha() and t not in ignored}


def _initials_apart(
    a: NameProfile, b: NameProfile, short_a: set[str], short_b: set[str]
) -> str | None:
    """The initials one name has and the other lacks, as shown; None when they agree or are
    the same letters written apart ('G A L Power' / 'GAL Power')."""
    if short_a == short_b:
        return None
    letters_a = "".join(t for t in a.body if t in short_a)
    letters_b = "".join(t for t in b.body if t in short_b)
    if letters_a in "".join(b.body) and letters_b in "".join(a.body):
        return None
    return ", ".join(repr(t) for t in sorted(short_a ^ short_b))


def conflicting_words(a: NameProfile, b: NameProfile, distinctive: Distinctive) -> Score | None:
    """Each name has a distinctive word the other lacks: 'Paragon Ag Service' / 'Paragon
    Professional Services' share a brand but name two trades."""
    only_a, only_b = _unshared(_plain(a), _plain(b))
    rare_a = [t for t in only_a if distinctive(t) and len(t) > 2]
    rare_b = [t for t in only_b if distinctive(t) and len(t) > 2]
    if only_a and only_b:
        value = 1.0 if rare_a and rare_b else 0.5
        shown = ", ".join(repr(t) for t in [*only_a, *only_b])
        return Score(value, Message("each name has words the other lacks (%(words)s)", words=shown))
    return None


def distinct_bodies(a: NameProfile, b: NameProfile) -> Score | None:
    """'Canadian Association of ...' / 'International Association of ...': the same kind of
    body at another reach. A reach on one side only ('Sico' / 'Sico America') is weaker."""
    sa = {SCOPES[t] for t in a.tokens if t in SCOPES}
    sb = {SCOPES[t] for t in b.tokens if t in SCOPES}
    if sa == sb:
        return None
    if sa and sb and not (sa & sb):
        shown = ", ".join(sorted(sa | sb))
        return Score(
            1.0,
            Message("bodies of different reach (%(words)s): distinct organisations", words=shown),
        )
    if sa and sb:
        return Score(
            0.5, Message("different reach words (%(words)s)", words=", ".join(sorted(sa ^ sb)))
        )
    return Score(
        0.3, Message("a reach word on one side only (%(words)s)", words=", ".join(sorted(sa | sb)))
    )


def place_only(a: NameProfile, b: NameProfile) -> Score | None:
    """The only words the names share are places: 'Ottawa Valley Tours' / 'Ottawa Hospital'."""
    shared = [t for t in a.core if meets(t, b.core)]
    if shared and all(t in PLACES for t in shared):
        return Score(
            1.0,
            Message(
                "only place words are shared (%(words)s)", words=", ".join(repr(t) for t in shared)
            ),
        )
    return None


def generic_only(a: NameProfile, b: NameProfile, distinctive: Distinctive) -> Score | None:
    """The shared words are all common ones ('Management', 'Solutions'): alike, not one."""
    if a.key != b.key and a.key.replace(" ", "") == b.key.replace(" ", ""):
        return None  # one name written with other spacing ('Media Q' / 'MediaQ'): all shared
    shared = [t for t in a.body if meets(t, b.body)]
    if not shared:
        return Score(1.0, Message("no word in common"))
    if any(distinctive(t) for t in shared):
        return None
    return Score(
        1.0,
        Message(
            "only common words are shared (%(words)s)", words=", ".join(repr(t) for t in shared)
        ),
    )


def form_conflict(a: NameProfile, b: NameProfile) -> Score | None:
    """'Optech Incorporated' / 'Optech LLC': a corporation, an LLC and a partnership are
    different kinds of legal person, so two kinds mean two registrations."""
    kinds_a = {FORM_KINDS[k] for k in _forms(a) if k in FORM_KINDS}
    kinds_b = {FORM_KINDS[k] for k in _forms(b) if k in FORM_KINDS}
    if kinds_a and kinds_b and not (kinds_a & kinds_b):
        shown = f"{', '.join(a.legal_forms)} / {', '.join(b.legal_forms)}"
        return Score(1.0, Message("different kinds of legal person (%(words)s)", words=shown))
    return None


def _plain(p: NameProfile) -> tuple[str, ...]:
    """Words without legal forms ('OAO', 'Open Joint Stock Company') or qualifiers."""
    return tuple(t for t in p.words if t not in QUALIFIER_TOKENS) or p.core


def _forms(p: NameProfile) -> set[str]:
    return {re.sub(r"[^a-z ]", " ", f.lower()).strip() for f in p.legal_forms} | {
        re.sub(r"[^a-z]", "", f.lower()) for f in p.legal_forms
    }


def different_lead(a: NameProfile, b: NameProfile, rare: Distinctive | None = None) -> Score | None:
    """'Crash Data Group' / 'The Data Group', 'Ottawa Business Interiors' / 'U.S. Business
    Interiors': a name's first word is what tells it apart; another first word, another name.
    Not so for one name written in another order or spacing (`reordered`)."""
    plain_a, plain_b = _plain(a), _plain(b)
    lead_a, lead_b = plain_a[:1], plain_b[:1]
    if not lead_a or not lead_b or meets(lead_a[0], lead_b) or reordered(a, b, rare):
        return None
    if _opens(lead_a[0], plain_b) or _opens(lead_b[0], plain_a):
        return None  # 'U.S. Department' / 'United States Department': initials of the same words
    return Score(
        1.0,
        Message(
            "the names open with different words ('%(a)s' / '%(b)s')", a=lead_a[0], b=lead_b[0]
        ),
    )


def _opens(token: str, words: tuple[str, ...]) -> bool:
    """`token` writes the first words of `words` together or as their initials."""
    run = _joined(token, list(words[:JOINED]))
    return run is not None and run == words[: len(run)]


def reordered(a: NameProfile, b: NameProfile, rare: Distinctive | None = None) -> bool:
    """One name in another order or spacing: turned at a comma ('Mesa, City of', 'Howell,
    Nathaniel'), words written apart ('W. W. Grainger' / 'WW Grainger'), or the same words of
    which one is `rare` ('Energies Harnois' / 'Harnois Energies', 'Document Company Xerox').
    The same common words in another order may be another company ('Security Services
    General' / 'General Security Services')."""
    if "".join(a.words) == "".join(b.words):
        return True
    if sorted(a.words) != sorted(b.words):
        return False  # cheap, and true of most pairs: then nothing below is asked
    return _turned(a, b) or _turned(b, a) or (rare is not None and any(map(rare, a.words)))


def _turned(a: NameProfile, b: NameProfile) -> bool:
    """`a` written with its head after a comma ('NEW YORK, CITY OF') is `b`."""
    if "," not in a.name:
        return False
    head, _, tail = a.name.rpartition(",")
    if not head.strip() or not tail.strip():
        return False
    return profile(f"{tail} {head}").words == b.words


def one_word_shared(a: NameProfile, b: NameProfile) -> Score | None:
    """'Teal Group' / 'Teal Drones', 'Hyatt Sales and Rentals' / 'Hyatt Corporation': the names
    share one word of substance and one of them says more than the other, in words that are
    neither qualifiers nor places (a trade, a person, a purpose). One word is a name many
    organisations bear; what else the names say is what tells them apart."""
    plain_a, plain_b = _plain(a), _plain(b)
    shared = list(dict.fromkeys(t for t in plain_a if meets(t, plain_b)))
    if len(shared) != 1:
        return None
    only_a, only_b = _unshared(plain_a, plain_b)
    extra = [t for t in [*only_a, *only_b] if len(t) > 2 and t not in PLACES]
    if not extra:
        return None
    shown = ", ".join(repr(t) for t in extra)
    return Score(
        1.0,
        Message(
            "they share only '%(word)s' and one says more (%(words)s)", word=shared[0], words=shown
        ),
    )


def own_words(a: NameProfile, b: NameProfile, rare: Distinctive) -> Score | None:
    """'Performance Management Network' / 'Performance Assessment Network', 'Sustainable Waste
    Solutions' / 'Sustainable Security Solutions': each name has a word of substance (not a
    qualifier, a place or a number) that the other lacks, and no word they share is rare: two
    firms named alike in common words, each saying its own trade."""
    plain_a, plain_b = _plain(a), _plain(b)
    only_a, only_b = _unshared(plain_a, plain_b)
    own_a = [t for t in _substance(only_a) if not _cut(t, only_b)]
    own_b = [t for t in _substance(only_b) if not _cut(t, only_a)]
    if not own_a or not own_b:
        return None
    if any(rare(t) for t in plain_a if meets(t, plain_b)):
        return None  # a rare shared word is a brand: 'Deloitte Consulting' / 'Deloitte & Touche'
    return Score(
        1.0,
        Message(
            "each name says its own trade ('%(a)s' / '%(b)s') beside common shared words",
            a=" ".join(own_a),
            b=" ".join(own_b),
        ),
    )


def _cut(token: str, words: list[str]) -> bool:
    """`token` is the start of one of `words`: a name cut short ('CGI - Information Systems
    Man' for '... Management')."""
    return any(u.startswith(token) for u in words)


def _substance(words: list[str]) -> list[str]:
    """Words that say a trade or a name ('it' among them), not a place, a number or a letter."""
    return [
        t
        for t in words
        if len(t) > 1 and t not in NOT_INITIALS and t not in PLACES and not _NUMBER.search(t)
    ]


# Short words that are not a person's or a firm's initials: connectors, US state and Canadian
# province codes of an address ('... Williston ND USA'), series numerals ('Fund X' / 'XI').
NOT_INITIALS = frozenset(
    "on of de la le et du en au an at to by in the l d "
    "al ak az ar ca co ct fl ga hi id il ia ks ky me md ma mi mn ms mo mt ne nv nh nj nm ny "
    "nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc bc ab sk mb qc nb ns pe nl yt "
    "nt nu pq i ii iii iv v vi vii viii ix x xi xii xv xx".split()
)


def other_initials(a: NameProfile, b: NameProfile) -> Score | None:
    """'B & B Electronics' / 'B & H Foto & Electronics', 'GL-HR Solutions' / 'GL Solutions':
    each name bears initials and they are not the same: initials name an owner, so other
    initials, another owner. Connectors, state or province codes and series numerals are not
    initials."""
    short_a, short_b = _initials(a, NOT_INITIALS), _initials(b, NOT_INITIALS)
    if not short_a or not short_b:
        return None
    shown = _initials_apart(a, b, short_a, short_b)
    if shown is None:
        return None
    return Score(1.0, Message("each name bears other initials (%(words)s)", words=shown))
