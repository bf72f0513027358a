"""Token equivalence used by the features: abbreviations and publisher truncation."""

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
    if len(a) >= MIN_PREFIX and len(b) >= MIN_PREFIX and (a + "s" == b or b + "s" == a):
        return True  # plural: 'Conseiller' / 'Conseillers', 'Informations' / 'Information'
    if not prefix:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_PREFIX and long.startswith(short) and not short.isdigit()
