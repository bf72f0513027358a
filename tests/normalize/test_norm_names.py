"""Names as the sources write them. Unless noted, values are vendor_name spellings from
../shared/data/canada/legacy_contracts/contracts_1999_2015_69_departments.csv ("legacy")
or ../shared/data/canada/vendor_names/<vendor>/original_vendor_names.csv ("<vendor>")."""

from iceout.normalize.names import (
    QUALIFIER_TOKENS,
    clean_text,
    is_numbered_company,
    legal_forms,
    looks_like_person,
    name_key,
    name_tokens,
    split_division,
)


def test_clean_text_decodes_entities_and_keeps_accents_and_case():
    assert clean_text("G4S SOLUTIONS VALEURS (CANADA) LT&Eacute;E") == (
        "G4S SOLUTIONS VALEURS (CANADA) LTÉE"
    )
    assert clean_text("POWER&#39;S BURNER SERVICES") == "POWER'S BURNER SERVICES"
    assert clean_text("GRAND &amp; TOY LTD") == "GRAND & TOY LTD"


def test_clean_text_decodes_double_escaping():
    assert clean_text("LES &amp;Eacute;DITIONS") == "LES ÉDITIONS"
    # legacy, comments column: a double-escaped no-break space and nothing else
    assert clean_text("&amp;nbsp;") is None


def test_clean_text_tidies_whitespace():
    assert clean_text("Open Text  Corporation") == "Open Text Corporation"  # opentext
    # ../shared/data/sanctions/sema-lmes.xml: given names end with a no-break space
    assert clean_text("Maung\xa0") == "Maung"
    assert clean_text("Bristol\u200bGroup") == "BristolGroup"
    assert clean_text("   ") is None
    assert clean_text(None) is None


def test_clean_text_leaves_ampersands_that_are_not_entities():
    assert clean_text("AT&T") == "AT&T"
    assert clean_text("AB&REGIONAL") == "AB&REGIONAL"


def test_name_key_examples_of_the_spec():
    assert name_key("G4S SOLUTIONS VALEURS (CANADA) LT&Eacute;E") == "g4s solutions valeurs canada"
    assert name_key("CGI INFORMATION SYSTEMS &amp; MGMT.CONS") == (
        "cgi information systems and mgmt cons"
    )
    assert name_key("The Thomsen Corporation") == "thomsen"


def test_name_key_meets_accented_and_plain_french_forms():
    assert name_key("G4S SOLUTIONS VALEURS (CANADA) LT&Eacute;E") == name_key(
        "G4S SOLUTIONS VALEURS (CANADA) LTEE"
    )
    garda = {"Groupe de sécurité Garda Inc", "GROUPE DE SECURITE GARDA SENC",
             "Groupe de Sécurité Garda SENC"}  # fmt: skip
    assert {name_key(n) for n in garda} == {"groupe de securite garda"}


def test_name_key_collapses_spellings_of_one_vendor():
    cgi = {"CGI INFORMATION SYSTEMS & MANAGEMENT CONSULTANTS INC.",
           "CGI Information Systems and Management Consultants Inc.",
           "CGI INFORMATION SYSTEMS AND MANAGEMENT CONSULTANTS INC",
           "CGI Information Systems and Management Consultants Inc,"}  # fmt: skip
    assert {name_key(n) for n in cgi} == {"cgi information systems and management consultants"}
    opentext = {"Open Text Corporation", "OPEN TEXT CORPORATION", "Open Text Corp.",
                "Open Text Inc.", "OPEN TEXT INC", "Open Text  Corporation"}  # fmt: skip
    assert {name_key(n) for n in opentext} == {"open text"}
    micro_focus = {"MICRO FOCUS (CANADA) LIMITED", "Micro Focus (Canada) Ltd",
                   "MICRO FOCUS ( CANADA ) LIMITED", "MICRO FOCUS (CANADA) ULC",
                   "MICRO FOCUS CANADA LIMITED"}  # fmt: skip
    assert {name_key(n) for n in micro_focus} == {"micro focus canada"}


def test_name_key_removes_legal_forms_inside_the_name():
    assert name_key("Attachmate Incorporated Canada") == name_key("ATTACHMATE CANADA LTD.")
    assert name_key("Micro Focus Software Solutions Canada Co.") == (
        "micro focus software solutions canada"
    )


def test_name_key_removes_rigour_forms_only_at_the_end():
    # ../shared/data/usaspending/fpds_2018_ice/ice_awards_fy13_fy18.csv, recipient_name
    assert name_key("SAFER SOCIETY GROUP SWEDEN AB") == "safer society group sweden"
    assert name_key("Research In Motion Limited") == "research in motion"  # blackberry
    # ../shared/data/usaspending/api_transactions_cbp_ice/, Recipient Name: one form of
    # three words, not 'limited' and 'company' around a 'liability'
    chariot = "CHARIOT COURIER & TRANSPORTATION SERVICES LIMITED LIABILITY COMPANY"
    assert name_key(chariot) == "chariot courier and transportation services"


def test_name_key_never_removes_the_first_word():
    assert name_key("SAS INSTITUTE (CANADA) INC.") == "sas institute canada"
    assert name_key("Co-operators General Insurance Company") == "cooperators general insurance"


def test_name_key_keeps_province_abbreviations():
    assert name_key("925305 AB LIMITED O/A GRANDE CACHE JOBSTART") == "925305 ab"


