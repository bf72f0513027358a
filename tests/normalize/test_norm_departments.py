"""One name per Canadian federal department, whatever each publication prints."""

from collections import Counter

from iceout.normalize.departments import core, harmonise


def test_the_words_that_tell_a_body_apart():
    assert core("Department of Canadian Heritage") == core("Canadian Heritage")
    assert core("Parks Canada Agency") == core("Parks Canada") == "parks"
    assert core("Public Health Agency of Canada") != core("Health Canada")


def test_each_publications_spelling_is_one_department():
    # as the Public Accounts (FY2011-12 capitals, FY2015-16, FY2023-24) and the contracts
    # disclosures (with their organisation codes) print them
    printed = Counter(
        {
            ("FISHERIES AND OCEANS", None): 40,
            ("Department of Fisheries and Oceans", None): 60,
            ("Fisheries and Oceans Canada", "dfo-mpo"): 2300,
            ("Department of National Defence", None): 4250,
            ("National Defence", None): 3516,
            ("Citizenship and Immigration Canada", "cic"): 4774,
            ("Department of Citizenship and Immigration", None): 404,
            ("Public Health Agency of Canada", "phac-aspc"): 4238,
            ("Health", None): 993,
        }
    )
    named = harmonise(printed)
    fisheries = {named[s] for s in printed if "isheries" in s[0] or "FISHERIES" in s[0]}
    assert fisheries == {("ca-department:dfo-mpo", "Fisheries and Oceans Canada")}
    assert named["National Defence", None] == named["Department of National Defence", None]
    # a department renamed in 2015 is the same department (canadian_bodies.yaml)
    assert named["Department of Citizenship and Immigration", None][1] == (
        "Immigration, Refugees and Citizenship Canada"
    )
    assert named["Public Health Agency of Canada", "phac-aspc"] != named["Health", None]


def test_the_store_names_each_department_once(built_store, query):
    db = built_store["db"]
    [(ids, names)] = query(
        db, "SELECT count(DISTINCT department_id), count(DISTINCT department) FROM nrm_ca_records"
    )
    [(printed,)] = query(db, "SELECT count(DISTINCT department) FROM src_ca_records")
    assert ids == names and names < printed
    # National Defence, as printed in FY2011-12 and FY2023-24, is one department
    rows = query(
        db,
        "SELECT DISTINCT department FROM nrm_ca_records WHERE kind = 'payment' "
        "AND department_as_printed IN ('National Defence', 'Department of National Defence')",
    )
    assert rows == [("National Defence",)]
    # a footnote mark after a ministry's total is not read into its name
    assert query(
        db, "SELECT count(*) FROM nrm_ca_records WHERE regexp_matches(department, '[0-9]')"
    ) == [(0,)]
