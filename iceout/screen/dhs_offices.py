"""Recognise a DHS component, unit or field office in how a party is written: "ICE ERO
Phoenix", "U.S. Customs and Border Protection, Port of Detroit", "Service de l'immigration et
des douanes des États-Unis". The phrasings and office places are data
(iceout/data/dhs_offices.yaml, with its sources); the components are iceout/domain.py's.

A strong phrase names the body by itself; a weak one ("ICE", "Coast Guard", "Secret Service")
only with a U.S. or office context, and never in a Canadian body's name."""

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from iceout.domain import COMPONENTS, DHS, component
from iceout.i18n.message import Arg, Joined, Message, Names, joined
from iceout.normalize.text import fold

_DOTTED = re.compile(r"(?<=\b[a-z])\.(?=[a-z]\b)|(?<=\b[a-z])\.")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def words(text: str) -> str:
    """Folded words between spaces, with a space at each end so that a phrase matches whole
    words: 'U.S. Immigration & Customs Enforcement' -> ' us immigration and customs
    enforcement '; 'É.-U.' -> ' e u '."""
    folded = _DOTTED.sub("", fold(text).replace("&", " and ").replace("'", " "))
    return f" {' '.join(_NOT_ALNUM.sub(' ', folded).split())} "


@dataclass(frozen=True)
class Phrase:
    text: str  # folded words
    code: str  # component code
    unit: str | None  # unit code (ERO, HSI, ...), if the phrase names one
    strong: bool


@dataclass(frozen=True)
class DhsBody:
    """A DHS body recognised in a text: the component, the unit and office when written,
    and the words that said so."""

    component: str
    unit: str | None
    where: Message | None  # "Phoenix field office", "port of Detroit", "Tucson sector"
    matched: tuple[str, ...]  # the phrases found, as folded words

    @property
    def office(self) -> str | None:
        """The office in English."""
        return str(self.where) if self.where else None

    def office_in(self, lang: str) -> str | None:
        return self.where.render(lang) if self.where else None

    def describe(self) -> Joined:
        """'U.S. Immigration and Customs Enforcement (ICE), Enforcement and Removal
        Operations, Phoenix field office', in either language."""
        c = component(self.component)
        parts: list[Arg] = [joined([Names(c.name, c.name_fr), f"({c.code})"], " ")]
        if self.unit:
            unit = UNITS[self.unit]
            parts.append(Names(unit["name"], unit.get("name_fr", "")))
        if self.where:
            parts.append(self.where)
        return joined(parts)


@cache
def _data() -> dict[str, Any]:
    text = files("iceout").joinpath("data/dhs_offices.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


UNITS: dict[str, dict[str, Any]] = {u["code"]: u for u in _data()["units"]}


@cache
def phrases() -> tuple[Phrase, ...]:
    """Every phrase, longest first, so that a longer phrase is preferred over its parts."""
    data = _data()
    found: list[Phrase] = []
    for c in (*COMPONENTS, DHS):
        found += [Phrase(words(n).strip(), c.code, None, True) for n in (c.name, c.name_fr)]
    for code, spec in data["components"].items():
        for strength in ("strong", "weak"):
            found += [
                Phrase(words(p).strip(), code, None, strength == "strong") for p in spec[strength]
            ]
    for unit in data["units"]:
        for strength in ("strong", "weak"):
            found += [
                Phrase(words(p).strip(), unit["component"], unit["code"], strength == "strong")
                for p in unit[strength]
            ]
    return tuple(sorted(set(found), key=lambda p: (-len(p.text), p.text)))


def _any(text: str, listed: list[str]) -> bool:
    return any(f" {words(w).strip()} " in text for w in listed)


@cache
def _places() -> dict[str, tuple[str, ...]]:
    """Office place (folded) -> the lists naming it (ERO, HSI, USBP, OFO, ports)."""
    places: dict[str, list[str]] = {}
    for kind, names in _data()["offices"].items():
        for name in names:
            places.setdefault(words(name).strip(), []).append(kind)
    return {place: tuple(kinds) for place, kinds in places.items()}


def recognise(text: str, *, strong_only: bool = False) -> DhsBody | None:
    """The DHS body this text names, or None. `strong_only` (for an address, where "Ice
    Street, Portland, US" has both a weak word and a context): strong phrases only."""
    folded = words(text)
    hits = _phrases_in(folded)
    if not hits or (strong_only and not any(h.strong for h in hits)):
        return None
    data = _data()
    place = _place(folded)
    context = (
        _any(folded, data["us_context"]) or _any(folded, data["office_words"]) or place is not None
    )
    if not any(h.strong for h in hits):
        # weak words only: a U.S. or office context, or two DHS words ("ICE ERO"), and never
        # a Canadian body
        if _any(folded, data["canadian"]) or not (context or len(hits) > 1):
            return None
    specific = [h for h in hits if h.code != DHS.code] or hits
    unit = next((h.unit for h in specific if h.unit), None)
    code = UNITS[unit]["component"] if unit else specific[0].code
    return DhsBody(code, unit, _office(folded, code, unit, place), tuple(h.text for h in hits))


def _phrases_in(folded: str) -> list[Phrase]:
    """The phrases in the text in reading order, none inside a longer one found."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Phrase]] = []
    for phrase in phrases():
        for match in re.finditer(f" {re.escape(phrase.text)} ", folded):
            start, end = match.start(), match.end()
            if any(start < e - 1 and s < end - 1 for s, e in taken):
                continue
            taken.append((start, end))
            found.append((start, phrase))
    return [phrase for _, phrase in sorted(found, key=lambda f: f[0])]


def _place(folded: str) -> str | None:
    """The longest listed office place written in the text."""
    hits = [p for p in _places() if f" {p} " in folded]
    return max(hits, key=len) if hits else None


PORT = re.compile(r" port (?:of|de|d) ((?:[a-z]+ ?){1,3}?)(?: port| field| office| $| and|$)")


def _office(folded: str, code: str, unit: str | None, place: str | None) -> Message | None:
    if code == "CBP" and (port := PORT.search(folded)):
        return Message("port of %(place)s", place=port.group(1).strip().title())
    if place is None:
        return None
    title = place.title().replace("St ", "St. ")
    kinds = _places()[place]
    if unit == "USBP" or (code == "CBP" and " sector " in folded):
        if "USBP" in kinds:
            return Message("%(place)s sector", place=title)
        return Message("%(place)s (sector not on the list)", place=title)
    if code == "CBP" and "ports" in kinds and " port " in folded:
        return Message("port of %(place)s", place=title)
    if unit == "HSI" or " special agent in charge " in folded or " sac " in folded:
        return Message("%(place)s special agent in charge office", place=title)
    return Message("%(place)s field office", place=title)