def test_name_key_joins_letter_digit_brands():
    # ../shared/data/usaspending/api_transactions_cbp_ice/, Recipient Name
    assert name_tokens("L-3 COMMUNICATIONS EOTECH, INC.")[0] == "l3"
    assert name_tokens("L3 TECHNOLOGIES, INC.")[0] == "l3"
    assert name_key("G4S CASH SOLUTIONS (CANADA) LTD.") == "g4s cash solutions canada"


def test_name_key_drops_the_article_in_either_place():
    # ../shared/data/bench/us_vendor_name_variants_by_duns.csv, origName and vendorName
    assert name_key("GEO GROUP INC., THE") == name_key("The Geo Group Inc") == "geo group"


def test_name_key_joins_dotted_acronyms():
    assert name_key("T.Q.M., INC.") == "tqm"  # us_vendor_name_variants_by_duns.csv
    assert name_key("821747 ALBERTA LIMITED OPERATING AS M.H.ENTERPRISES") == "821747 alberta"
    assert name_key("Acme S.E.N.C.R.L.") == "acme"


def test_name_key_uses_the_first_of_two_names():
    assert name_key("Carswell, a division of Thomson Reuters") == "carswell"
    pattison = "Jim Pattison Industries Ltd. (Operating as Enseignes Pattison Sign Group)"
    assert name_key(pattison) == "jim pattison industries"


def test_name_key_is_empty_when_nothing_is_left():
    assert name_key("") == ""
    assert name_key("The") == ""
    assert name_key("***") == ""


def test_split_division():
    assert split_division("Carswell, a division of Thomson Reuters") == (
        "Carswell",
        "Thomson Reuters",
    )
    assert split_division(
        "Jim Pattison Industries Ltd. (Operating as Enseignes Pattison Sign Group)"
    ) == ("Jim Pattison Industries Ltd.", "Enseignes Pattison Sign Group")
    assert split_division("Human Resource Capital Group Inc., o/a Spherion") == (
        "Human Resource Capital Group Inc.",
        "Spherion",
    )
    assert split_division("Publicis Dialog, une division de Publicis Inc.") == (
        "Publicis Dialog",
        "Publicis Inc.",
    )
    assert split_division("Apollo Medical Ltd (operating as MediChair).") == (
        "Apollo Medical Ltd",
        "MediChair",
    )


def test_split_division_with_only_one_name():
    assert split_division("1292161 ONTARIO INC OPERATING AS") == ("1292161 ONTARIO INC", None)
    assert split_division("O/A Distribution Access") == ("Distribution Access", None)
    assert split_division("CGI INFORMATION SYSTEMS &amp; MGMT.CONS") == (
        "CGI INFORMATION SYSTEMS & MGMT.CONS",
        None,
    )
    # 'cooperating' holds the word 'operating' but is no marker
    assert split_division("GROS MORNE COOPERATING ASSOCIATION")[1] is None


def test_legal_forms_as_written():
    assert legal_forms("G4S SOLUTIONS VALEURS (CANADA) LT&Eacute;E") == ["LTÉE"]
    assert legal_forms("Groupe de Sécurité Garda SENC") == ["SENC"]
    assert legal_forms("CGI Information Systems and Management Consultants Inc,") == ["Inc"]
    assert legal_forms("Acme S.E.N.C.R.L.") == ["S.E.N.C.R.L."]
    assert legal_forms("Carswell, a division of Thomson Reuters") == []


def test_is_numbered_company():
    # 7655762 CANADA INC: ../shared/data/usaspending/fpds_2018_ice/ice_awards_fy13_fy18.csv
    assert is_numbered_company("7655762 CANADA INC")
    assert is_numbered_company("1019837 ONTARIO LTD")
    assert is_numbered_company("9123-4567 QUEBEC INC")
    assert is_numbered_company("1019837 Ontario Inc. o/a Dynamic Personnel Consultants")
    assert is_numbered_company("674725 ONTARIO LTD OPERATING AS NORTHERN LIGHTS CANADA")
    assert not is_numbered_company("COLLINS SAFETY O/A 3077225 CANADA")
    assert not is_numbered_company("MULTILEK (1991) INC.")
    assert not is_numbered_company("3M Canada Company Visual Systems Division")


def test_looks_like_person():
    assert looks_like_person("Ronald William Thomson")
    assert looks_like_person("Mr. James A. Pattison")
    assert looks_like_person("THOMSON LEILA")
    assert looks_like_person("MELISSA LEDUC")
    assert looks_like_person("Kenneth J. Yule, Q.C.")


def test_looks_like_person_is_false_for_organisations():
    assert not looks_like_person("TURTLE TECHNOLOGIES INC.")
    assert not looks_like_person("UNIVERSITY OF BRITISH COLUMBIA")
    assert not looks_like_person("QUICK MESSENGER SERVICE")
    assert not looks_like_person("Borden Ladner Gervais LLP")
    assert not looks_like_person("FREEMAN DECORATING")
    assert not looks_like_person("THOMAS &amp; KAUFMAN ALSO KNOWN AS KTA CONSULTING")
    assert not looks_like_person("7655762 CANADA INC")


def test_qualifier_tokens_are_in_key_form():
    # A qualifier that name_key would never produce could never be down-weighted.
    assert {"canada", "usa", "group", "services", "of", "de", "et"} <= QUALIFIER_TOKENS
    assert all(name_key(token) == token for token in QUALIFIER_TOKENS - {"the"})
