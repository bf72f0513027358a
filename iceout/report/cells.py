"""Text bound for a spreadsheet cell. A text starting with = + - @ tab or CR is a formula to
Excel and LibreOffice (OWASP "CSV injection"): a vendor named `=HYPERLINK(...)` must stay text,
so such a text gets a leading single quote. Numbers, and text that is a plain decimal number,
pass through. Every spreadsheet writer of the report goes through `cell` (the one place to
switch to a shared writer)."""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain decimal such as a negative amount ("-1250.00") is a number, not a formula.
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def cell(value: object) -> object:
    """The value to write: numbers and None as they are, text neutralised."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(text):
        return "'" + text
    return text
