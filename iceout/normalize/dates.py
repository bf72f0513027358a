"""Calendar dates as written by US and Canadian publishers.

Year-first dates ('2007-05-15', '2012/03/31', with or without a time) are unambiguous
and always read. Year-last dates are not: USAspending's Minnesota file was re-saved as
'1/19/18' (month first) while the 2018 FPDS file writes '31/10/2017' (day first), so
the caller says which with `order`. Month names are read in English and French.

Impossible or implausible values raise ValueError with the reason, so a loader can
count and report them instead of storing a wrong date.
"""

import datetime
import re
from functools import lru_cache

from iceout.normalize.text import fold

# Outside these years a date in public spending data is a typo ('19208-03-20',
# '2208-02-11' for 2008, '1010/01/31') rather than a real date.
FIRST_YEAR, LAST_YEAR = 1900, 2100
# Two-digit years: 00-68 are 2000-2068, 69-99 are 1969-1999, as POSIX strptime reads '%y'.
_PIVOT = 69

_BLANKS = frozenset({"", "-", "--", "n/a", "na", "nil", "none", "null"})
_TIME = re.compile(
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AP]M)?(?:Z|[+-]\d{2}:?\d{2})?)$",
    re.IGNORECASE,
)
_YEAR_FIRST = re.compile(r"(\d{4,5})[-/.](\d{1,2})[-/.](\d{1,2})")
_YEAR_LAST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})")
_MONTH_FIRST = re.compile(r"([a-z]+)\.? (\d{1,2})(?:er)?,? (\d{4})")  # 'March 26, 2008'
_DAY_FIRST = re.compile(r"(\d{1,2})(?:er)? ([a-z]+)\.?,? (\d{4})")  # '1er avril 2011'

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan janvier janv",
            "february feb fevrier fevr fev",
            "march mar mars",
            "april apr avril avr",
            "may mai",
            "june jun juin",
            "july jul juillet juil",
            "august aug aout",
            "september sep sept septembre",
            "october oct octobre",
            "november nov novembre",
            "december dec decembre",
        ),
        start=1,
    )
    for name in names.split()
}


@lru_cache(maxsize=1 << 16)  # a file repeats its dates (days of a few years) many times
def parse_date(value: str | None, order: str = "YMD") -> datetime.date | None:
    """Return the date in `value`, None when blank.

    `order` is how year-last numeric dates are read: 'MDY' ('1/19/18') or 'DMY'
    ('31/10/2017'); with the default 'YMD' they are read only when a number above 12 shows
    which is the day, and refused as ambiguous otherwise.
    """
    if order not in ("YMD", "MDY", "DMY"):
        raise ValueError(f"unknown date order {order!r}: use 'YMD', 'MDY' or 'DMY'")
    if value is None or value.strip().casefold() in _BLANKS:
        return None
    text = _TIME.sub("", value.strip().rstrip("*").strip())  # '*' marks a footnote
    year, month, day = _parts(_fold(text), order, value)
    return _date(year, month, day, value)


def _parts(text: str, order: str, value: str) -> tuple[int, int, int]:
    if match := _YEAR_FIRST.fullmatch(text):
        year, month, day = match.groups()
        return int(year), int(month), int(day)
    if match := _YEAR_LAST.fullmatch(text):
        first, second, year = match.groups()
        if order == "YMD":
            # Only a number above 12 tells day from month: '3/31/2006' can only be March 31.
            if int(second) > 12 >= int(first):
                order = "MDY"
            elif int(first) > 12 >= int(second):
                order = "DMY"
            else:
                raise ValueError(f"ambiguous date {value!r}: say order='MDY' or order='DMY'")
        month, day = (first, second) if order == "MDY" else (second, first)
        return _full_year(year), int(month), int(day)
    if match := _MONTH_FIRST.fullmatch(text):
        name, day, year = match.groups()
        return int(year), _month(name, value), int(day)
    if match := _DAY_FIRST.fullmatch(text):
        day, name, year = match.groups()
        return int(year), _month(name, value), int(day)
    raise ValueError(f"unrecognised date {value!r}")


def _fold(text: str) -> str:
    """Lower case without accents and with single spaces: 'Février' -> 'fevrier'."""
    return " ".join(fold(text).split())


def _full_year(year: str) -> int:
    if len(year) == 4:
        return int(year)
    return (1900 if int(year) >= _PIVOT else 2000) + int(year)


def _month(name: str, value: str) -> int:
    if name not in _MONTHS:
        raise ValueError(f"unknown month {name!r} in {value!r}")
    return _MONTHS[name]


def _date(year: int, month: int, day: int, value: str) -> datetime.date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year {year} out of range {FIRST_YEAR}-{LAST_YEAR} in {value!r}")
    try:
        return datetime.date(year, month, day)
    except ValueError as error:  # 'month must be in 1..12', 'day is out of range for month'
        raise ValueError(f"impossible date {value!r}: {error}") from None
