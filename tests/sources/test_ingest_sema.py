"""The SEMA sanctions list read by meaning: the element names of 2020, March 2025 and 2026-08-24
each load every record (people, entities, ships, aliases, titles, listing dates); a list with
elements iceout does not know, or whose records mostly have no name, is refused whole and the
store is left as it was; hostile XML fails fast; the CSV of the same list counts once.

Every list here is written from real records (tests/sema_lists.py: the April 2020 XML and the
list of 2026-08-22) with only the element names changed.
"""

import time
from collections import Counter
from pathlib import Path

import pytest
from sema_lists import SEMA_2026_CSV, real_2020, real_2026, write_list

from iceout.errors import UnreadableFileError
from iceout.sources import sema

LISTS = [
    ("2020", real_2020),
    ("2025", real_2020),
    ("2026", real_2020),
    ("2025", real_2026),
    ("2026", real_2026),
]


def _kinds(records: list[dict[str, str]]) -> Counter[str]:
    """person / entity / vessel as the list means them: a ship has a build date."""
    return Counter(
        "person" if not r.get("entity") else "vessel" if r.get("born") else "entity"
        for r in records
    )


def _assert_refused(done, path: Path, problem: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(path) in errors[0] and problem in errors[0], errors


@pytest.mark.parametrize(("naming", "source"), LISTS, ids=[f"{n}-{s.__name__}" for n, s in LISTS])
def test_every_record_loads_whatever_the_element_names(
    tmp_path, shared_data, ingest, query, naming, source
):
    records = source(shared_data)
    listed = write_list(records, naming, tmp_path / f"sema-{naming}.xml")
    db = tmp_path / "store.duckdb"

    done = ingest(db, listed)

    assert done.returncode == 0, done.stderr
    assert query(db, "SELECT rows_read, rows_loaded, rows_quarantined FROM src_files") == [
        (len(records), len(records), 0)
    ]
    kinds = dict(query(db, "SELECT kind, count(*) FROM src_sanctions GROUP BY 1"))
    assert kinds == dict(_kinds(records))


def test_aliases_and_titles_survive_the_bilingual_names(tmp_path, shared_data, ingest, query):
    listed = write_list(real_2020(shared_data), "2026", tmp_path / "sema-2026.xml")
    db = tmp_path / "store.duckdb"
    assert ingest(db, listed).returncode == 0
    assert query(
        db, "SELECT kind, aliases, country FROM src_sanctions WHERE name = 'Air Bagan'"
    ) == [("entity", ["Air Bagan Holdings Pte. Ltd.", "Air Bagan Limited"], "Burma / Birmanie")]
    titled = query(db, "SELECT count(*) FROM src_sanctions WHERE title IS NOT NULL")[0][0]
    assert titled == 64  # every <Title> of the April 2020 list
    assert query(db, "SELECT count(*) FROM src_sanctions WHERE date_of_birth IS NOT NULL") == [
        (212,)
    ]


def test_ships_keep_their_build_year_and_listing_date(tmp_path, shared_data, ingest, query):
    listed = write_list(real_2026(shared_data), "2026", tmp_path / "sema-2026.xml")
    db = tmp_path / "store.duckdb"
    assert ingest(db, listed).returncode == 0
    assert query(
        db,
        "SELECT kind, build_date, date_of_birth, date_of_listing, schedule FROM src_sanctions "
        "WHERE name = 'Balitiyskiy III'",
    ) == [("vessel", "1980", None, "2025-02-21", "1.1")]
    assert query(db, "SELECT count(*) FROM src_sanctions WHERE kind = 'vessel'") == [(731,)]
    assert query(db, "SELECT count(*) FROM src_sanctions WHERE date_of_listing IS NULL") == [(0,)]


def test_every_element_name_of_the_three_layouts_has_a_meaning():
    # the IMO number is in the table although no real record with one is in ../shared/data
    assert sema.meaning("ShipIMONumber-NumeroOMIDuNavire") == "imo_number"
    assert sema.meaning("ShipIMONumber") == "imo_number"
    assert sema.meaning("TitleOrShipType-TitreOuTypeDeNavire") == "title"
    # a bilingual name whose French half changes is still read by its English half
    assert sema.meaning("GivenName-Prénom") == "given_name"
    assert sema.meaning("Nationality-Nationalite") is None


def test_a_list_with_unknown_elements_is_refused_and_the_store_is_unchanged(
    tmp_path, shared_data, ingest, src_counts, query
):
    db = tmp_path / "store.duckdb"
    assert (
        ingest(db, write_list(real_2020(shared_data), "2020", tmp_path / "old.xml")).returncode == 0
    )
    before = src_counts(db)
    renamed = tmp_path / "sema-renamed.xml"
    text = write_list(real_2026(shared_data), "2026", tmp_path / "sema-2026.xml").read_text()
    renamed.write_text(text.replace("GivenName-Prenom>", "Prenoms-GivenNames>"), encoding="utf-8")

    done = ingest(db, renamed)

    _assert_refused(done, renamed, "elements iceout does not know: Prenoms-GivenNames (3,513 times")
    assert src_counts(db) == before
    assert query(db, "SELECT count(*) FROM src_files WHERE path = ?", str(renamed)) == [(0,)]


def test_a_list_whose_records_mostly_have_no_name_is_refused(tmp_path, shared_data, ingest):
    records = [
        {k: v for k, v in r.items() if k not in ("entity", "last_name", "given_name")}
        for r in real_2020(shared_data)
    ]
    nameless = write_list(records, "2026", tmp_path / "sema-nameless.xml")

    done = ingest(tmp_path / "store.duckdb", nameless)

    _assert_refused(done, nameless, "1,369 of 1,369 records have no name")


def _nested_entities(path: Path) -> Path:
    """A SEMA-shaped file of about 800 bytes whose entities nest ten deep: 10^9 characters if
    they were expanded."""
    levels = [' <!ENTITY e0 "sanctioned">']
    levels += [f' <!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10)]
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE data-set [\n'
        + "\n".join(levels)
        + "\n]>\n<data-set>\n\t<record>\n\t\t<Country-Pays>Russia / Russie</Country-Pays>\n"
        "\t\t<EntityOrShip-EntiteOuNavire>&e9;</EntityOrShip-EntiteOuNavire>\n"
        "\t\t<Schedule-Annexe>1</Schedule-Annexe>\n\t\t<Item-NumeroDarticle>1</Item-NumeroDarticle>\n"
        "\t</record>\n</data-set>\n",
        encoding="utf-8",
    )
    return path


def test_a_nested_entity_file_fails_fast_naming_the_file(tmp_path, ingest, src_counts):
    bomb = _nested_entities(tmp_path / "sema-lmes.xml")
    assert bomb.stat().st_size < 1_000
    started = time.monotonic()
    with pytest.raises(UnreadableFileError, match="declares a document type") as refused:
        list(sema.iter_records(bomb))
    assert time.monotonic() - started < 1.0
    assert str(bomb) in refused.value.message

    db = tmp_path / "store.duckdb"
    done = ingest(db, bomb)

    _assert_refused(done, bomb, "refused")
    assert sum(src_counts(db).values()) == 0


def test_reading_takes_time_linear_in_the_size_of_the_file(tmp_path):
    # a name of many '&amp;' (one parser callback each: the text was built by concatenation)
    # and of one '&amp;amp;amp;...' (one more level of unescaping each): both were quadratic,
    # 13.9 s and about 1,000 s for the larger file here
    def timed(repeats: int) -> float:
        path = tmp_path / f"sema-{repeats}.xml"
        name = "&amp;" * repeats + "&amp;" + "amp;" * repeats
        path.write_text(
            f'<?xml version="1.0"?>\n<data-set>\n<record><Country-Pays>X</Country-Pays>'
            f"<EntityOrShip-EntiteOuNavire>{name}</EntityOrShip-EntiteOuNavire>"
            "<Schedule-Annexe>1</Schedule-Annexe><Item-NumeroDarticle>1</Item-NumeroDarticle>"
            "</record>\n</data-set>\n",
            encoding="utf-8",
        )
        started = time.monotonic()
        assert len(list(sema.iter_records(path))) == 1
        return time.monotonic() - started

    small, large = timed(50_000), timed(400_000)  # 0.45 MB and 3.6 MB
    assert large < 5.0
    assert large < 20 * max(small, 0.01)  # eight times the bytes, not sixty-four times the time


def test_the_csv_of_a_list_and_its_xml_count_once(tmp_path, shared_data, ingest, query):
    mirror = shared_data / SEMA_2026_CSV
    listed = write_list(real_2026(shared_data), "2026", tmp_path / "sema-2026.xml")
    layouts = "SELECT layout, count(*) FROM src_sanctions GROUP BY 1"

    csv_first = tmp_path / "csv_first.duckdb"
    assert ingest(csv_first, mirror).returncode == 0
    assert query(csv_first, layouts) == [("sema_mirror_csv", 5_690)]
    done = ingest(csv_first, listed)
    assert done.returncode == 0, done.stderr
    # the official XML replaces the mirror's record of each entry: one row each, the fuller one
    assert query(csv_first, layouts) == [("sema_xml", 5_690)]

    xml_first = tmp_path / "xml_first.duckdb"
    assert ingest(xml_first, listed).returncode == 0
    done = ingest(xml_first, mirror)
    assert f"{mirror}: sema_mirror_csv: 5,690 rows, 0 new, 5,690 already stored" in done.stderr
    assert query(xml_first, layouts) == [("sema_xml", 5_690)]
