"""Demands and hedges: sentences that name a company, a body and a relation without asserting
the relation. 'Ban GardaWorld from contracting with ICE', 'we call on the government to
cancel JSI's subsidies', 'Ottawa must stop ...', 'nous exigeons ...' ask for something;
'Jim Pattison Group is in talks to sell a warehouse to ICE', 'Roshel may sell ...', 'serait en
discussion pour vendre' say it might happen. Neither is a claim the records can support or
contradict: such an assertion is reported as `not a claim` with the words that made it so.

Where the words must stand, so that a claim beside a demand stays a claim:
- an order opens the sentence or a part of it (after ';', ':', a dash or an opening quote):
  'Ban ...', 'Cancel ...', 'Interdire ...', 'Annulez ...';
- a call ('calls on', 'urged', 'demands', 'exigeons', 'mettre fin') or talks ('in talks',
  'negotiating', 'en pourparlers', 'envisage') stand anywhere before the relation word, in the
  same part of the sentence, and no reason or report ('noting that', 'because') reopens a
  statement between them;
- an obligation ('must', 'should', 'doit') or a hedge ('may', 'plans to', 'reportedly',
  'serait') stands just before the relation word (at most three words between, no
  punctuation): 'its contract with ICE may be renewed' still claims the contract, 'Roshel,
  which would not comment, sold vehicles to ICE' still claims the sale.
"""

import re
from dataclasses import dataclass

from iceout.claims.sentences import Sentence
from iceout.claims.triggers import Trigger

# Orders that open a sentence (imperative English, infinitive or imperative French), folded.
ORDERS = re.compile(
    r"ban|bar|end|stop|cancel|deny|terminate|prohibit|exclude|suspend|revoke|halt|refuse|"
    r"boycott|divest|drop|cut|withdraw|reject|block|freeze|sanction|"
    r"interdi(?:re|sez)|annul(?:er|ez)|refus(?:er|ez)|mett(?:re|ez)|cess(?:er|ez)|"
    r"exclu(?:re|ez)|suspend(?:re|ez)|revoqu(?:er|ez)|banni(?:r|ssez)|bloqu(?:er|ez)|"
    r"retir(?:er|ez)|gel(?:er|ez)|sanctionn(?:er|ez)|boycott(?:er|ez)|arret(?:er|ez)|exig(?:er|ez)"
)
# Words that may stand before an order: 'Immediately cancel ...', 'Please ban ...'.
ORDER_OPENERS = frozenset(
    "immediately urgently please also now immediatement aussi egalement".split()
)
# Calls for something, reported or made: a pattern per word, as in triggers.py.
CALLS: tuple[str, ...] = (
    r"(?:must|should) stop",
    r"doi(?:t|vent) cesser",
    r"call(?:s|ed|ing)? (?:on|for|upon)",
    r"urg(?:e|es|ed|ing)",
    r"demand(?:s|ed|ing)?",
    r"request(?:s|ed|ing)?",
    r"petition(?:s|ed|ing)?",
    r"press(?:es|ed|ing)? for",
    r"an end",
    r"exig(?:e|es|eons|ent|er|eait|eaient|ez)",
    r"demand(?:e|es|ons|ent|er|ait|aient|ez)",
    r"exhort(?:e|es|ons|ent|er)",
    r"reclam(?:e|es|ons|ent|er|ait|aient)",
    r"appel(?:le|lent|ons|er|ait) (?:a|au|aux)",
    r"mettre fin",
    r"cesser",
)
# A determiner before 'demand' or 'demande' makes it a noun: 'at the request of ICE'.
NOUN_CALLS = ("demand", "request", "petition")
DETERMINERS = frozenset("a an the its their his her s la une sa leur cette".split())
# A reason or a report after a comma opens a statement again: '..., noting that X has ...'.
REOPENERS = frozenset(
    "noting saying adding because since given citing pointing explaining arguing whereas "
    "while notant soulignant rappelant ajoutant car puisque parce".split()
)
OBLIGATIONS: tuple[str, ...] = (
    r"must",
    r"should",
    r"ought",
    r"needs? to",
    r"ha(?:s|ve) to",
    r"doi(?:t|s|vent)",
    r"devr(?:ait|aient|ions|ons|a)",
    r"devons",
    r"faut",
)
# Talks and intentions: the deal they speak of may stand further on, past the other party ('is
# in talks with the CBSA for a contract').
TALKS: tuple[str, ...] = (
    r"in talks",
    r"in discussions?",
    r"en (?:discussions?|pourparlers|negociations?)",
    r"pourparlers",
    r"negotiat(?:e|es|ed|ing|ions?)",
    r"negoci(?:e|ent|er|ation|ations)",
    r"consider(?:s|ed|ing)?",
    r"envisag(?:e|es|ent|er|eait|eaient)",
)
HEDGES: tuple[str, ...] = (
    r"reportedly|allegedly|rumou?red|supposedly",
    r"may|might|could|would",
    r"pourr(?:ait|aient)|serai(?:t|ent)|aurai(?:t|ent)",
    r"plan(?:s|ned|ning)? to",
    r"intend(?:s|ed|ing)? to",
    r"hop(?:e|es|ed|ing) to",
    r"project(?:te|tent)|prevoi(?:t|ent)",
    r"potentially|possibly|perhaps|probably|likely",
    r"peut etre|eventuellement|probablement",
    r"(?:set|poised|expected|about) to",
    r"bid(?:s|ding)? (?:for|on|to)",
)
NEAR = 3  # words between an obligation or a hedge and the relation word, at most
LONGEST = 3  # words in the longest obligation or hedge
PUNCTUATION = re.compile(r"[,;:()—–]")
# Punctuation that opens a part of a sentence where an order may stand.
PART_MARKS = re.compile(r"[;:—–«“\"(]|\s-\s")


