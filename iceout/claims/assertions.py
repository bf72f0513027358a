"""Assertions: sentences that say an organisation has a relationship (a contract, a sale, a
subsidy, services, an office) with ICE, DHS or CBP, or a contract, payment or subsidy from a
Canadian federal body (iceout/claims/bodies.py). The two sides are paired apart, so one
sentence can say both: 'The Canadian government is subsidizing JSI, ... that is providing
wiretapping tools to ICE'.

An organisation and a government body are paired when nothing separates them: no other
organisation and no clause break (';' or ', and ...' opening a new clause) between them. A list
of organisations ('GardaWorld, Jim Pattison Group, and Hootsuite') pairs as one. The relation
is the trigger word between the two (the one nearest the organisation), else the nearest one
around them in the same clause ('the sale of Roshel armoured vehicles ... to ICE'). With a
Canadian body only the relations of Canadian money count (a contract, sale, services or
payment; a subsidy): an office is no money.

An assertion that is asked for or hedged ('Ban GardaWorld from ...', 'is in talks to sell')
carries the words that say so (iceout/claims/qualifiers.py): it is reported, not checked.
"""

from dataclasses import dataclass

from iceout.claims.mentions import Mention
from iceout.claims.qualifiers import Qualifier, qualifier
from iceout.claims.sentences import Sentence
from iceout.claims.triggers import RELATIONS, Trigger, find_triggers, negation

# Words that may sit between the members of a list of organisations.
LIST_WORDS = frozenset(
    "and et or ou the le la les l including notamment y compris others other autres autre "
    "toute tout any all".split()
)
# Words that open a new clause after ', ': '..., and ending the federal contract with X',
# '..., so this association should be no surprise to the Canadian government'. ', or' is left
# out: it mostly adds an alternative inside the same clause ('to Roshel, or any other Canadian
# company, exporting ...').
COORDINATORS = frozenset("and et but mais while whereas tandis so yet donc".split())
# The relations a Canadian body's money can have with a company.
CANADIAN_RELATIONS = frozenset(r for r in RELATIONS if r != "office")
# How far outside the pair a trigger may be (tokens), when none lies between them.
REACH = 8


@dataclass(frozen=True)
class Assertion:
    source: str  # the document's file name
    sentence: Sentence
    subject: Mention
    body: Mention  # the government body: ICE, DHS or CBP
    trigger: Trigger
    others: tuple[Trigger, ...]  # other relation words in the sentence, for the record
    negation: str | None  # the words that deny the relation, if any
    qualifier: Qualifier | None = None  # a demand or a hedge: then it is not a claim

    @property
    def is_canadian(self) -> bool:
        """About Canadian public money (a Canadian federal body), not ICE/DHS."""
        return self.body.is_canadian_body

    def explain(self) -> str:
        where = "between" if _between(self.trigger, self.subject, self.body) else "next to"
        # a Canadian body says how it was read ('Ottawa' the government, 'ASFC' the CBSA)
        named = f"{self.subject.how}; {self.body.how}" if self.is_canadian else self.subject.how
        text = (
            f"{named}; relation '{self.trigger.relation}' read from "
            f"{self.trigger.describe()} {where} '{self.subject.text}' and '{self.body.text}' "
            f"({self.body.family_name})"
        )
        if self.negation:
            text += f"; denied by '{self.negation}'"
        if self.others:
            text += "; other relation words: " + ", ".join(t.describe() for t in self.others)
        return text


def find_assertions(source: str, sentence: Sentence, mentions: list[Mention]) -> list[Assertion]:
    if sentence.is_question:  # a question asserts nothing
        return []
    organisations = [m for m in mentions if m.is_organisation]
    if not organisations or all(m.is_organisation for m in mentions):
        return []
    covered = {i for m in mentions for i in range(m.first, m.end)}
    triggers = find_triggers(sentence, covered)
    breaks = clause_breaks(sentence, mentions)
    found: list[Assertion] = []
    sides = (
        ([m for m in mentions if m.is_government], triggers),
        (
            [m for m in mentions if m.is_canadian_body],
            [t for t in triggers if t.relation in CANADIAN_RELATIONS],
        ),
    )
    for bodies, relations in sides:
        for group in _lists(sentence, organisations) if bodies else ():
            body = _counterpart(group, bodies, organisations, breaks)
            if body is None:
                continue
            trigger = _relation(group, body, relations, breaks, len(sentence.tokens))
            if trigger is None:
                continue
            others = tuple(t for t in triggers if t != trigger)
            denied = negation(sentence, trigger)
            asked = qualifier(sentence, trigger)
            found += [
                Assertion(source, sentence, m, body, trigger, others, denied, asked) for m in group
            ]
    return _first_per_subject(found)


