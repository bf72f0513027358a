"""Canadian federal bodies a claim names when it speaks of Canadian public money: a department,
agency, Crown corporation or House of Parliament, or the government as a whole ('the federal
government', 'le gouvernement fédéral', 'Ottawa').

The bodies are the curated file iceout/data/canadian_bodies.yaml (names in English and French,
former names, acronyms, the names each publication files the body's records under) and every
department named in the loaded Canadian records, under that name. A body knows which records
are its own (`CanadianBody.files`), so a claim about the CBSA is checked against the CBSA's
records whatever each publication calls it.
"""

from dataclasses import dataclass, field
from typing import Any

import duckdb

from iceout.claims.sentences import Sentence, tokenize
from iceout.db import table_exists
from iceout.normalize.departments import core, curated_bodies, name_keys
from iceout.normalize.text import compact

KIND = "ca_body"  # the Mention.kind of a Canadian federal body
CONNECTORS = frozenset("of and the for a de du des la le les l d et en aux au s".split())
# A department named in the records stands for itself only when it reads as a name: two words
# or more, capitalised, not cut off ('Department of Public Works and' is a truncated PDF line).
MIN_WORDS = 2
# A truncated department in a record ('Crown-Indigenous Relations and Northern Affai') still
# files under the body whose name it begins, when enough of it is left to be unambiguous.
MIN_PREFIX = 24
ACRONYM_MAX = 5

# The government as a whole, said of another country: 'the U.S. federal government'.
FOREIGN_BEFORE = frozenset("american americaine trump biden washington".split())
FOREIGN_AFTER = ("americain", "of the united states", "of the u s", "of america", "des etats unis")
# 'Ottawa' is the government only where it cannot be the city: not after an article or a
# preposition of place, not in a list of places, not before another name or a noun it
# qualifies ('an Ottawa tech company', 'Ottawa-based', 'Ottawa ON'). Folded: 'a' is also 'à'.
PLACE_BEFORE = frozenset(
    "a an the in at near of based into around outside across en de d du dans pres vers "
    "sur hors".split()
)
LIST_WORDS = frozenset("and or et ou".split())
# What the government does right after its name: 'Ottawa has paid', 'Ottawa awarded', "Ottawa's".
GOVERNMENT_VERBS = frozenset(
    "has have had is was will would gave gives give paid pays pay awards award granted grants "
    "funds funded fund subsidizes subsidises subsidized subsidised contracts signed signs spent "
    "spends bought buys purchased purchases hands handed also still quietly then now s "
    "must should could can cannot may might won doesn didn isn "
    "a avait verse accorde subventionne finance paie octroie donne attribue achete aussi "
    "egalement doit devrait pourrait peut va".split()
)


@dataclass(frozen=True)
class CanadianBody:
    id: str
    name: str
    names: tuple[str, ...] = ()  # full names a document may write
    record_names: tuple[str, ...] = ()  # other names its records are filed under
    acronyms: tuple[str, ...] = ()
    owner_orgs: tuple[str, ...] = ()
    any_department: bool = False
    metonyms: tuple[str, ...] = ()
    from_records: bool = False  # named after a department of the loaded records
    _keys: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @classmethod
    def of(cls, entry: dict[str, Any], from_records: bool = False) -> "CanadianBody":
        lists = ("names", "record_names", "acronyms", "owner_orgs", "metonyms")
        values = {k: tuple(dict.fromkeys(entry.get(k) or ())) for k in lists}
        named = (entry["name"], *values["names"], *values["record_names"])
        return cls(
            entry["id"],
            entry["name"],
            **values,
            any_department=bool(entry.get("any_department")),
            from_records=from_records,
            _keys=name_keys(list(named)),
        )

    def files(self, department: str | None, owner_org: str | None = None) -> bool:
        """Whether a record filed under this department (or organisation code) is the body's."""
        if self.any_department:
            return True
        if owner_org and owner_org in self.owner_orgs:
            return True
        return any(self._names(piece) for piece in (department or "").split("|"))

    def _names(self, department: str) -> bool:
        key = compact(department)
        if not key:
            return False
        if key in self._keys or core(department) in self._keys:
            return True
        return len(key) >= MIN_PREFIX and any(k.startswith(key) for k in self._keys)


@dataclass(frozen=True)
class _Entry:
    body: CanadianBody
    written: str  # the name as the file or the records write it
    lower_ok: tuple[bool, ...]
    how: str  # acronym | name | fused | metonym


class CanadianBodies:
    """Every Canadian body by the folded tokens of its names; loaded once per run."""

    def __init__(self, bodies: list[CanadianBody]) -> None:
        self.bodies = bodies
        self.entries: dict[tuple[str, ...], _Entry] = {}
        for body in bodies:
            for tokens, entry in _entries(body):
                self.entries.setdefault(tokens, entry)
        self.longest = max((len(t) for t in self.entries), default=0)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> "CanadianBodies":
        curated = [CanadianBody.of(entry) for entry in curated_bodies()]
        return cls(curated + _record_bodies(con, curated))

    def find(self, sentence: Sentence, start: int) -> tuple[int, "_Entry"] | None:
        """The longest body named from token `start`, as (end, entry), or None."""
        tokens = sentence.tokens
        for size in range(min(self.longest, len(tokens) - start), 0, -1):
            entry = self.entries.get(tuple(t.fold for t in tokens[start : start + size]))
            if entry and _reads_as_body(sentence, start, start + size, entry):
                return start + size, entry
        return None


