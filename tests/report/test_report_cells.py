"""The one rule for spreadsheet text (iceout/sheets.py, OWASP "CSV injection")."""

import pytest

from iceout.sheets import typed


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://example.com","x")', '\'=HYPERLINK("http://example.com","x")'),
        ("+CMD|' /C calc'!A0", "'+CMD|' /C calc'!A0"),
        ("-1+2", "'-1+2"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Groupe de Sécurité Garda Inc.", "Groupe de Sécurité Garda Inc."),
        ("-1250.00", "-1250.00"),  # a negative amount stays a number
        (-1250.0, -1250.0),
        (3, 3),
        (None, None),
    ],
)
def test_formula_lookalikes_are_neutralised_and_numbers_left_alone(
    value: object, written: object
) -> None:
    assert typed(value) == written  # XLSX: text neutralised, numbers and None as they are
