"""Dates as the sources write them."""

import datetime

import pytest

from iceout.normalize.dates import parse_date


def test_iso_dates():
    # ../shared/data/canada/legacy_contracts/contracts_1999_2015_69_departments.csv,
    # contract_date
    assert parse_date("2007-05-15") == datetime.date(2007, 5, 15)
    assert parse_date("2007-05-15 00:00:00") == datetime.date(2007, 5, 15)
    assert parse_date("2007-05-15T13:45:00Z") == datetime.date(2007, 5, 15)
    # same file, delivery_date
    assert parse_date("2010-3-22") == datetime.date(2010, 3, 22)
    assert parse_date("2012/03/31") == datetime.date(2012, 3, 31)
    assert parse_date("2011/6/3") == datetime.date(2011, 6, 3)


def test_iso_dates_in_any_order():
    assert parse_date("2007-05-15", order="DMY") == datetime.date(2007, 5, 15)
    assert parse_date("2012/03/31", order="MDY") == datetime.date(2012, 3, 31)


def test_footnote_mark_is_ignored():
    assert parse_date("2010-02-10*") == datetime.date(2010, 2, 10)  # legacy contract_date


def test_month_first_with_two_digit_years():
    # ../shared/data/usaspending/prime_award_summaries/ice_minnesota_Contracts_*.csv,
    # award_base_action_date
    assert parse_date("1/19/18", order="MDY") == datetime.date(2018, 1, 19)
    assert parse_date("7/2/03", order="MDY") == datetime.date(2003, 7, 2)
    assert parse_date("12/31/12", order="MDY") == datetime.date(2012, 12, 31)
    assert parse_date("1/1/25", order="MDY") == datetime.date(2025, 1, 1)
    assert parse_date("9/30/98", order="MDY") == datetime.date(1998, 9, 30)
    assert parse_date("3/31/2006", order="MDY") == datetime.date(2006, 3, 31)


def test_day_first():
    # ../shared/data/usaspending/fpds_2018_ice/ice_awards_fy13_fy18.csv, action_date
    assert parse_date("31/10/2017", order="DMY") == datetime.date(2017, 10, 31)
    assert parse_date("08/01/2018", order="DMY") == datetime.date(2018, 1, 8)


def test_year_last_needs_an_order():
    with pytest.raises(ValueError, match="ambiguous"):
        parse_date("08/01/2018")


def test_month_names():
    # legacy delivery_date
    assert parse_date("March 26, 2008") == datetime.date(2008, 3, 26)
    assert parse_date("February 29, 2008") == datetime.date(2008, 2, 29)
    assert parse_date("Sept. 5, 2010") == datetime.date(2010, 9, 5)
    assert parse_date("Février 4, 2011") == datetime.date(2011, 2, 4)
    assert parse_date("1er avril 2011") == datetime.date(2011, 4, 1)
    assert parse_date("26 août 2008") == datetime.date(2008, 8, 26)


def test_blanks():
    assert parse_date(None) is None
    assert parse_date("") is None
    assert parse_date("N/A") is None  # legacy delivery_date
    assert parse_date("-") is None  # legacy delivery_date


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("19208-03-20", "year 19208 out of range"),  # legacy contract_date
        ("2208-02-11", "year 2208 out of range"),  # legacy contract_date
        ("2007-02-30", "day is out of range"),
        ("2007-13-01", "month must be in 1..12"),
        ("2008-26-03", "month must be in 1..12"),  # legacy contract_date
        ("2010/0/31", "month must be in 1..12"),  # legacy delivery_date
        ("2007-10-2007", "unrecognised date"),  # legacy contract_date
        ("Not received", "unrecognised date"),  # legacy delivery_date
        ("Smarch 5, 2010", "unknown month"),
    ],
)
def test_impossible_values_raise_with_the_reason(value, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(value, order="MDY")


def test_unknown_order_raises():
    with pytest.raises(ValueError, match="unknown date order"):
        parse_date("2007-05-15", order="DDY")
