"""Token equivalence used by the features: abbreviations, publisher truncation, misspellings."""

from rapidfuzz.distance import OSA

# Abbreviations seen in Canadian disclosure vendor names that are not simple prefixes of the
# full word (prefixes such as 'cons' -> 'consultants' are handled by same_token).
ABBREVIATIONS = {
    "mgmt": "management",
    "mgt": "management",
    "mngt": "management",
    "mgnt": "management",
    "svcs": "services",
    "svc": "services",
    "sys": "systems",
    "tech": "technologies",
    "intl": "international",
    "natl": "national",
    "assn": "association",
    "assoc": "associates",
    "grp": "group",
    "dept": "department",
    "govt": "government",
    "univ": "university",
    "eng": "engineering",
    "mfg": "manufacturing",
    "sols": "solutions",
    "soln": "solutions",
    "info": "information",
    "cntr": "centre",
    "ctr": "centre",
    "comm": "communications",
    "comms": "communications",
    "telecom": "telecommunications",
}
MIN_PREFIX = 4  # 'cons' may stand for 'consultants'; shorter prefixes are too ambiguous


def same_token(a: str, b: str, prefix: bool = True) -> bool:
    """Equal, an abbreviation of one another, or (with `prefix`) one a prefix (>= 4 letters)
    of the other."""
    if a == b:
        return True
    if ABBREVIATIONS.get(a, a) == ABBREVIATIONS.get(b, b):
        return True
    if a[:MIN_PREFIX] != b[:MIN_PREFIX]:
        return False  # every rule below needs the first four letters to agree
    if len(a) >= MIN_PREFIX and len(b) >= MIN_PREFIX and (a + "s" == b or b + "s" == a):
        return True  # plural: 'Conseiller' / 'Conseillers', 'Informations' / 'Information'
    if _same_stem(a, b):
        return True
    if not prefix:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_PREFIX and long.startswith(short) and not short.isdigit()


def near_token(a: str, b: str) -> bool:
    """One edit apart (two from 10 letters): 'Sytems' / 'Systems', 'Wolrd' / 'World'.
    Numbers and words under 4 letters never are."""
    if a.isdigit() or b.isdigit() or min(len(a), len(b)) < 4:
        return False
    allowed = 2 if max(len(a), len(b)) >= 10 else 1
    return OSA.distance(a, b, score_cutoff=allowed) <= allowed


# Endings that leave a word's meaning: 'Consulting' / 'Consultants' / 'Consultant'. Not
# 'Constructors' / 'Construction': those name different trades.
INFLECTIONS = frozenset({"", "s", "e", "es", "ing", "ant", "ants", "ancy"})


def _same_stem(a: str, b: str) -> bool:
    stem = 0
    while stem < min(len(a), len(b)) and a[stem] == b[stem]:
        stem += 1
    return stem >= 6 and a[stem:] in INFLECTIONS and b[stem:] in INFLECTIONS


def plural_y(a: str, b: str) -> bool:
    """'Technology' / 'Technologies': one word in two numbers. Not part of `same_token`, where
    it would make 'Advanced Chippewa Technologies' share more with 'Advanced Technology
    Group' (measured: 10 wrong store matches); `typos` uses it between names of one length."""
    short, long = sorted((a, b), key=len)
    return len(short) > MIN_PREFIX and short.endswith("y") and long == short[:-1] + "ies"
