"""What the documents say about ICE's presence in Canada (which cities have offices, which
buildings they work from, what agents may and may not do) and where documents disagree.

A sentence is about ICE when it names ICE or HSI, or right after one that does, opens with
'They', 'These cities', 'Ces bureaux' ... or speaks of agents or officers. Cities count only after a word about offices
('offices in five Canadian cities: ...'), so a dateline ('EDMONTON, AB — ...') is not read as
an office. What agents may do counts only in a sentence placed in Canada and framed as a rule
('do not', 'cannot', 'their authority'): 'police laid charges after raids in Ottawa' is no
statement about what ICE may do.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from iceout.claims.mentions import Mention
from iceout.claims.sentences import Sentence, Token
from iceout.domain import component

ICE = component("ICE").family_id
CITIES = {
    "toronto": "Toronto", "montreal": "Montreal", "vancouver": "Vancouver", "calgary": "Calgary",
    "ottawa": "Ottawa", "edmonton": "Edmonton", "winnipeg": "Winnipeg", "halifax": "Halifax",
    "quebec city": "Quebec City", "ville de quebec": "Quebec City", "victoria": "Victoria",
    "regina": "Regina", "saskatoon": "Saskatoon", "hamilton": "Hamilton", "windsor": "Windsor",
    "gatineau": "Gatineau", "st john s": "St. John's", "fredericton": "Fredericton",
    "moncton": "Moncton", "charlottetown": "Charlottetown", "whitehorse": "Whitehorse",
    "yellowknife": "Yellowknife", "iqaluit": "Iqaluit", "mississauga": "Mississauga",
    "brampton": "Brampton", "surrey": "Surrey", "laval": "Laval", "kelowna": "Kelowna",
    "niagara falls": "Niagara Falls", "sherbrooke": "Sherbrooke", "kitchener": "Kitchener",
    "london": "London", "thunder bay": "Thunder Bay", "cornwall": "Cornwall",
}  # fmt: skip
NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
}  # fmt: skip
OFFICE_WORDS = re.compile(r"offices?|bureaux?|cit(?:y|ies)|villes?")
CITY_WORDS = re.compile(r"cities|villes")
BUILDINGS = {"embass": "embassy", "ambassade": "embassy", "consula": "consulate"}
# 'other four cities' counts the cities besides one already named: not the total.
SUBSET_WORDS = frozenset("other autres".split())
CARRY_OVER = frozenset("they their these those its ils elles leurs leur ces".split())
AGENT_WORDS = frozenset("agent agents officer officers officials officiers".split())
IN_CANADA = re.compile(r"\b(?:canada|canadian|canadien\w*|here|ici|north of the border)\b")
NEGATIONS = frozenset("not t cannot no never aucun aucune jamais pas ne n".split())
NEGATION_LEADS = frozenset("don doesn didn do does did can won ne n".split())
RULE_WORDS = frozenset(
    "can may cannot allowed authorized authorised authority permitted role work works focus "
    "exclusively only peut peuvent autorise autorises autorisee interdit mandat".split()
)
ACTIVITIES: tuple[tuple[str, str, str | None], ...] = (
    # (activity, folded word, a word that must follow within three words)
    ("arrests", r"arrest\w*|arrestations?|arreter", None),
    ("carrying firearms", r"firearms?|armed|armés?", None),
    ("carrying firearms", r"armes", r"feu"),  # 'armes' alone are the arms of an export permit
    ("carrying firearms", r"port\w+", r"armes"),
    ("search warrants", r"warrants?|perquisitions?", None),
    ("detaining people", r"detain\w*|detenir", None),
    ("raids", r"raids?|descentes?", None),
    ("surveillance", r"surveillance", None),
    ("enforcing immigration law", r"enforc\w*|appliquer", r"immigration"),
    ("operational activities", r"operational|operationnelles?", r"activit\w*"),
    ("investigations", r"investigat\w*|enquetes?", None),
    ("intelligence sharing", r"intelligence|renseignements?", None),
)


@dataclass
class Statement:
    source: str
    sentence: Sentence
    cities: list[str] = field(default_factory=list)
    city_count: int | None = None
    buildings: list[str] = field(default_factory=list)
    activities: list[dict[str, Any]] = field(default_factory=list)
    about_offices: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "statement": self.sentence.text,
            "cities": self.cities,
            "city_count": self.city_count,
            "buildings": self.buildings,
            "activities": self.activities,
        }


def find_presence(
    source: str, sentences: list[Sentence], mentions: list[list[Mention]]
) -> list[Statement]:
    """Statements about ICE in Canada, in document order."""
    found: list[Statement] = []
    previous_about_ice, previous_in_canada = False, False
    for sentence, named in zip(sentences, mentions, strict=True):
        names_ice = any(m.family_id == ICE for m in named)
        carried = previous_about_ice and (
            _opens_with_reference(sentence) or any(t.fold in AGENT_WORDS for t in sentence.tokens)
        )
        in_canada = bool(IN_CANADA.search(_folded(sentence))) or (carried and previous_in_canada)
        covered = {i for m in named for i in range(m.first, m.end)}
        if (names_ice or carried) and not sentence.is_question:
            statement = _statement(source, sentence, covered, in_canada)
            if statement:
                found.append(statement)
        # 'in Canada' carries over one sentence only: 'They ...' after 'They ...' has drifted
        previous_about_ice = names_ice or carried
        previous_in_canada = bool(IN_CANADA.search(_folded(sentence)))
    return found


def _folded(sentence: Sentence) -> str:
    return " ".join(t.fold for t in sentence.tokens)


def _opens_with_reference(sentence: Sentence) -> bool:
    words = [t.fold for t in sentence.tokens[:2]]
    return bool(words) and (words[0] in CARRY_OVER or words == ["the", "offices"])


def _statement(
    source: str, sentence: Sentence, covered: set[int], in_canada: bool
) -> Statement | None:
    tokens = sentence.tokens
    statement = Statement(source, sentence)
    cue = next(
        (i for i, t in enumerate(tokens) if OFFICE_WORDS.fullmatch(t.fold) and i not in covered),
        None,
    )
    if cue is not None:
        statement.cities = _cities(tokens[cue:])
        statement.city_count = _city_count(tokens)
        statement.about_offices = bool(statement.cities or statement.city_count)
    statement.buildings = sorted(
        {b for t in tokens for stem, b in BUILDINGS.items() if t.fold.startswith(stem)}
    )
    if in_canada and _is_rule(tokens):
        statement.activities = _activities(sentence, covered)
    if statement.about_offices or statement.buildings or statement.activities:
        return statement
    return None


def _cities(tokens: tuple[Token, ...]) -> list[str]:
    found: list[str] = []
    for i in range(len(tokens)):
        for size in (3, 2, 1):
            name = CITIES.get(" ".join(t.fold for t in tokens[i : i + size]))
            if name and tokens[i].capitalised and name not in found:
                found.append(name)
                break
    return found


def _city_count(tokens: tuple[Token, ...]) -> int | None:
    """'five Canadian cities', 'cinq villes canadiennes', '5 cities'."""
    for i, token in enumerate(tokens):
        number = NUMBERS.get(token.fold) or (int(token.fold) if token.fold.isdigit() else None)
        if not number or (i > 0 and tokens[i - 1].fold in SUBSET_WORDS):
            continue
        if any(CITY_WORDS.fullmatch(t.fold) for t in tokens[i + 1 : i + 3]):
            return number
    return None


def _is_rule(tokens: tuple[Token, ...]) -> bool:
    return any(t.fold in NEGATIONS or t.fold in RULE_WORDS for t in tokens)


def _activities(sentence: Sentence, covered: set[int]) -> list[dict[str, Any]]:
    tokens, found, seen = sentence.tokens, [], set()
    for i, token in enumerate(tokens):
        if i in covered:  # 'Customs Enforcement' names the agency
            continue
        for activity, word, follow in ACTIVITIES:
            if activity in seen or not _is_word(word, token):
                continue
            end = _follow_end(tokens, i, follow)
            if end is None:
                continue
            denied = next((j for j in range(i - 1, -1, -1) if tokens[j].fold in NEGATIONS), None)
            words = _words(sentence, denied, i, end)
            found.append({"activity": activity, "allowed": denied is None, "words": words})
            seen.add(activity)
    return found


def _is_word(pattern: str, token: Token) -> bool:
    # the folded form, or the written one where accents matter ('armés' is not 'armes')
    return any(re.fullmatch(pattern, w) for w in (token.fold, token.text.casefold()))


def _follow_end(tokens: tuple[Token, ...], i: int, follow: str | None) -> int | None:
    """The end of the activity's words: after the word that must follow it, if any."""
    if follow is None:
        return i + 1
    ahead = range(i + 1, min(i + 4, len(tokens)))
    return next((j + 1 for j in ahead if re.fullmatch(follow, tokens[j].fold)), None)


def _words(sentence: Sentence, denied: int | None, i: int, end: int) -> str:
    """The activity as written, with its negation: "don't … search warrants"."""
    if denied is None:
        return sentence.span(i, end)
    first = denied
    for back in (1, 2):  # "don't", "do not", "ne peuvent pas"
        if denied - back >= 0 and sentence.tokens[denied - back].fold in NEGATION_LEADS:
            first = denied - back
    if i - denied <= 3:
        return sentence.span(first, end)
    return f"{sentence.span(first, denied + 1)} … {sentence.span(i, end)}"
