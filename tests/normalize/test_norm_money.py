"""Amounts as the sources write them."""

import pytest

from iceout.normalize.money import parse_money


def test_plain_amounts():
    # ../shared/data/canada/legacy_contracts/contracts_1999_2015_69_departments.csv,
    # contract_value
    assert parse_money("27735.75") == 27735.75
    assert parse_money("1683625") == 1683625.0
    assert parse_money("29265.6") == 29265.6
    assert parse_money(".00") == 0.0
    # ../shared/data/usaspending/api_transactions_cbp_ice/, Federal Action Obligation
    assert parse_money("-0.01") == -0.01


def test_three_decimals_are_decimals():
    # contract_value in the legacy file: genuine three-decimal amounts (Canadian Space
    # Agency) sit beside thousands written as '58.800'; both read as written.
    assert parse_money("10464.386") == 10464.386
    assert parse_money("58.800") == 58.8
    assert parse_money("99.999") == 99.999


def test_english_formatting():
    assert parse_money("$1,234.56") == 1234.56
    assert parse_money("$11,015.39") == 11015.39  # legacy file, delivery_date (misplaced)
    assert parse_money("1,234") == 1234.0
    assert parse_money("1,234,567") == 1234567.0
    assert parse_money("CAD 1,000") == 1000.0
    assert parse_money("USD 12.50") == 12.5


def test_french_formatting():
    assert parse_money("1 234,56 $") == 1234.56
    assert parse_money("1\u202f234,56\xa0$") == 1234.56
    assert parse_money("1234,5") == 1234.5
    assert parse_money("1.234.567,89") == 1234567.89


def test_negatives():
    assert parse_money("(1,234.00)") == -1234.0
    assert parse_money("-1234") == -1234.0
    assert parse_money("-$1,234") == -1234.0
    assert parse_money("(0.00)") == 0.0


def test_blanks():
    assert parse_money(None) is None
    assert parse_money("") is None
    assert parse_money("  ") is None
    assert parse_money("-") is None
    assert parse_money("N/A") is None


@pytest.mark.parametrize("value", ["abc", "$", "1,23,456", "1.2.3", "--5", "(-5)", "12a"])
def test_garbage_raises_with_the_value(value):
    with pytest.raises(ValueError, match="unparseable amount"):
        parse_money(value)
