"""Positive evidence that settles a link the name model leaves open: a company's national arm
('Oracle Corporation Canada' / 'Oracle America') and a vetted name followed by a branch
('Xerox Canada Ltd, Ottawa' / the curated 'Xerox Canada Limited'). Each is a pure function
returning a Score with its reason as a Message, or None."""

from collections.abc import Callable

from iceout.i18n.message import Message
from iceout.resolve.compare import Score
from iceout.resolve.compare.negative import PLACES, SCOPES
from iceout.resolve.compare.tokens import same_token
from iceout.resolve.profile import NameProfile

# The words by which a name says it is the Canadian arm of a brand.
CANADIAN = frozenset({"canada", "canadian", "canadien", "canadienne", "cda"})
# Cities a branch or an office is named after ('IBM Canada (Markham)'); with PLACES, the
# words that say where a company is, not which company it is.
CITIES = frozenset(
    "mississauga markham brampton burnaby surrey richmond kanata nepean oakville burlington "
    "waterloo kitchener guelph windsor sudbury moncton fredericton charlottetown dartmouth "
    "sherbrooke longueuil levis trois rivieres saguenay kelowna nanaimo kamloops whitehorse "
    "yellowknife iqaluit thunder bay".split()
)
CONNECTORS = frozenset("of the and de du des la le les et".split())
# 'National' is part of a name ('Integrity National Corporation'); groups name a country's
# arm with the country, 'International', 'Global', 'North America' or 'Federal'.
NOT_AN_ARM = frozenset({"national", "nationale", "provincial"})
WHERE = (frozenset(SCOPES) | PLACES | CITIES | CONNECTORS) - NOT_AN_ARM
Rare = Callable[[str], bool]


def brand(p: NameProfile) -> tuple[str, ...]:
    """The name without the words that say where or how far a company reaches."""
    return tuple(t for t in p.words if t not in WHERE)


def national_arm(a: NameProfile, b: NameProfile, distinctive: Rare, rare: Rare) -> Score | None:
    """`a` names itself the Canadian arm of the brand `b` bears: the same brand opens both
    names, a distinctive word among it (a brand of one word: a rare one of three letters or
    more), and every other word is a country, a reach or a place ('Oracle Corporation Canada'
    / 'Oracle America', 'United Rentals of Canada' / 'United Rentals (North America)').
    Without 'Canada' in `a` the same brand can be another company ('Sico Inc.' / 'Sico
    America Inc.'); with another word of substance ('Colt Canada' / 'Colt Services') or
    number ('Vets Canada' / '3-Vets') it can be another trade; a reach in front ('Canadian
    Association of Chiefs of Police') names a body of its own; a word many names bear
    ('Rescue Canada' / 'Rescue International') or of two letters names no one brand."""
    if not CANADIAN & set(a.words) or _numbers(a) != _numbers(b):
        return None
    mark = brand(a)
    if not mark or mark != brand(b) or not any(distinctive(t) for t in mark):
        return None
    if len(mark) == 1 and (len(mark[0]) < 3 or not rare(mark[0])):
        return None
    if a.words[0] != mark[0] or b.words[0] != mark[0]:
        return None
    return Score(
        1.0,
        Message(
            "'%(name)s' names itself the Canadian arm of '%(brand)s'",
            name=a.name,
            brand=" ".join(mark),
        ),
    )


def _numbers(p: NameProfile) -> set[str]:
    return {t for t in p.tokens if any(c.isdigit() for c in t)}


def branch_of_vetted(a: NameProfile, b: NameProfile, curated: bool) -> Score | None:
    """`a` opens with the whole of a curated name of two words or more ('Xerox Canada Ltd,
    Ottawa' / 'Xerox Canada Limited', 'Ernst Young' / 'Ernst & Young'): a vetted name, then
    perhaps a branch, an office or an account. A curated name of one word ('Harris') is a
    brand many companies bear, so it settles nothing."""
    vetted = _plain(b)
    if not curated or len(vetted) < 2 or _plain(a)[: len(vetted)] != vetted:
        return None
    return Score(
        1.0,
        Message("'%(name)s' opens with the curated name '%(vetted)s'", name=a.name, vetted=b.name),
    )


def registered_twice(
    a: NameProfile, b: NameProfile, same: Score | None, rare: Rare
) -> Score | None:
    """'VWR International Ltd.' / 'VWR International LLC', 'Convergint Technologies Ltd' /
    'Convergint Technologies LLC': one name of two words or more, a rare one among them,
    registered as two kinds of company (`same`: the names agree apart from legal forms): one
    group's companies in two countries. One word ('Optech Incorporated' / 'Optech LLC') is a
    name two companies can bear."""
    if same is None or len(a.words) < 2 or not any(rare(t) and len(t) > 2 for t in a.words):
        return None
    return Score(
        1.0,
        Message(
            "'%(name)s' is one name with a rare word, registered twice", name=" ".join(a.words)
        ),
    )


def _plain(p: NameProfile) -> tuple[str, ...]:
    return tuple(t for t in p.words if t not in CONNECTORS)


def within(b: NameProfile, a: NameProfile, rare: Rare) -> bool:
    """Every word of `b`'s brand is in `a` ('Wells Fargo & Company' in 'Wells Fargo Business
    Credit Colorado Springs Colo USA'): `a` may be `b` with an office, an address or a note.
    A brand of common words only is not enough."""
    mark = brand(b)
    if not mark or not any(rare(t) for t in mark):
        return False
    return all(any(same_token(t, u) for u in a.words) for t in mark)


def reach_in_front(a: NameProfile, b: NameProfile) -> Score | None:
    """'Canadian Bank Note Company' / 'American Bank Note Holographics', 'Canadian Association
    of Chiefs of Police' / 'International Association of Chiefs of Police': each name opens
    with its reach, and the reaches differ: two bodies, each of its own country or reach (an
    arm of a brand puts its country after the brand: 'Oracle Canada')."""
    lead_a, lead_b = a.words[:1], b.words[:1]
    if not lead_a or not lead_b or lead_a[0] not in SCOPES or lead_b[0] not in SCOPES:
        return None
    if SCOPES[lead_a[0]] == SCOPES[lead_b[0]]:
        return None
    return Score(
        1.0,
        Message("each name opens with its own reach ('%(a)s' / '%(b)s')", a=lead_a[0], b=lead_b[0]),
    )