@dataclass(frozen=True)
class Qualifier:
    kind: str  # demand | hedge
    words: str  # as written
    how: str  # where the words stand, for the explanation

    def describe(self) -> str:
        return f"not a claim: a {self.kind}, read from '{self.words}' ({self.how})"


def _compile(patterns: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], ...], ...]:
    return tuple(tuple(re.compile(word) for word in p.split(" ")) for p in patterns)


_CALLS = _compile(CALLS)
_TALKS = _compile(TALKS)
_OBLIGATIONS = _compile(OBLIGATIONS)
_HEDGES = _compile(HEDGES)


def qualifier(sentence: Sentence, trigger: Trigger) -> Qualifier | None:
    """Whether the relation word is asked for or hedged, not asserted."""
    start = _part_start(sentence, trigger.index)
    return (
        _order(sentence, start)
        or _before(sentence, start, trigger.index, _CALLS, "demand", "a call for it")
        or _before(sentence, start, trigger.index, _TALKS, "hedge", "talks, not a deal")
        or _near(sentence, trigger.index, _OBLIGATIONS, "demand", "an obligation")
        or _near(sentence, trigger.index, _HEDGES, "hedge", "a possibility, not a fact")
    )


def _part_start(sentence: Sentence, index: int) -> int:
    """The first token of the part of the sentence holding token `index`."""
    for i in range(index, 0, -1):
        if PART_MARKS.search(sentence.gap(i - 1, i)):
            return i
    return 0


def _order(sentence: Sentence, start: int) -> Qualifier | None:
    tokens = sentence.tokens
    i = start
    while i < len(tokens) and tokens[i].fold in ORDER_OPENERS:
        i += 1
    if i < len(tokens) and ORDERS.fullmatch(tokens[i].fold):
        where = "the order opening the sentence" if start == 0 else "an order opening its part"
        return Qualifier("demand", sentence.span(start, i + 1), where)
    return None


def _before(
    sentence: Sentence,
    start: int,
    end: int,
    patterns: tuple[tuple[re.Pattern[str], ...], ...],
    kind: str,
    how: str,
) -> Qualifier | None:
    """The first words of `patterns` between `start` and the relation word, unless a
    statement reopens after them."""
    found = None
    for i in range(start, end):
        if found and sentence.tokens[i].fold in REOPENERS and "," in sentence.gap(i - 1, i):
            found = None
        size = _match(sentence, i, patterns, end)
        if size and found is None and not _is_noun(sentence, i):
            found = Qualifier(kind, sentence.span(i, i + size), how)
    return found


def _near(
    sentence: Sentence,
    trigger: int,
    patterns: tuple[tuple[re.Pattern[str], ...], ...],
    kind: str,
    how: str,
) -> Qualifier | None:
    """The first words of `patterns` ending at most NEAR words before the relation word, with
    no punctuation between them."""
    for i in range(max(0, trigger - NEAR - LONGEST), trigger):
        if _punctuated(sentence, i, trigger):
            continue
        size = _match(sentence, i, patterns, trigger)
        if size and trigger - (i + size) <= NEAR and _cased(sentence, i):
            return Qualifier(kind, sentence.span(i, i + size), how)
    return None


def _match(
    sentence: Sentence, i: int, patterns: tuple[tuple[re.Pattern[str], ...], ...], end: int
) -> int:
    """The number of words of the first pattern matching at token i, ending before `end`."""
    words = [t.fold for t in sentence.tokens[i:end]]
    for parts in patterns:
        if len(parts) <= len(words) and all(
            p.fullmatch(w) for p, w in zip(parts, words, strict=False)
        ):
            return len(parts)
    return 0


def _punctuated(sentence: Sentence, first: int, last: int) -> bool:
    """Punctuation between token `first` and token `last` (an apostrophe or a hyphen inside a
    word does not count)."""
    return any(PUNCTUATION.search(sentence.gap(i, i + 1)) for i in range(first, last))


def _is_noun(sentence: Sentence, i: int) -> bool:
    """'at the request of ICE', "at ICE's request", 'à la demande de': a noun, not a call."""
    if i == 0 or not sentence.tokens[i].fold.startswith(NOUN_CALLS):
        return False
    return sentence.tokens[i - 1].fold in DETERMINERS


def _cased(sentence: Sentence, i: int) -> bool:
    """'May' with a capital opens a date ('In May, Roshel sold ...'), not a possibility."""
    return sentence.tokens[i].fold != "may" or sentence.tokens[i].text == "may"
