"""Corporate families built from USAspending data: recipients grouped on shared names and
identifiers and on the parents USAspending names; a parent that nothing corroborates neither
names a family nor becomes a name it is matched by."""

from iceout.resolve.profile import profile


def _family_of(query, db, recipient: str) -> tuple[str, str]:
    rows = query(
        db,
        "SELECT DISTINCT f.family_id, f.name FROM nrm_us_awards a "
        "JOIN res_award_families USING (award_key) JOIN res_families f USING (family_id) "
        "WHERE a.recipient_name = ?",
        recipient,
    )
    assert len(rows) == 1, rows
    return rows[0]


def test_a_parent_cited_by_one_recipient_alone_does_not_name_its_family(built_store, query):
    # USAspending gives 'NEVADA PROPERTY 1 LLC' (the owner of a Las Vegas casino) as the parent
    # of one award to 'HILTON HOTELS CORPORATION'; nothing else in the data says so
    db = built_store["db"]
    family_id, name = _family_of(query, db, "HILTON HOTELS CORPORATION")
    assert profile(name).key == profile("HILTON HOTELS CORPORATION").key
    names = {
        n for (n,) in query(db, "SELECT name FROM res_family_names WHERE family_id = ?", family_id)
    }
    assert "NEVADA PROPERTY 1 LLC" not in names


def test_a_parent_many_recipients_cite_names_the_group(built_store, query):
    db = built_store["db"]
    geo = _family_of(query, db, "CORNELL COMPANIES, INC.")
    assert geo == _family_of(query, db, "GEO CARE SERVICES, LLC")
    assert "GEO GROUP" in geo[1]
    origins = query(
        db,
        "SELECT origin FROM res_family_names WHERE family_id = ? AND name LIKE '%GEO GROUP%'",
        geo[0],
    )
    assert ("us parent",) in origins


def test_hilton_hotel_in_canada_is_not_linked_through_a_casino_owner(built_store, query):
    db = built_store["db"]
    rows = query(
        db,
        "SELECT l.family_id, f.name FROM res_ca_links l JOIN res_families f USING (family_id) "
        "WHERE l.vendor_name = 'Hilton Hotel'",
    )
    assert all("NEVADA" not in name for _, name in rows)
