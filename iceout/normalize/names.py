"""Organisation and person names: a display form and a comparison key.

Every name has two forms. `clean_text` is what a reviewer reads: entities decoded,
whitespace tidied, accents and case kept. `name_key` is what the matcher compares:
folded to ASCII lower case, punctuation and legal forms gone, so that
'G4S SOLUTIONS VALEURS (CANADA) LT&Eacute;E' and 'G4S Solutions Valeurs (Canada) Ltée'
meet on 'g4s solutions valeurs canada'.

Legal forms come from rigour's org-type database, supplemented by the Canadian and
French forms it misses (ltée, limitée, corp, corporation, co, company, cie, senc,
sencrl, ulc, ...). Two positional rules keep removal from eating real words:

- the first word is never removed ('Company Store', 'SAS Institute', 'CA Technologies');
- rigour's short international codes ('ag', 'sa', 'ab', 'as', 'in', 'ca', ...) are removed
  only at the end of the name, and not when they are a province after a company number
  ('925305 AB LIMITED' keeps 'ab', Alberta); only our own list is removed anywhere.
"""

import html
import re
import threading
import unicodedata
from functools import lru_cache

from rigour.names import NameTypeTag, SymbolCategory, analyze_names, remove_org_types

from iceout.normalize.text import fold

UNESCAPE_PASSES = 3
# Only entities closed by ';' are decoded: html.unescape alone would also turn legacy
# forms without ';' into symbols ('AB&REGIONAL' -> 'AB®IONAL').
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Invisible characters that copy/paste leaves inside words; str.split() does not see them.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))

# Forms rigour does not remove (measured on rigour 2.6) or that we want removed anywhere
# after the first word. Canadian federal data writes French forms without accents as often
# as with, hence both 'ltee' and the folded 'limitee'.
_FORMS_ANYWHERE = frozenset(
    {
        "inc", "incorporated", "incorporee", "ltd", "limited", "ltee", "limitee",
        "corp", "corporation", "co", "company", "cie", "compagnie",
        "llc", "llp", "lllp", "pllc", "plc", "ulc", "sarl", "senc", "sencrl", "srl", "gmbh",
    }
)  # fmt: skip
# End-of-name forms outside rigour: 'S.E.C.' (société en commandite) is also an acronym
# elsewhere; 'professional' is what is left of 'Professional Corporation'.
_FORMS_AT_END = frozenset({"sec", "professional"})

# Canada and its provinces and territories as they follow the number of a numbered
# company, in English, French and the postal/abbreviated forms, already folded.
_PROVINCES = (
    "canada", "cda", "can", "ontario", "ont", "on", "quebec", "que", "qc",
    "alberta", "alta", "ab", "british columbia", "bc", "colombie britannique",
    "manitoba", "man", "mb", "saskatchewan", "sask", "sk", "nova scotia", "ns",
    "nouvelle ecosse", "new brunswick", "nb", "nouveau brunswick",
    "newfoundland", "newfoundland and labrador", "nfld", "nl", "terre neuve et labrador",
    "prince edward island", "pei", "pe", "ile du prince edouard", "yukon", "yt",
    "northwest territories", "nwt", "nt", "territoires du nord ouest", "nunavut", "nu",
)  # fmt: skip
# Province codes that rigour would strip as foreign legal forms after a company number
# ('925305 AB LIMITED': Alberta, not the Swedish aktiebolag).
_PROVINCE_CODES = frozenset(p for p in _PROVINCES if len(p) <= 3)
_NUMBERED = re.compile(r"(?:\d{6,10}|\d{4} \d{4}) (?:" + "|".join(_PROVINCES) + ")")

# Words that weigh little when two company names are compared, by class:
QUALIFIER_TOKENS: frozenset[str] = frozenset(
    # Geography: subsidiaries add their country ('Thomson Reuters Canada', 'G4S Secure
    # Solutions (USA)'), so a shared or missing country word says little about identity.
    "canada canadian canadien canadienne cda usa us america american amerique north "
    "international intl internationale global worldwide "
    # Level of government or reach, added by the same kind of naming habit.
    "federal national nationale "
    # Structural words that groups add and drop ('Garda Security Group', 'Garda').
    "group groupe holding holdings services service enterprises entreprises "
    # English and French connecting words.
    "of the and for a an in on at du de des d la le les l et en au aux pour".split()
)

