"""Names from the legacy Canadian disclosure pages are stored as a reader would write them:
HTML entities decoded, accents kept."""

LEGACY = "canada/legacy_contracts/contracts_1999_2015_69_departments.csv"


def test_named_entity_is_decoded_and_its_accent_kept(
    legacy_first_store, shared_data, query, find_line
):
    path = shared_data / LEGACY
    line = find_line(path, ",G4S SOLUTIONS VALEURS (CANADA) LT&Eacute;E,4740310989,")
    rows = query(
        legacy_first_store.db,
        "SELECT vendor_name, source_file, source_row FROM src_ca_records WHERE reference = ?",
        "4740310989",
    )
    assert rows == [("G4S SOLUTIONS VALEURS (CANADA) LTÉE", str(path), line)]


def test_ampersand_entity_is_decoded(legacy_first_store, shared_data, query, find_line):
    path = shared_data / LEGACY
    line = find_line(path, ",DELOITTE &amp; TOUCHE LLP,3000375268,2009-03-30,")
    rows = query(
        legacy_first_store.db,
        "SELECT vendor_name FROM src_ca_records WHERE source_file = ? AND source_row = ?",
        str(path),
        line,
    )
    assert rows == [("DELOITTE & TOUCHE LLP",)]


def test_no_stored_legacy_name_keeps_an_html_entity(legacy_first_store, query):
    rows = query(
        legacy_first_store.db,
        r"""SELECT vendor_name FROM src_ca_records
            WHERE layout = 'open_canada_legacy_contracts'
              AND regexp_matches(vendor_name, '&([A-Za-z][A-Za-z0-9]+|#[0-9]+|#x[0-9A-Fa-f]+);')
            LIMIT 5""",
    )
    assert rows == []