def describe(entry: _Entry, text: str) -> str:
    """Why these words name the body, for the explanation."""
    body = entry.body
    if entry.how == "acronym":
        return f"'{text}' is the acronym of {body.name}"
    if entry.how == "metonym":
        return f"'{text}' stands for the {body.name} (read as the government, not the city)"
    if body.any_department:
        return f"'{text}' is the {body.name}"
    if body.from_records:
        return f"'{text}' is a federal body named in the loaded Canadian records"
    return f"'{text}' is a name of the Canadian federal body {body.name}"


def _record_bodies(
    con: duckdb.DuckDBPyConnection, curated: list[CanadianBody]
) -> list[CanadianBody]:
    """The departments of the loaded records that no curated body files its records under."""
    if not table_exists(con, "nrm_ca_records"):
        return []
    rows = con.execute(
        "SELECT DISTINCT trim(unnest(string_split(department, '|'))) FROM nrm_ca_records "
        "WHERE department IS NOT NULL ORDER BY 1"
    ).fetchall()
    named = [b for b in curated if not b.any_department]
    spellings: dict[str, list[str]] = {}  # one body per core of the name
    for (department,) in rows:
        if _reads_as_name(department) and not any(b.files(department) for b in named):
            spellings.setdefault(core(department), []).append(department)
    return [
        CanadianBody.of(
            {"id": f"ca-department:{key}", "name": min(names, key=len), "names": names}, True
        )
        for key, names in spellings.items()
    ]


def _reads_as_name(department: str) -> bool:
    words = [t.text for t in tokenize(department)]
    if len(words) < MIN_WORDS or words[-1].lower() in CONNECTORS:
        return False
    return all(w[0].isupper() or w.lower() in CONNECTORS for w in words)


def _entries(body: CanadianBody) -> list[tuple[tuple[str, ...], _Entry]]:
    out = []
    names = (body.name, *body.names) if not body.any_department else body.names
    for name in names:
        written = tokenize(name)
        tokens = tuple(t.fold for t in written)
        lower_ok = tuple(t.fold in CONNECTORS or t.text[0].islower() for t in written)
        out.append((tokens, _Entry(body, name, lower_ok, "name")))
        if body.any_department and len(tokens) > 1:
            # 'The Canadiangovernment is subsidizing JSI' (the NDP letter, as published)
            out.append(((compact(name),), _Entry(body, name, (True,), "fused")))
    for acronym in body.acronyms:
        out.append(((acronym.lower(),), _Entry(body, acronym, (False,), "acronym")))
    for metonym in body.metonyms:
        out.append(((compact(metonym),), _Entry(body, metonym, (False,), "metonym")))
    return out


def _reads_as_body(sentence: Sentence, first: int, end: int, entry: _Entry) -> bool:
    words = sentence.tokens[first:end]
    if entry.how == "acronym":
        return words[0].text.isupper() and len(words[0].text) <= ACRONYM_MAX
    if not all(ok or w.capitalised for ok, w in zip(entry.lower_ok, words, strict=True)):
        return False
    if entry.how == "metonym":
        return _is_the_government(sentence, first)
    if entry.body.any_department:
        return not _foreign(sentence, first, end)
    return True


def _foreign(sentence: Sentence, first: int, end: int) -> bool:
    """'the U.S. federal government', "Washington's", 'le gouvernement fédéral américain'."""
    before = sentence.tokens[max(0, first - 3) : first]
    written = [t.text for t in before]
    us = "US" in written or any(
        a.fold == "u" and b.fold == "s" for a, b in zip(before, before[1:], strict=False)
    )
    after = " ".join(t.fold for t in sentence.tokens[end : end + 4])
    return us or any(t.fold in FOREIGN_BEFORE for t in before) or after.startswith(FOREIGN_AFTER)


def _is_the_government(sentence: Sentence, i: int) -> bool:
    tokens = sentence.tokens
    if i > 0:
        before = tokens[i - 1]
        if before.fold in PLACE_BEFORE and not sentence.gap(i - 1, i).strip():
            return False
        if before.fold in LIST_WORDS and i > 1 and tokens[i - 2].capitalised:
            return False  # 'Toronto, Montreal, and Ottawa'
    if i + 1 >= len(tokens):
        return True
    after, gap = tokens[i + 1], sentence.gap(i, i + 1)
    if after.capitalised or after.fold == "based":
        return False
    if gap.strip() in ("'", "’"):
        return after.fold == "s"  # "Ottawa's contract"
    if gap.strip():
        return True  # 'a grant from Ottawa, ...'
    return after.fold in GOVERNMENT_VERBS or after.fold.endswith("ed")
