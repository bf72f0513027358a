"""Text bound for a spreadsheet cell. A text starting with = + - @ tab or CR is a formula to
Excel and LibreOffice (OWASP "CSV injection"): a vendor named `=HYPERLINK(...)` must stay text,
so such a text gets a leading single quote. Numbers pass through as numbers. Every spreadsheet
writer of the report goes through `cell` (the one place to switch to a shared writer)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """The value to write: numbers and None as they are, text neutralised."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
