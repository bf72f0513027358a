"""The words that make a sentence assert a relationship, in English and French, and the
negations that turn it around. Each trigger keeps the words as written, so every claim can
say what it was read from.

Both languages are looked for in every sentence: the letter in the seeds is bilingual, and the
few words the two share ('services', 'contrat'/'contract') mean the same thing in both.
"""

import re
from dataclasses import dataclass

from iceout.claims.sentences import Sentence

RELATIONS = ("contract", "sale", "subsidy", "services", "office", "payment")

# (relation, language, folded token patterns, one per word, separated by spaces)
_LEXICON: tuple[tuple[str, str, str], ...] = (
    ("contract", "en", r"(?:sub)?contract(?:s|ed|ing|or|ors)?"),
    ("contract", "en", r"task order(?:s)?"),
    ("contract", "en", r"deal(?:s)?"),
    ("contract", "fr", r"contrat(?:s)?|contracte(?:nt|r)?|contractant(?:s|e|es)?"),
    ("contract", "fr", r"sous contrat"),
    ("sale", "en", r"sale(?:s)?|sell(?:s|ing)?|sold|deliver(?:s|ed|ing|y|ies)?"),
    ("sale", "en", r"export(?:s|ed|ing)?|purchas(?:e|es|ed|ing)|procur(?:e|es|ed|ing|ement)"),
    ("sale", "fr", r"vente(?:s)?|vend(?:s|re|u|ue|us|ues|ent|ait)?|livr(?:e|er|ent|aison|aisons)"),
    ("sale", "fr", r"export(?:e|ent|er|ant|ation|ations)|achat(?:s)?|achete(?:r|nt)?"),
    ("subsidy", "en", r"subsid(?:y|ies|ize|izes|ized|izing|ise|ises|ised|ising)"),
    ("subsidy", "en", r"grant(?:s|ed)?|fund(?:s|ed|ing)"),
    ("subsidy", "en", r"contribution(?:s)?|loan(?:s|ed)?"),
    ("subsidy", "fr", r"subvention(?:s|ne|nent|ner|nee)?|financ(?:e|ent|er|ement|ements)"),
    ("services", "en", r"provid(?:e|es|ed|ing|er|ers)|servic(?:e|es|ing)|support(?:s|ed|ing)?"),
    ("services", "en", r"supplier(?:s)?|suppl(?:y|ies|ied|ying)"),
    ("services", "en", r"work(?:s|ed|ing)? (?:with|for)"),
    ("services", "en", r"partner(?:s|ed|ing)? with"),
    ("services", "fr", r"fourni(?:t|r|ssent|ssant|sseur|sseurs)?|service(?:s)?|soutien"),
    ("services", "fr", r"collabor(?:e|ent|er|ation)|travaill(?:e|ent|er) (?:avec|pour)"),
    # 'the House of Commons paid Garda Canada Security Corporation $104,855'; not 'pays',
    # which in French is the country
    ("payment", "en", r"paid|pay|paying|payment(?:s)?"),
    ("payment", "fr", r"pay(?:e|es|ee|ees|er|ent)|paiement(?:s)?|vers(?:e|es|ee|ees|er|ent)"),
    ("office", "en", r"office(?:s)?|building(?:s)?|warehouse(?:s)?|premises|lease(?:s|d)?"),
    ("office", "fr", r"bureau(?:x)?|locaux|entrepot(?:s)?|bail|baux|immeuble(?:s)?"),
)
_PATTERNS = tuple(
    (relation, lang, tuple(re.compile(part) for part in words.split(" ")))
    for relation, lang, words in _LEXICON
)

# A negation denies the relation when only auxiliaries, articles and quantifiers stand between
# it and the trigger: 'has no contracts', 'does not have any contract', "n'a aucun contrat",
# "n'a jamais vendu", 'ne vend pas'; 'has not stopped the sale' denies the stopping, not the
# sale. French 'pas' and 'plus' negate only after 'ne' ('plus' is also English).
_NEGATIONS = frozenset("not no never t cannot aucun aucune jamais".split())
_FRENCH_PARTICLES = frozenset("pas plus point".split())
_NE = frozenset(("n", "ne"))
_FILLERS = frozenset(
    "has have had does do did is are was were be been being any ever longer yet a an the its "
    "their doesn don didn isn aren wasn weren hasn haven hadn can won wouldn couldn "
    "a ont avait avaient eu de d du des le la les un une son sa ses leur leurs ete".split()
)
_WINDOW = 5


@dataclass(frozen=True)
class Trigger:
    relation: str
    index: int  # token index of the first word
    end: int
    words: str  # as written
    lang: str

    def describe(self) -> str:
        return f"'{self.words}' ({self.relation}, {self.lang})"


def find_triggers(sentence: Sentence, skip: set[int]) -> list[Trigger]:
    """Relation words outside organisation names ('Customs Enforcement' is no trigger)."""
    folded = [t.fold for t in sentence.tokens]
    found: list[Trigger] = []
    taken: set[int] = set()
    for i in range(len(folded)):
        if i in skip or i in taken:
            continue
        for relation, lang, parts in _PATTERNS:
            end = i + len(parts)
            if end <= len(folded) and all(
                p.fullmatch(w) for p, w in zip(parts, folded[i:end], strict=True)
            ):
                found.append(Trigger(relation, i, end, sentence.span(i, end), lang))
                taken.update(range(i, end))
                break
    return found


def negation(sentence: Sentence, trigger: Trigger) -> str | None:
    """The negating words around a trigger, or None."""
    tokens = sentence.tokens
    first, words = trigger.index, set[str]()
    for i in range(trigger.index - 1, max(-1, trigger.index - 1 - _WINDOW), -1):
        word = tokens[i].fold
        if word not in _NEGATIONS and word not in _FRENCH_PARTICLES and word not in _NE:
            if word not in _FILLERS:
                break
        first, words = i, words | {word}
    after = tokens[trigger.end].fold if trigger.end < len(tokens) else ""
    french = bool(words & _NE)
    if words & _NEGATIONS or (french and words & _FRENCH_PARTICLES):
        return sentence.span(first, trigger.end)
    if french and (after in _FRENCH_PARTICLES or after in _NEGATIONS):
        return sentence.span(first, trigger.end + 1)
    return None
