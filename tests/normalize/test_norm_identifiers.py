"""Identifiers as the sources write them, cited per value."""

from iceout.normalize.identifiers import business_number, cage, duns, lei, uei


def test_uei():
    # ../shared/data/usaspending/prime_award_summaries/ice_minnesota_Contracts_*.csv:
    # VISTA OUTDOOR SALES LLC, recipient_uei
    assert uei("ENR9ZAAGMWJ5") == "ENR9ZAAGMWJ5"
    assert uei(" enr9zaagmwj5 ") == "ENR9ZAAGMWJ5"
    assert uei("ENR9ZAAGMWJ") is None  # 11 characters
    assert uei("ENR9ZAAGMWJI") is None  # SAM never uses I or O
    assert uei("0NR9ZAAGMWJ5") is None  # nor a leading zero
    assert uei("079331239") is None  # the DUNS of the same row
    assert uei(None) is None


def test_duns_pads_numbers_that_lost_their_leading_zeros():
    # ../shared/data/bench/us_vendor_name_variants_by_duns.csv: G4S Secure Solutions USA
    assert duns("1903723") == "001903723"
    assert duns("79518541") == "079518541"  # same file: Range 54, LLC
    assert duns(1903723) == "001903723"
    assert duns("1903723.0") == "001903723"
    # ice_minnesota_Contracts_*.csv: VISTA OUTDOOR SALES LLC, recipient_duns
    assert duns("079331239") == "079331239"


def test_duns_refuses_what_cannot_be_one():
    assert duns("123456") is None
    assert duns("1234567890") is None
    assert duns("07933123X") is None
    assert duns("000000000") is None
    assert duns("") is None


def test_cage():
    # ice_minnesota_Contracts_*.csv: VISTA OUTDOOR SALES LLC, cage_code
    assert cage("73JN6") == "73JN6"
    assert cage("73jn6") == "73JN6"
    # ../shared/data/usaspending/fpds_2018_ice/ice_awards_fy13_fy18.csv: CLUB CAR, LLC has
    # cage_code '7959' and recipient_duns '88605787' in the same row: both lost a zero.
    assert cage("7959") == "07959"
    assert cage("73JN") is None
    assert cage("73JN66") is None
    assert cage("73JO6") is None  # DLA never uses I or O
    assert cage(None) is None


def test_business_number_checks_the_luhn_digit():
    assert business_number("123456782") == "123456782"
    assert business_number("123456783") is None
    # python-stdnum's documented example, spaced as on a form
    assert business_number("12302 6635") == "123026635"


def test_business_number_strips_program_accounts():
    assert business_number("123456782RT0001") == "123456782"
    assert business_number("123456782 RC 0001") == "123456782"
    assert business_number("123456782rp0002") == "123456782"
    assert business_number("123456782XX0001") is None
    assert business_number("123456782RT01") is None


def test_business_number_refuses_placeholders_and_garbage():
    assert business_number("000000000") is None
    assert business_number("N/A") is None
    assert business_number("") is None
    assert business_number(None) is None


def test_lei():
    # Bloomberg L.P.; 5493001KJTIIGC8Y1R12 satisfies ISO 7064 mod 97-10
    assert lei("5493001KJTIIGC8Y1R12") == "5493001KJTIIGC8Y1R12"
    assert lei("5493001kjtiigc8y1r12") == "5493001KJTIIGC8Y1R12"
    assert lei("5493001KJTIIGC8Y1R13") is None  # one digit off
    assert lei("5493001KJTIIGC8Y1R1") is None
    assert lei("not an lei") is None
