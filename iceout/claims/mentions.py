"""Organisation mentions in a sentence: the names and aliases the store knows (curated families,
the government bodies ICE, DHS and CBP in English and French, US award recipients), the
Canadian federal bodies (iceout/claims/bodies.py), then capitalised names with a legal form or
a company word for organisations not yet known.

Known names are looked up token by token, longest first. Case guards against ordinary words:
each word of the name must be capitalised in the text unless it is a connecting word or is
written in lower case in a curated alias ('le groupe Jim Pattison'), and a short acronym must
be written in capitals ('ICE' is the agency, 'ice' is frozen water).
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace

import duckdb

from iceout.claims import bodies
from iceout.claims.bodies import CanadianBodies
from iceout.claims.sentences import Sentence, tokenize
from iceout.normalize.names import name_key
from iceout.normalize.text import fold

# Words that may stay lower case inside a name ('Garda of Canada', 'Service de l'immigration').
CONNECTORS = frozenset("of and the for a de du des la le les l d et en aux au".split())
# A more direct statement wins when two families share a name: a family's own alias before
# a member listed under a parent body (ICE is an alias of ICE and a member of DHS).
ORIGIN_RANK = {"curated alias": 0, "curated member": 1, "us recipient": 2, "us parent": 3}
ORIGIN_PHRASES = {
    "curated alias": "a curated alias of",
    "curated member": "a curated member of",
    "us recipient": "a US award recipient in",
    "us parent": "the USAspending parent in",
}
# Legal forms and company words that end a name we do not know (folded); 'Groupe' and
# 'Société' open French names instead.
LEGAL_FORMS = frozenset(
    "inc incorporated incorporee ltd limited ltee limitee llc llp lp plc ulc corp corporation "
    "co company cie compagnie senc sencrl sarl sas sa gmbh ag bv nv".split()
)
COMPANY_WORDS = frozenset(
    "group groupe technologies technology systems solutions telecom industries holdings "
    "enterprises entreprises defence defense armour armor".split()
)
# Legal forms that stay legal forms in lower case ('inc.', 'ltée'); 'company' does not.
ABBREVIATED_FORMS = frozenset(
    "inc ltd ltee llc llp lp plc ulc corp senc sencrl sarl sas gmbh".split()
)
FRENCH_HEADS = frozenset("groupe societe compagnie entreprise".split())
MAX_ACRONYM = 5


@dataclass(frozen=True)
class Mention:
    first: int  # token index in the sentence
    end: int  # token index after the last token
    text: str
    family_id: str | None  # None: an organisation the store does not know
    family_name: str | None
    kind: str  # government (a DHS body) | ca_body (a Canadian federal body) | company | unknown
    how: str  # why these words are this organisation, for the explanation

    @property
    def is_government(self) -> bool:
        """ICE, CBP, DHS: the U.S. government families of the store."""
        return self.kind == "government"

    @property
    def is_canadian_body(self) -> bool:
        return self.kind == bodies.KIND

    @property
    def is_organisation(self) -> bool:
        """A company (known or not): what a claim is about."""
        return self.kind not in ("government", bodies.KIND)


@dataclass(frozen=True)
class _Entry:
    family_id: str
    family_name: str
    kind: str
    name: str
    origin: str
    lower_ok: tuple[bool, ...]  # per token: may be written in lower case
    acronym: bool

    @property
    def curated(self) -> bool:
        return self.origin.startswith("curated")


class Gazetteer:
    """Every name the store knows, by its folded tokens, and the Canadian federal bodies;
    loaded once per run."""

    def __init__(
        self,
        entries: Iterable[tuple[tuple[str, ...], _Entry]],
        canadian: CanadianBodies | None = None,
    ) -> None:
        self.canadian = canadian or CanadianBodies([])
        self.entries: dict[tuple[str, ...], _Entry] = {}
        for tokens, entry in entries:
            current = self.entries.get(tokens)
            if current is None or _rank(entry) < _rank(current):
                self.entries[tokens] = entry
        self.longest = max((len(t) for t in self.entries), default=0)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> "Gazetteer":
        rows = con.execute(
            "SELECT n.family_id, f.name, f.kind, n.name, n.origin FROM res_family_names n "
            "JOIN res_families f USING (family_id) ORDER BY ALL"
        ).fetchall()
        variants = (variant for row in rows for variant in _variants(*row))
        return cls(variants, CanadianBodies.load(con))

    def find(self, sentence: Sentence) -> list[Mention]:
        """Known names and Canadian bodies (longest first, left to right), then unknown
        organisations."""
        mentions: list[Mention] = []
        i = 0
        while i < len(sentence.tokens):
            known = self._longest(sentence, i)
            found = known[0] if known else None
            body = self._body(sentence, i)
            # a body named at greater length wins; so does a body named as long as a name
            # taken from award data (a recipient may be called 'Transport Canada'), not as long
            # as a curated name
            if body and (known is None or body.end > known[0].end or not known[1].curated):
                found = body
            if found:
                mentions.append(found)
                i = found.end
            else:
                i += 1
        covered = {i for m in mentions for i in range(m.first, m.end)}
        unknown = unknown_organisations(sentence, covered)
        return _absorb(sentence, mentions, unknown)

    def _longest(self, sentence: Sentence, start: int) -> tuple[Mention, "_Entry"] | None:
        tokens = sentence.tokens
        for size in range(min(self.longest, len(tokens) - start), 0, -1):
            key = tuple(t.fold for t in tokens[start : start + size])
            entry = self.entries.get(key)
            if entry and _cased(entry, [t.text for t in tokens[start : start + size]]):
                text = sentence.span(start, start + size)
                how = f"'{text}' is {ORIGIN_PHRASES.get(entry.origin, 'a name of')} {entry.family_name}"
                if fold(text) != fold(entry.name):
                    how += f" (as '{entry.name}')"
                mention = Mention(
                    start, start + size, text, entry.family_id, entry.family_name, entry.kind, how
                )
                return mention, entry
        return None

    def _body(self, sentence: Sentence, start: int) -> Mention | None:
        found = self.canadian.find(sentence, start)
        if found is None:
            return None
        end, entry = found
        text = sentence.span(start, end)
        body = entry.body
        how = bodies.describe(entry, text)
        return Mention(start, end, text, body.id, body.name, bodies.KIND, how)


def _absorb(sentence: Sentence, known: list[Mention], unknown: list[Mention]) -> list[Mention]:
    """A company name that runs on into a longer one ('Roshel Smart Armoured Vehicles Inc.')
    is that company under its longer name, not a second organisation."""
    by_end = {m.end: m for m in known if m.kind == "company"}
    merged = {m.first: m for m in known}
    for m in unknown:
        head = by_end.get(m.first)
        if head and not sentence.gap(head.end - 1, m.first).strip():
            text = sentence.span(head.first, m.end)
            how = f"{head.how}, in the longer name '{text}'"
            merged[head.first] = replace(head, end=m.end, text=text, how=how)
        else:
            merged[m.first] = m
    return sorted(merged.values(), key=lambda m: m.first)


def _rank(entry: _Entry) -> tuple[int, str]:
    return ORIGIN_RANK.get(entry.origin, 9), entry.family_id


def _variants(
    family_id: str, family_name: str, kind: str, name: str, origin: str
) -> list[tuple[tuple[str, ...], _Entry]]:
    """The name as written, and its key without legal forms ('ROSHEL LLC' -> 'roshel').

    Names taken from US award data only count with two words or more: single words there
    ('FOUR', 'EDGE', 'HON') are ordinary words in an article."""
    curated = origin.startswith("curated")
    written = tokenize(name)
    words = [t.text for t in written]
    full = tuple(t.fold for t in written)
    keyed = tuple(name_key(name).split())
    out = []
    for tokens in dict.fromkeys((full, keyed)):
        if not tokens or (not curated and len(tokens) < 2):
            continue
        lower_ok = tuple(_may_be_lower(words, full, token, curated) for token in tokens)
        acronym = (
            curated and len(words) == 1 and words[0].isupper() and len(words[0]) <= MAX_ACRONYM
        )
        out.append((tokens, _Entry(family_id, family_name, kind, name, origin, lower_ok, acronym)))
    return out


def _may_be_lower(words: list[str], folded: tuple[str, ...], token: str, curated: bool) -> bool:
    if token in CONNECTORS:
        return True
    # a curated alias writes the word in lower case: 'groupe Jim Pattison'
    return curated and any(
        f == token and w[:1].islower() for w, f in zip(words, folded, strict=True)
    )


def _cased(entry: _Entry, words: list[str]) -> bool:
    if entry.acronym:
        return words[0].isupper()
    return all(
        ok or word[0].isupper() or word[0].isdigit()
        for ok, word in zip(entry.lower_ok, words, strict=True)
    )


def unknown_organisations(sentence: Sentence, covered: set[int]) -> list[Mention]:
    """Capitalised names the store does not know that end with a legal form or a company
    word ('Boréal Blindage inc.', 'Nordic Armour Group') or open with a French company word
    ('Société Boréale de défense')."""
    found: list[Mention] = []
    for first, end in _capitalised_runs(sentence, covered):
        name = _organisation_span(sentence, first, end)
        if name:
            first, end, why = name
            text = sentence.span(first, end)
            found.append(Mention(first, end, text, None, None, "unknown", why))
    return found


def _capitalised_runs(sentence: Sentence, covered: set[int]) -> list[tuple[int, int]]:
    """Runs of capitalised words, with connecting words and lower-case legal forms inside."""
    tokens, runs, first = sentence.tokens, [], None
    for i, token in enumerate(tokens):
        inside = first is not None and (token.fold in CONNECTORS or token.fold in ABBREVIATED_FORMS)
        opens = token.fold in FRENCH_HEADS and i + 1 < len(tokens) and tokens[i + 1].capitalised
        if i not in covered and (token.capitalised or inside or opens):
            first = i if first is None else first
            continue
        if first is not None:
            runs.append((first, i))
        first = None
    if first is not None:
        runs.append((first, len(tokens)))
    return runs


def _organisation_span(sentence: Sentence, first: int, end: int) -> tuple[int, int, str] | None:
    tokens = sentence.tokens
    while first < end and tokens[first].fold in CONNECTORS:  # 'The', 'La', 'L''
        first += 1
    while end > first and tokens[end - 1].fold in CONNECTORS:
        end -= 1
    for last in range(end - 1, first, -1):  # the name ends with its last legal form
        word = tokens[last].fold
        cased = tokens[last].capitalised or word in ABBREVIATED_FORMS
        if cased and (word in LEGAL_FORMS or word in COMPANY_WORDS):
            label = "legal form" if word in LEGAL_FORMS else "company word"
            return first, last + 1, f"a name ending with the {label} '{tokens[last].text}'"
    if tokens[first].fold in FRENCH_HEADS and end - first >= 2 and tokens[first + 1].capitalised:
        return first, end, f"a name opening with '{tokens[first].text}'"
    return None
