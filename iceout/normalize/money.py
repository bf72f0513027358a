"""Amounts of money as written by US and Canadian publishers.

English ('$1,234.56'), French ('1 234,56 $'), accounting negatives ('(1,234.00)') and
currency markers ('CAD', 'USD') all parse to a float; the currency itself is a column of
its own in every source, so it is not returned here.

A single '.' is always the decimal point, even before exactly three digits. The legacy
Canadian contracts file has about 480 amounts such as '58.800' or '10.5' in a list of
contracts over $10,000: they are thousands of dollars, but the same file also has genuine
three-decimal amounts ('10464.386', '27305.865', Canadian Space Agency) and one-decimal
ones ('40.0', RCMP External Review Committee) that no separator rule can tell apart.
Reading them as written keeps this parser honest; the loader of that file, which knows
its $10,000 floor, is the place to flag them.
"""

import re

_BLANKS = frozenset({"", "-", "--", "n/a", "na", "nil", "none", "null"})
_CURRENCY = re.compile(r"\b(?:CAD|USD|CDN)\b|(?:\b(?:US|CA|C))?\$", re.IGNORECASE)
# Spaces of every kind group thousands in French: U+00A0, U+202F, ...
_SPACES = re.compile(r"\s+")
_MINUS = "-\u2212"
_DIGITS = re.compile(r"[0-9]*")
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_GROUPED = re.compile(r"[0-9]{1,3}(?P<sep>[,.])[0-9]{3}(?:(?P=sep)[0-9]{3})*")


def parse_money(value: str | None) -> float | None:
    """Return the amount in `value`, None when blank; ValueError when not an amount."""
    if value is None:
        return None
    if _PLAIN.fullmatch(value):  # most amounts ('1234.56'): what follows would read them so
        return float(value)
    if value.strip().casefold() in _BLANKS:
        return None
    text = _SPACES.sub("", _CURRENCY.sub("", value))
    bracketed = text.startswith("(") and text.endswith(")")  # accounting: '(1,234.00)'
    if bracketed:
        text = text[1:-1]
    signed = text[:1] in _MINUS or text[-1:] in _MINUS  # '-1234', and '1234-' from COBOL days
    if signed:
        text = text[1:] if text[:1] in _MINUS else text[:-1]
    number = _plain_number(text)
    if number is None or (bracketed and signed):
        raise ValueError(f"unparseable amount {value!r}")
    amount = float(number)
    return -amount if (bracketed or signed) and amount else amount


def _plain_number(text: str) -> str | None:
    """`text` as digits with at most one '.', or None if it is not a written number."""
    decimal = _decimal_separator(text)
    whole, decimals = text.rsplit(decimal, 1) if decimal else (text, "")
    grouped = _GROUPED.fullmatch(whole)
    if grouped and grouped.group("sep") != decimal:
        whole = whole.replace(grouped.group("sep"), "")
    if not (whole or decimals) or not _DIGITS.fullmatch(whole) or not _DIGITS.fullmatch(decimals):
        return None
    return f"{whole or 0}.{decimals or 0}"


def _decimal_separator(text: str) -> str | None:
    if "," in text and "." in text:
        return max((",", "."), key=text.rfind)  # the last one: '1,234.56', '1.234,56'
    if text.count(",") == 1 and not _GROUPED.fullmatch(text):
        return ","  # French decimals: '1234,56'
    if text.count(".") == 1:
        return "."
    return None  # '1234', '1,234', '1.234.567'
