"""Sentences and word tokens of a document, with their offsets, in English and French.

Tokens are runs of letters and digits: 'l’ICE' gives 'l' and 'ICE', 'U.S.' gives 'U' and 'S',
so names written with or without dots, hyphens or elisions meet the same tokens. Each token
keeps its written form (case matters: 'ICE' is the agency, 'ice' is not) and a folded form
(lower case, accents removed) for lookups.
"""

import re
from dataclasses import dataclass

from iceout.normalize.text import fold

_WORD = re.compile(r"[^\W_]+")
# A sentence ends at . ! ? or … (closing quotes and brackets stay with it) before a space and
# something that can open a sentence.
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+(?=[\"“«(\[]?[A-ZÀ-ÖØ-Þ0-9•])")
_BULLET = re.compile(r"^[\s•·▪◦*–-]+")
# Words after which a full stop is an abbreviation, not the end of a sentence (folded).
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st rt hon sen gen vs jan feb mar apr jun jul aug sep sept oct nov dec "
    "ont que alta sask inc ltd corp co cie mme mlle".split()
)


@dataclass(frozen=True)
class Token:
    text: str
    fold: str
    start: int  # offsets in the sentence text
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper() or self.text[0].isdigit()


@dataclass(frozen=True)
class Sentence:
    index: int  # position in the document, from 0
    text: str
    tokens: tuple[Token, ...]

    @property
    def is_question(self) -> bool:
        """Questions assert nothing ('Can ICE arrest people in Canada?')."""
        return self.text.rstrip(" \"'”’»)").endswith("?")

    def gap(self, left: int, right: int) -> str:
        """The text between two tokens (punctuation and spaces)."""
        return self.text[self.tokens[left].end : self.tokens[right].start]

    def span(self, first: int, end: int) -> str:
        """The text of tokens first .. end-1 as written."""
        return self.text[self.tokens[first].start : self.tokens[end - 1].end]


def tokenize(text: str) -> tuple[Token, ...]:
    return tuple(
        Token(m.group(), fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)
    )


def split_sentences(text: str) -> list[Sentence]:
    """Split on line breaks (documents arrive one paragraph per line) and on sentence ends."""
    pieces: list[str] = []
    for line in text.splitlines():
        pieces.extend(_split_line(_BULLET.sub("", line).strip()))
    sentences = (" ".join(piece.split()) for piece in pieces)
    return [
        Sentence(i, s, tokenize(s)) for i, s in enumerate(s for s in sentences if _WORD.search(s))
    ]


def _split_line(line: str) -> list[str]:
    pieces, start = [], 0
    for end in _END.finditer(line):
        if _is_abbreviation(line[start : end.start() + 1]):
            continue
        pieces.append(line[start : end.end()].strip())
        start = end.end()
    pieces.append(line[start:].strip())
    return [p for p in pieces if p]


def _is_abbreviation(text: str) -> bool:
    """Whether the full stop ending `text` closes an abbreviation: 'U.S.', 'Nov.', 'A.'."""
    if not text.endswith("."):
        return False
    word = text[:-1].rsplit(maxsplit=1)[-1] if text[:-1].split() else ""
    word = word.lstrip("\"'“«([")
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?", word + "."):  # U.S., C.P., an initial
        return True
    return fold(word) in _ABBREVIATIONS
