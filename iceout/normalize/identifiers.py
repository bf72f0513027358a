"""Registry identifiers of organisations: canonical form, or None when not valid.

Each function takes whatever a source column holds (str, int, float, None, garbage)
and never raises: an identifier that fails its format or check digit is treated as
absent, because a wrong identifier joining two records is worse than none.
"""

import re

from rigour.ids import LEI, UEI
from stdnum import luhn

_SEPARATORS = re.compile(r"[\s\-]+")
_DIGITS = re.compile(r"[0-9]+")
_CAGE = re.compile(r"[0-9A-HJ-NP-Z]{5}")  # DLA never uses I and O, to avoid 1 and 0
# CRA program account: two letters for the program (RT for GST/HST, RP payroll, RC income
# tax, RR charities, ...) and a four-digit reference number.
_BUSINESS_NUMBER = re.compile(r"([0-9]{9})(?:R[A-Z][0-9]{4})?")


def _compact(value: object) -> str:
    """Upper case without spaces or hyphens; '' for None."""
    if value is None:
        return ""
    return _SEPARATORS.sub("", str(value)).upper()


def uei(value: object) -> str | None:
    """SAM Unique Entity ID: 12 letters and digits, without I, O or a leading zero."""
    text = _compact(value)
    return text if UEI.is_valid(text) else None


def duns(value: object) -> str | None:
    """Dun & Bradstreet number: 9 digits.

    Spreadsheets that read the column as numbers drop leading zeros ('1903723' for
    G4S Secure Solutions (USA), DUNS 001903723), so 7 and 8 digits are zero-padded.
    """
    text = _compact(value).removesuffix(".0")  # read as a float somewhere on the way
    if not _DIGITS.fullmatch(text) or not 7 <= len(text) <= 9:
        return None
    text = text.zfill(9)
    return None if text == "000000000" else text


def cage(value: object) -> str | None:
    """Commercial and Government Entity code: 5 letters and digits.

    A four-digit value is a CAGE code such as '07959' whose leading zero a spreadsheet
    dropped (seen in the 2018 FPDS file), so it is zero-padded like DUNS numbers.
    """
    text = _compact(value)
    if len(text) == 4 and text.isdigit():
        text = "0" + text
    return text if _CAGE.fullmatch(text) else None


def business_number(value: object) -> str | None:
    """CRA Business Number: the 9 digits, program-account suffix ('RT0001') removed.

    The ninth digit is a Luhn check digit, which catches most typing errors.
    """
    match = _BUSINESS_NUMBER.fullmatch(_compact(value))
    if match is None or not luhn.is_valid(match.group(1)):
        return None
    number = match.group(1)
    return None if number == "000000000" else number


def lei(value: object) -> str | None:
    """Legal Entity Identifier (ISO 17442): 20 characters with a mod-97 check."""
    text = _compact(value)
    return text if len(text) == 20 and LEI.is_valid(text) else None