def clause_breaks(sentence: Sentence, mentions: list[Mention]) -> set[int]:
    """Token indexes that open a new clause: after ';', or ', and' not followed by a list."""
    starts = {m.first for m in mentions}
    tokens, breaks = sentence.tokens, set()
    for i in range(1, len(tokens)):
        gap = sentence.gap(i - 1, i)
        if ";" in gap:
            breaks.add(i)
        elif (
            "," in gap and tokens[i].fold in COORDINATORS and not _list_goes_on(sentence, i, starts)
        ):
            breaks.add(i)
    return breaks


def _list_goes_on(sentence: Sentence, i: int, starts: set[int]) -> bool:
    """', and Hootsuite' or ', and others,' continue a list; ', and ending ...' does not."""
    for j in range(i + 1, len(sentence.tokens)):
        if j in starts:
            return True
        if sentence.tokens[j].fold not in LIST_WORDS:
            return False
        if j + 1 < len(sentence.tokens) and sentence.gap(j, j + 1).strip():
            return True  # punctuation closes the list words: ', and others,'
    return True


def _lists(sentence: Sentence, organisations: list[Mention]) -> list[list[Mention]]:
    groups: list[list[Mention]] = []
    for mention in organisations:
        last = groups[-1][-1] if groups else None
        between = sentence.tokens[last.end : mention.first] if last else ()
        if last and all(t.fold in LIST_WORDS for t in between):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    return groups


def _interval(group: list[Mention], body: Mention) -> tuple[int, int]:
    """Token positions strictly between a list of organisations and a body."""
    first, end = group[0].first, group[-1].end
    return (body.end, first) if body.end <= first else (end, body.first)


def _counterpart(
    group: list[Mention], bodies: list[Mention], organisations: list[Mention], breaks: set[int]
) -> Mention | None:
    """The nearest body with no other organisation and no clause break in between."""
    best: tuple[int, Mention] | None = None
    for body in bodies:
        lo, hi = _interval(group, body)
        if any(lo <= b <= hi for b in breaks):
            continue
        if any(m not in group and lo <= m.first < hi for m in organisations):
            continue
        if best is None or hi - lo < best[0]:
            best = (hi - lo, body)
    return best[1] if best else None


def _relation(
    group: list[Mention], body: Mention, triggers: list[Trigger], breaks: set[int], size: int
) -> Trigger | None:
    first = min(group[0].first, body.first)
    end = max(group[-1].end, body.end)
    clause_start = max((b for b in breaks if b <= first), default=0)
    clause_end = min((b for b in breaks if b >= end), default=size)
    inside = [t for t in triggers if clause_start <= t.index and t.end <= clause_end]
    between = [t for t in inside if first <= t.index < end]
    if between:
        subject = group[-1] if body.first >= group[-1].end else group[0]
        return min(between, key=lambda t: abs(t.index - subject.first))
    near = [(max(first - t.end, t.index - end), t) for t in inside]
    near = [(d, t) for d, t in near if d <= REACH]
    return min(near, key=lambda dt: dt[0])[1] if near else None


def _between(trigger: Trigger, subject: Mention, body: Mention) -> bool:
    return min(subject.end, body.end) <= trigger.index < max(subject.first, body.first)


def _first_per_subject(assertions: list[Assertion]) -> list[Assertion]:
    """One assertion per organisation, side and sentence: the name may be repeated in it.
    In sentence order, so a sentence's claims read as it does."""
    seen: set[tuple[str, bool]] = set()
    kept = []
    for a in sorted(assertions, key=lambda a: (a.subject.first, a.is_canadian)):
        key = (a.subject.family_id or a.subject.text, a.is_canadian)
        if key not in seen:
            seen.add(key)
            kept.append(a)
    return kept
