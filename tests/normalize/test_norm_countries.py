"""Country values as the sources write them."""

from iceout.normalize.countries import country_code


def test_codes():
    # ../shared/data/usaspending/fpds_2018_ice/ice_awards_fy13_fy18.csv, recipient_country_code
    assert country_code("USA") == "US"
    assert country_code("CAN") == "CA"
    assert country_code("GBR") == "GB"
    assert country_code("US") == "US"
    assert country_code("ca") == "CA"


def test_english_names():
    # same file, recipient_country_name; ice_minnesota_Contracts_*.csv also has the long form
    assert country_code("UNITED STATES") == "US"
    assert country_code("UNITED STATES OF AMERICA") == "US"
    assert country_code("Canada") == "CA"
    assert country_code("UNITED KINGDOM") == "GB"
    # ice_all_Contracts_Subawards_*.csv, subaward_primary_place_of_performance_country_name
    assert country_code("VATICAN CITY") == "VA"


def test_french_names():
    assert country_code("États-Unis") == "US"
    assert country_code("Etats-Unis") == "US"
    assert country_code("Royaume-Uni") == "GB"
    assert country_code("ROYAUME UNI") == "GB"
    assert country_code("Allemagne") == "DE"


def test_parts_of_a_country_give_the_country():
    assert country_code("England") == "GB"


def test_unknown_and_blank():
    # ice_minnesota_Contracts_*.csv, country_of_product_or_service_origin_code holds 'NAN'
    assert country_code("NAN") is None
    assert country_code("N/A") is None
    assert country_code("Narnia") is None
    assert country_code("") is None
    assert country_code("  ") is None
    assert country_code(None) is None
