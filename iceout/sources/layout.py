"""What a publisher layout is: how to recognise its header and turn one row into one record."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from iceout.normalize.dates import parse_date
from iceout.normalize.money import parse_money
from iceout.normalize.names import clean_text
from iceout.sources.sqlrow import SqlRow

Record = dict[str, Any]


class RowError(ValueError):
    """A row we cannot store: it goes to quarantine with this reason."""


class Row:
    """Typed access to one CSV row. Fatal problems raise RowError; minor ones become notes
    (the record is kept with that field blank, and the note is written to quarantine)."""

    def __init__(self, values: dict[str, str], blanks: frozenset[str] = frozenset()) -> None:
        # a publisher's placeholder for an empty value ('NA') reads as empty
        self.values = {k: "" if v in blanks else v for k, v in values.items()} if blanks else values
        self.notes: list[str] = []

    def text(self, column: str) -> str | None:
        return clean_text(self.values.get(column))

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            raise RowError(f"{column} is blank")
        return value

    def money(self, column: str) -> float | None:
        try:
            return parse_money(self.values.get(column))
        except ValueError as exc:
            raise RowError(f"{column}: {exc}") from exc

    def date(self, column: str, order: str = "YMD") -> date | None:
        try:
            return parse_date(self.values.get(column), order=order)
        except ValueError as exc:
            self.notes.append(f"{column}: {exc}; stored blank")
            return None


def key(*parts: object) -> str:
    """A record key from its identifying values, the same whichever file or layout it came from."""
    return "|".join("" if part is None else str(part) for part in parts)


@dataclass(frozen=True)
class Layout:
    name: str
    table: str
    required_columns: frozenset[str]
    to_record: Callable[[Row], Record]
    exact_columns: int | None = None  # some layouts differ from a sibling only by width
    absent_columns: frozenset[str] = frozenset()
    blank_values: frozenset[str] = frozenset()  # placeholders read as empty, e.g. 'NA'
    # values a row needs from the files beside it (a vendor's name), added to every row
    context: Callable[[Path], dict[str, str]] | None = None
    # column -> regular expression of its complete values, where every cut of a value fails it
    # (a date, an id ending in a fixed-width code): proves the last row of a file that does not
    # end with a line break was not cut inside its last field (see csvfile.iter_rows)
    whole_values: Mapping[str, str] = field(default_factory=dict)
    # to_record in SQL, for reading large files set-based (setread.py): column -> expression
    # of the value to_record gives, exact for the rows SqlRow.takes() holds
    sql_form: Callable[[SqlRow], dict[str, str]] | None = None

    def matches(self, header: Iterable[str]) -> bool:
        columns = list(header)
        names = set(columns)
        if self.exact_columns is not None and len(columns) != self.exact_columns:
            return False
        return self.required_columns <= names and not (self.absent_columns & names)
