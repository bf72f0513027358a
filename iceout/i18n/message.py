"""A message to show in either language, kept as its id and arguments until it is shown.

A stage that explains itself to a person (a party's reason, an application's summary) returns
`Message("%(family)s holds %(n)s award(s)", family=..., n=...)` rather than an English string:
the id is the English text, as in the catalogue; the arguments are typed (a count, an amount
of money, a date, another message, a list), and `render(lang)` formats each the language's
way (Babel's fr_CA: `1 234 567 $ US`, `1 mars 2024`). `str()` is the English text, which the
screening log keeps. `python -m iceout.i18n` extracts `Message(...)` and `Plural(...)` ids
with the other messages (iceout/i18n/catalogue.py KEYWORDS).
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Union

from iceout import i18n


@dataclass(frozen=True)
class Money:
    value: float | None
    currency: str  # "US$" or "C$"


@dataclass(frozen=True)
class Figure:
    """A number shown with a fixed pattern (a score's two decimals: 0.93 or 0,93)."""

    value: float
    pattern: str = "0.00"


@dataclass(frozen=True)
class Names:
    """A name with a form of its own in each language (a DHS component's), not a message of
    the catalogue."""

    en: str
    fr: str

    def render(self, lang: str) -> str:
        return self.fr if lang == "fr" and self.fr else self.en


@dataclass(frozen=True)
class Joined:
    """Arguments shown one after the other, with a separator."""

    items: tuple["Arg", ...]
    separator: "str | Message" = ", "  # a Message where the languages differ (SEMICOLON)


Arg = Union[str, int, float, date, Money, Figure, Names, Joined, "Message"]


class Message:
    """A message id (English, with %(name)s placeholders) and its arguments."""

    __slots__ = ("id", "plural", "count", "args")

    def __init__(self, id: str, /, **args: Arg) -> None:
        self.id, self.plural, self.count = id, "", 0
        self.args: Mapping[str, Arg] = args

    def render(self, lang: str = i18n.DEFAULT) -> str:
        translations = i18n.translations(lang)
        if self.plural:
            text = translations.ngettext(self.id, self.plural, self.count)
        else:
            text = translations.gettext(self.id)
        values = {name: _render(value, lang) for name, value in self.args.items()}
        return text % values if values or "%%" in text else text

    def __str__(self) -> str:
        return self.render(i18n.DEFAULT)

    def __repr__(self) -> str:
        return f"Message({self.id!r}, {dict(self.args)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (
            self.id,
            self.plural,
            self.count,
            dict(self.args),
        ) == (other.id, other.plural, other.count, dict(other.args))

    def __hash__(self) -> int:
        return hash((self.id, self.plural, self.count))


def Plural(singular: str, plural: str, count: int, /, **args: Arg) -> Message:  # noqa: N802
    """A message whose words follow a count (`count` is also its %(count)s argument)."""
    message = Message(singular, count=count, **args)
    message.plural, message.count = plural, count
    return message


def joined(items: Iterable[Arg], separator: "str | Message" = ", ") -> Joined:
    return Joined(tuple(items), separator)


SEMICOLON = Message("; ")
"""Between the clauses of a list: French puts a non-breaking space before the semicolon."""


def _render(value: Arg, lang: str) -> str:
    if isinstance(value, Message | Names):
        return value.render(lang)
    if isinstance(value, Joined):
        return _render(value.separator, lang).join(_render(item, lang) for item in value.items)
    if isinstance(value, Money):
        return i18n.money(value.value, value.currency, lang)
    if isinstance(value, Figure):
        return i18n.decimal(value.value, value.pattern, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return i18n.number(value, lang)
    if isinstance(value, date):
        return i18n.long_date(value, lang)
    return value


def text(value: "str | Message", lang: str = i18n.DEFAULT) -> str:
    """A message in `lang`; plain text (a name, a matcher's sentence) as it is."""
    return value.render(lang) if isinstance(value, Message) else value


def reread(stored: str | None, ids: Iterable[str]) -> "str | Message | None":
    """Text a stage stored in English from one of its own messages (`ids`, the templates it
    formatted: a US award's `via`, a record's `count_basis`) as that Message again, its
    values as they were written, so that a page can show it in its reader's language; text
    that none of them made is given back as it is (data, or an older wording)."""
    if not stored:
        return stored
    for id in ids:
        found = _pattern(id).fullmatch(stored)
        if found:
            return Message(id, **{name: _stored_value(v) for name, v in found.groupdict().items()})
    return stored


_STORED_MONEY = re.compile(r"(US\$|C\$)(-?[\d,]+(?:\.\d+)?)")


def _stored_value(value: str) -> "str | Money":
    """An amount written the English way ('US$-1,234.50') as Money again, so that it is shown
    the reader's way; any other value (a reference, a name) as it was written."""
    money = _STORED_MONEY.fullmatch(value)
    if money is None:
        return value
    return Money(float(money.group(2).replace(",", "")), money.group(1))


@cache
def _pattern(id: str) -> "re.Pattern[str]":
    parts = re.split(r"%\((\w+)\)s", id)
    pattern = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
    )
    return re.compile(pattern, re.DOTALL)
