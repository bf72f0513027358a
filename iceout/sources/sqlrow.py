"""The set-based counterpart of `Row`: SQL expressions giving, for a whole file at once, the
values `Row` gives one row at a time, for the rows where SQL is sure to give the same value.

Each method returns the expression of one value and records the condition under which that
expression is exact (text with no HTML entity but '&amp;', a plain amount with at most two
decimals, a year-first date); `takes()` is all of them together. A row outside it is typed by the layout's
Python code, as before, with the same quarantine reasons and notes. Raw columns are VARCHAR
named `c0`, `c1`, ... in header order (see `setread.py`)."""

# str.split()'s whitespace (str.isspace), as an RE2 character class
_SPACE = (
    r"[\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}"
    r"\x{202f}\x{205f}\x{3000}]"
)
_INVISIBLE = r"[\x{ad}\x{200b}-\x{200d}\x{2060}\x{feff}]"  # names.py _INVISIBLE
# an entity clean_text would decode (names.py _ENTITY)
_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
# a character outside those whose upper case str.upper() and DuckDB agree on (ASCII, Latin-1
# letters but for "ß", Python "SS", and the two signs): such a row is typed by Python
_NOT_UPPER_SAFE = r"[^\x00-\x7f\x{c0}-\x{d6}\x{d8}-\x{de}\x{e0}-\x{f6}\x{f8}-\x{fe}]"
# money.py / dates.py _BLANKS, after strip() and casefold()
_BLANK = rf"{_SPACE}*(?:|-|--|n/a|na|nil|none|null){_SPACE}*"
# a plain amount float() reads and round(_, 2) leaves as it is, below 1e13 (str() in fixed form)
_AMOUNT = r"[0-9]{1,13}(?:\.[0-9]{1,2})?"
_YEAR_FIRST = r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})"  # dates.py _YEAR_FIRST, ASCII


class SqlRow:
    """SQL expressions over one file's raw columns; see the module's docstring."""

    def __init__(self, header: list[str]) -> None:
        self.columns = {name: f"c{number}" for number, name in enumerate(header)}
        self.guards: list[str] = []

    def raw(self, column: str) -> str:
        """The value as Row.values holds it: '' for an empty field, NULL for no such column."""
        name = self.columns.get(column)
        return f"coalesce({name}, '')" if name else "NULL"

    def text(self, column: str) -> str:
        """clean_text: '&amp;' decoded, NFC, no invisible characters, single spaces. A row
        with any other entity (or one that decoding '&amp;' reveals) is typed by Python."""
        raw = self.raw(column)
        decoded = f"replace({raw}, '&amp;', '&')"  # what one pass decodes, when all are '&amp;'
        self.guards.append(f"NOT (contains({raw}, '&') AND regexp_matches({decoded}, '{_ENTITY}'))")
        composed = f"regexp_replace(nfc_normalize({decoded}), '{_INVISIBLE}', '', 'g')"
        text = f"CASE WHEN strlen({raw}) = length({raw}) THEN {decoded} ELSE {composed} END"
        return f"nullif(trim(regexp_replace({text}, '{_SPACE}+', ' ', 'g'), ' '), '')"

    def upper(self, column: str) -> str:
        """str.upper() of text(column)."""
        self.guards.append(f"NOT regexp_matches({self.raw(column)}, '{_NOT_UPPER_SAFE}')")
        return f"upper({self.text(column)})"

    def required(self, column: str) -> str:
        value = self.text(column)
        self.guards.append(f"{value} IS NOT NULL")
        return value

    def money(self, column: str) -> str:
        raw = self.raw(column)
        self.guards.append(f"({self._blank(raw)} OR regexp_full_match({raw}, '{_AMOUNT}'))")
        return f"CASE WHEN {self._blank(raw)} THEN NULL ELSE TRY_CAST({raw} AS DOUBLE) END"

    def money_text(self, column: str) -> str:
        """str() of the amount money() gives, as key() writes it: '1234.5', '100.0'."""
        raw = self.raw(column)
        whole = f"coalesce(nullif(ltrim(split_part({raw}, '.', 1), '0'), ''), '0')"
        decimals = f"coalesce(nullif(rtrim(split_part({raw}, '.', 2), '0'), ''), '0')"
        return f"CASE WHEN {self._blank(raw)} THEN NULL ELSE {whole} || '.' || {decimals} END"

    def date(self, column: str) -> str:
        raw = self.raw(column)
        parts = [f"regexp_extract({raw}, '^{_YEAR_FIRST}$', {n})" for n in (1, 2, 3)]
        iso = f"{parts[0]} || '-' || lpad({parts[1]}, 2, '0') || '-' || lpad({parts[2]}, 2, '0')"
        value = f"try_cast({iso} AS DATE)"
        self.guards.append(
            f"({self._blank(raw)} OR ({value} IS NOT NULL"
            f" AND TRY_CAST({parts[0]} AS INTEGER) BETWEEN 1900 AND 2100))"
        )
        return f"CASE WHEN {self._blank(raw)} THEN NULL ELSE {value} END"

    def takes(self) -> str:
        """The condition on the rows every expression given so far types exactly."""
        # a NULL (a column the file lacks) leaves the row to Python
        return f"coalesce({' AND '.join(self.guards) or 'true'}, false)"

    @staticmethod
    def _blank(raw: str) -> str:
        return f"regexp_full_match({raw}, '{_BLANK}', 'i')"


def sql_key(*parts: str) -> str:
    """`layout.key()` in SQL: the parts' text joined by '|', NULL as ''."""
    return " || '|' || ".join(f"coalesce(CAST({part} AS VARCHAR), '')" for part in parts)