# A division or trade name separates two named entities. 'parent' markers put the owner
# second ('Carswell, a division of Thomson Reuters'); the others put the trade name,
# a former name or an alias second ('NEXT WOOD INC. OPERATING AS INLINE SYSTEMS').
_SECOND_NAME = re.compile(
    r"""
    \b(?:an?\s+|une\s+)?division\s+(?:of|de)\b
    | \(\s*operating\b(?:\s+as\b)?          # '(operating as: X)', '(OPERATING)'
    | \boperating\s+as\b | \boperating\s*: | ,\s*operating\s*$
    | (?<!\w)o/a\b | \bd[./]?b[./]?a\b\.? | \bdoing\s+business\s+as\b
    | \bc\.o\.b\.(?:\s+as\b)? | \bcarrying\s+on\s+business\s+as\b
    | \btrading\s+as\b | (?<!\w)t/a\b | \bfaisant\s+affaires?\s+sous(?:\s+le\s+nom\s+de)?\b
    | \(?\s*\bformerly\b(?:\s+known\s+as\b)? | \banciennement\b
    | \b[af][./]k[./]a\b\.? | \balso\s+known\s+as\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Every marker above contains one of these: a substring test that spares most names
# the slow regex (1.5 us against 18 us a name).
_SECOND_NAME_HINTS = (
    "division", "operating", "o/a", "dba", "d.b", "d/b", "business", "c.o.b", "trading",
    "t/a", "faisant", "formerly", "anciennement", "known", "k.a", "k/a",
)  # fmt: skip
_EDGE_PUNCT = " ,;:-\u2013\u2014_/"
_ACRONYM = re.compile(r"\b(?:[a-z]\.){2,}(?:[a-z]\b)?")  # 's.e.n.c.r.l', 'i.b.m.'
# 'l-3', 'g-4', '9123-4567' join; '1001544-cgi' (a supplier number before a name) does not
_BRAND_HYPHEN = re.compile(r"(?<=\b[a-z])-(?=[0-9])|(?<=\b[a-z]{2})-(?=[0-9])|(?<=[0-9])-(?=[0-9])")
_COOP = re.compile(r"\bco[\s-]+op(?=erat|\b)", re.IGNORECASE)  # 'Co-op(erative)' is one word
_NON_WORD = re.compile(r"[\W_]+")


def clean_text(value: str | None) -> str | None:
    """Return the display form of a text value, or None when nothing is left."""
    if value is None:
        return None
    if "&" not in value and value.isascii():
        # nothing to decode, compose or make visible: most values of every file (measured on
        # the legacy contracts' 1.9M fields, 4x faster overall)
        return " ".join(value.split()) or None
    text = value
    # again for double escaping such as '&amp;Eacute;'; bounded, since '&amp;amp;amp;...' would
    # otherwise take one pass per level: time quadratic in the value's length
    for _ in range(UNESCAPE_PASSES):
        decoded = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
        if decoded == text:
            break
        text = decoded
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return " ".join(text.split()) or None


# A name's parts are asked for several times in a row (its profile asks for the key, the legal
# forms and the formless words; the person shape asks again): the caches below make that once
# per name. Small, since the asks come together: a cache of every name of a rebuild (131,072)
# saved no more CPU and raised its peak memory by 170 MB; a server's memory stays flat.
NAME_CACHE = 4_096


@lru_cache(maxsize=NAME_CACHE)
def split_division(name: str) -> tuple[str, str | None]:
    """Split 'X, a division of Y' or 'X operating as Y' into (X, Y).

    When the name starts with the marker ('O/A Distribution Access') or ends with it
    ('1292161 ONTARIO INC OPERATING AS'), the one name present comes back first.
    A regional division ('COMMISSIONNAIRES DIVISION DE MONTREAL') comes back with the
    place as second name: the first part is still the right key.
    """
    text = clean_text(name) or ""
    folded = text.casefold()
    if not any(hint in folded for hint in _SECOND_NAME_HINTS):
        return text, None
    match = _SECOND_NAME.search(text)
    if match is None:
        return text, None
    first = text[: match.start()].rstrip(_EDGE_PUNCT + "(").strip()
    second = _trim_second(text[match.end() :])
    if not first:
        return (second or text), None
    return first, second or None


def _trim_second(text: str) -> str | None:
    text = text.strip(_EDGE_PUNCT)
    if text.count(")") > text.count("("):
        text = text[: text.rfind(")")]  # the bracket closing '(operating as X)', and a '.'
    return text.strip(_EDGE_PUNCT) or None


@lru_cache(maxsize=65_536)  # words repeat far more than names do: 'Inc.', 'CANADA'
def _fold_word(word: str) -> tuple[str, ...]:
    """Comparison tokens of one written word: 'MGMT.CONS' -> ('mgmt', 'cons')."""
    word = fold(word).replace("&", " and ").replace("'", "")
    word = _ACRONYM.sub(lambda m: m.group(0).replace(".", "") + " ", word)
    word = _BRAND_HYPHEN.sub("", word)
    return tuple(token for token in _NON_WORD.split(word) if token)


Token = tuple[str, int]  # a comparison token and the index of the written word it is from


@lru_cache(maxsize=NAME_CACHE)
def _tokens(name: str) -> tuple[tuple[str, ...], tuple[Token, ...]]:
    """The written words of the key part of a name, and its tokens with their word index."""
    first, _ = split_division(name)
    words = _COOP.sub(lambda m: m.group(0)[:2] + "op", first).split()
    tokens = tuple((token, i) for i, word in enumerate(words) for token in _fold_word(word))
    return tuple(words), tokens


def _is_form(tokens: tuple[Token, ...], before: str) -> bool:
    """Whether the tokens are one legal form, `before` being the token that precedes them."""
    if before.isdigit() and tokens[0][0] in _PROVINCE_CODES:  # '925305 AB' is in Alberta
        return False
    return _is_form_text(" ".join(token for token, _ in tokens))


@lru_cache(maxsize=65_536)
def _is_form_text(text: str) -> bool:
    if text in _FORMS_ANYWHERE or text in _FORMS_AT_END:
        return True
    return not remove_org_types(text).strip()


def _strip_end(tokens: tuple[Token, ...]) -> tuple[tuple[Token, ...], tuple[Token, ...]]:
    """Remove legal forms, longest first, and dangling 'and' from the end of a name."""
    removed: tuple[Token, ...] = ()
    while len(tokens) > 1:
        if tokens[-1][0] in ("and", "et"):  # '& Co', '& Cie', or a name cut short
            tokens = tokens[:-1]
            continue
        size = next((n for n in (3, 2, 1) if _is_end_form(tokens, n)), 0)
        if not size:
            break
        removed = tokens[-size:] + removed
        tokens = tokens[:-size]
    return tokens, removed


def _is_end_form(tokens: tuple[Token, ...], size: int) -> bool:
    return len(tokens) > size and _is_form(tokens[-size:], tokens[-size - 1][0])


@lru_cache(maxsize=NAME_CACHE)  # the key, the legal forms and the person shape all ask
def _split_forms(tokens: tuple[Token, ...]) -> tuple[tuple[Token, ...], tuple[Token, ...]]:
    """Separate legal forms (and articles around them) from the rest of a name."""
    if tokens and tokens[0][0] == "the":
        tokens = tokens[1:]
    if len(tokens) > 1 and tokens[-1][0] == "the":  # 'GEO GROUP INC., THE'
        tokens = tokens[:-1]
    # The end first, so that 'Limited Liability Company' goes as one form.
    tokens, at_end = _strip_end(tokens)
    inside = tuple(t for t in tokens[1:] if t[0] in _FORMS_ANYWHERE)
    tokens = tokens[:1] + tuple(t for t in tokens[1:] if t[0] not in _FORMS_ANYWHERE)
    uncovered: tuple[Token, ...] = ()
    if inside:  # 'Smith & Co Ltd' leaves 'smith and'
        tokens, uncovered = _strip_end(tokens)
    return tokens, tuple(sorted(inside + uncovered + at_end, key=lambda t: t[1]))


@lru_cache(maxsize=262_144)
def name_key(name: str) -> str:
    """Return the comparison key of a name; '' when nothing comparable is left."""
    kept, _ = _split_forms(_tokens(name)[1])
    return " ".join(token for token, _ in kept)


_ROMAN = re.compile(r"^[ivxlc]+$")  # series markers rigour may take for forms ('II', 'C')


@lru_cache(maxsize=262_144)
def formless_tokens(name: str) -> tuple[str, ...]:
    """The name's tokens with legal forms removed wherever they stand, in any language rigour
    knows ('OAO Gazprom' and 'Open Joint Stock Company Gazprom' both give ('gazprom',)).
    Broader than `name_key`, which keeps a first word that may be a form ('CA Technologies');
    for comparing two names that share the rest."""
    tokens = [token for token, _ in _tokens(name)[1]]
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    kept = remove_org_types(" ".join(tokens)).split()
    if len(kept) < len(tokens):  # put back series markers ('Solutions II') rigour removed
        present = set(kept)
        kept = [t for t in tokens if t in present or _ROMAN.match(t)]
    ours = [t for t in kept if t not in _FORMS_ANYWHERE and t not in _FORMS_AT_END]
    ours = _drop_trailing_forms(ours or kept)
    return tuple(ours)


# Multi-word forms rigour does not know, as our tokens spell them.
_TRAILING_FORMS = (("sp", "z", "oo"), ("s", "a", "de", "c", "v"), ("sa", "de", "cv"))


def _drop_trailing_forms(tokens: list[str]) -> list[str]:
    for form in _TRAILING_FORMS:
        if len(tokens) > len(form) and tuple(tokens[-len(form) :]) == form:
            return tokens[: -len(form)]
    return tokens


def name_tokens(name: str) -> list[str]:
    """Return the tokens of `name_key(name)`."""
    return name_key(name).split()


def legal_forms(name: str) -> list[str]:
    """Return the legal-form words that `name_key` removed, as written: ['Ltée']."""
    words, tokens = _tokens(name)
    _, removed = _split_forms(tokens)
    indexes = sorted({index for _, index in removed})
    return [words[i].strip(",;:()[]") for i in indexes]


def is_numbered_company(name: str) -> bool:
    """True for Canadian numbered companies: '7655762 CANADA INC', '9123-4567 QUEBEC INC'."""
    return _NUMBERED.fullmatch(name_key(name)) is not None


# Words that make a name an organisation's for `looks_like_person`.
_ORG_WORDS = frozenset(
    "university universite college school ecole institute institut hospital clinic centre "
    "center society societe association foundation fondation council conseil agency agence "
    "board commission ministry department government city county town municipality village "
    "region regional services service systems systemes solutions group groupe consulting "
    "consultants consultant conseillers associates associes partners partenaires enterprises "
    "entreprises industries international technologies technology communications media "
    "network networks software computer computers data research management marketing design "
    "engineering construction supply supplies equipment products productions trust bank "
    "insurance canada canadian national global labs laboratory laboratories studio studios "
    "store shop press printing security securite travel transport logistics health sante "
    "medical legal law architects architecture corps club office bureau sales air motors auto "
    "hotel inn lodge tek tech and et".split()
)
# Honorifics before and after a person's name. rigour's person-prefix list also holds
# 'General', 'President', 'The', ... which begin many company names, so it is not used.
_HONORIFICS = frozenset("mr mrs ms miss mx mme mlle dr prof sir dame monsieur madame rev".split())
_POST_NOMINALS = frozenset("jr sr ii iii qc kc phd md cpa".split())
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=NAME_CACHE)
def person_shape(name: str) -> bool | None:
    """What a name's shape alone says: True (an honorific opens it), False (a legal form,
    digit or organisation word; or not two to four words), None (ask the name dictionary)."""
    _, tokens = _tokens(name)
    titled = bool(tokens) and tokens[0][0] in _HONORIFICS
    tokens = tuple(t for t in tokens if t[0] not in _HONORIFICS and t[0] not in _POST_NOMINALS)
    _, removed = _split_forms(tokens)  # 'III' would otherwise read as a legal form
    parts = [token for token, _ in tokens]
    if removed or not parts or any(_DIGIT.search(p) or p in _ORG_WORDS for p in parts):
        return False
    if titled:
        return True
    words = [p for p in parts if len(p) > 1]  # initials say nothing either way
    return None if 2 <= len(words) <= 4 else False


@lru_cache(maxsize=65_536)
def looks_like_person(name: str) -> bool:
    """Best-effort guess that a name is an individual's, for care in reports.

    True when there is no legal form, digit or organisation word, and either an honorific
    opens the name ('Mr. James A. Pattison') or it has two to four words that are all
    given or family names known to rigour ('THOMSON LEILA'). Rare surnames
    ('Andrea Oberdieck') give False; firms named like people ('Herman Miller') give True.
    """
    shape = person_shape(name)
    if shape is not None:
        return shape
    words = person_words(name)
    return _known_person_names(words) == len(words)


def person_words(name: str) -> list[str]:
    """The words that say whether a name is a person's: initials, honorifics and
    post-nominals aside."""
    return [
        p
        for p in (t for t, _ in _tokens(name)[1])
        if len(p) > 1 and p not in _HONORIFICS and p not in _POST_NOMINALS
    ]


def _known_person_names(words: list[str]) -> int:
    """How many of the words rigour's name dictionary knows as given or family names."""
    covered: set[int] = set()
    # One loader: a name asked about while the dictionary loads waits for it, not loads it too.
    with _DICTIONARY_LOCK:
        analysed_names = analyze_names(NameTypeTag.PER, [" ".join(words)], phonetics=False)
    for analysed in analysed_names:
        for span in analysed.spans:
            if span.symbol.category in (SymbolCategory.NAME, SymbolCategory.NICK):
                covered.update(part.index for part in span.parts)
    return len(covered)


_DICTIONARY_LOCK = threading.Lock()
