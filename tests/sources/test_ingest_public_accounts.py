"""Public Accounts Vol. III PDFs (Section 3 payees, Section 6 transfer payments), read from
../shared/data/canada/public_accounts, reconciled class by class.

Fixtures: pa_store (the whole public_accounts folder ingested once by the CLI, read only) and
pa_reversed (the same PDFs given one by one in reverse order, into another store in the same
folder, so it reads the PDF text cached beside the first)."""

import csv
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

PA = "canada/public_accounts"
S3 = f"{PA}/section3_professional_special_services"
S6 = f"{PA}/section6_transfer_payments"
RECENT_S3 = ("2022__", "2023__", "2024__")


@pytest.fixture(scope="module")
def pa_store(shared_data, ingest, tmp_path_factory):
    db = tmp_path_factory.mktemp("pa") / "store.duckdb"
    done = ingest(db, shared_data / PA)
    assert done.returncode == 0, done.stderr
    return db, done.stderr


@pytest.fixture(scope="module")
def pa_reversed(pa_store, shared_data, ingest):
    db = pa_store[0].parent / "reversed.duckdb"  # beside it: reads the text cached by pa_store
    pdfs = sorted((shared_data / PA).rglob("*.pdf"), reverse=True)
    done = ingest(db, *pdfs)
    assert done.returncode == 0, done.stderr
    return db


def _payment(query, db, *where):
    return query(
        db,
        "SELECT value_cad, source_file, source_page FROM src_ca_records "
        "WHERE kind = ? AND fiscal_year = ? AND department = ? AND program = ? AND vendor_name = ?",
        *where,
    )


def test_gardaworld_at_cbsa_2023_24(pa_store, query):
    [(value, source, page)] = _payment(
        query, pa_store[0], "payment", "2023-24", "Canada Border Services Agency",
        "Protection Services", "GardaWorld Security Corporation",
    )  # fmt: skip
    assert (value, Path(source).name, page) == (45_962_762, "2024__2024-vol3-ds3-eng.pdf", 122)


def test_garda_at_the_house_of_commons_2023_24(pa_store, query):
    [(value, source, page)] = _payment(
        query, pa_store[0], "payment", "2023-24", "House of Commons", "Protection Services",
        "Garda Canada Security Corporation",
    )  # fmt: skip
    assert (value, Path(source).name, page) == (104_855, "2024__2024-vol3-ds3-eng.pdf", 111)


def test_jim_pattison_transfer_2011_12(pa_store, query):
    [(kind, location, value, source, page)] = query(
        pa_store[0],
        "SELECT kind, location, value_cad, source_file, source_page FROM src_ca_records "
        "WHERE fiscal_year = '2011-12' AND vendor_name = 'Jim Pattison Industries Ltd'",
    )
    assert (kind, location, value) == ("transfer", "Edmundston NB", 330_122)
    assert Path(source).name == "2012__Section_6_-_Transfer_payments.pdf" and page == 12


def _classes(query, db):
    rows = query(
        db,
        "SELECT source_file, count(*), count(*) FILTER (status = 'reconciled'), "
        "sum(printed_total), sum(printed_total) FILTER (status = 'reconciled') "
        "FROM src_pa_classes GROUP BY ALL ORDER BY 1",
    )
    for source, n, good, printed, reconciled in rows:
        print(
            f"{Path(source).name}: {good}/{n} classes, C${reconciled or 0:,.0f} of C${printed:,.0f}"
        )
    # 's3/2024__': the section's folder and the year the file's name starts with
    return {f"s{Path(s).parent.name[7]}/{Path(s).name[:6]}": (n, ok) for s, n, ok, _, _ in rows}


def test_every_class_of_the_recent_section_3_reconciles(pa_store, query):
    classes = _classes(query, pa_store[0])
    for prefix, expected in zip(RECENT_S3, (1078, 1084, 1094), strict=True):
        assert classes[f"s3/{prefix}"] == (expected, expected)


def test_every_itemised_class_of_the_older_files_reconciles(pa_store, query):
    classes = _classes(query, pa_store[0])
    for prefix, expected in {
        "s3/2012__": 1147, "s3/2013__": 1121, "s3/2016__": 1041,
        "s6/2012__": 642, "s6/2015__": 561, "s6/2016__": 623,
    }.items():  # fmt: skip
        assert classes[prefix] == (expected, expected)
    # FY2013-14: Old Age Security (C$31.9B) lists its recipients in appendix 3, not here: no
    # class is quarantined, and the class's printed total is stored as one aggregate line
    assert classes["s6/2014__"] == (592, 591)
    assert query(
        pa_store[0], "SELECT count(*) FROM src_pa_classes WHERE status = 'quarantined'"
    ) == [(0,)]
    [(program, page, total)] = query(
        pa_store[0],
        "SELECT program, source_page, printed_total FROM src_pa_classes "
        "WHERE status = 'listed_elsewhere'",
    )
    assert "Old Age Security Payments" in program and "see appendix 3" in program
    assert (page, total) == (50, 31_911_357_696)
    [(label, value)] = query(
        pa_store[0],
        "SELECT label, value_cad FROM src_ca_aggregates WHERE program = $1",
        program,
    )
    assert "appendix" in label and value == total


def test_the_summary_prints_each_files_reconciliation(pa_store):
    assert (
        "FY2023-24: 1,094/1,094 classes reconciled, C$20,771,477,448 of C$20,771,477,448"
        in (pa_store[1])
    )
    assert (
        "FY2013-14: 591/591 classes reconciled, C$171,841,646,362 of C$171,841,646,362; 1 more "
        "list their recipients in an appendix, not in this file (C$31,911,357,696"
    ) in pa_store[1]


def test_the_reconciliation_is_printed_in_french(pa_store, shared_data, ingest, monkeypatch):
    """`ICEOUT_LANG=fr`: the file's line, its reconciliation included, in French (read from
    the text cached by pa_store, beside it)."""
    monkeypatch.setenv("ICEOUT_LANG", "fr")
    db = pa_store[0].parent / "french.duckdb"
    done = ingest(db, shared_data / S3 / "2024__2024-vol3-ds3-eng.pdf")
    assert done.returncode == 0, done.stderr
    said = done.stderr.replace("\u202f", " ").replace("\xa0", " ")
    assert "exercice 2023-24 : 1 094 catégories rapprochées sur 1 094" in said
    assert "20 771 477 448 $ sur 20 771 477 448 $" in said
    assert "classes reconciled" not in said


def test_quarantined_classes_are_not_records(pa_store, query):
    db = pa_store[0]
    stored = query(
        db,
        "SELECT count(*) FROM src_ca_records r JOIN src_pa_classes c ON r.source_file = "
        "c.source_file AND r.department = c.department AND r.program = c.program "
        "WHERE c.status = 'quarantined'",
    )
    assert stored == [(0,)]
    [(reasons,)] = query(db, "SELECT count(*) FROM src_quarantine WHERE reason LIKE 'page %'")
    [(lines,)] = query(
        db,
        "SELECT count(*) FROM src_quarantine q JOIN src_files f ON q.source_sha256 = f.sha256 "
        "WHERE f.layout LIKE 'public_accounts%'",
    )
    assert reasons == lines


def test_payees_and_aggregates_add_up_to_the_printed_totals(pa_store, query):
    [(printed, payees, aggregates)] = query(
        pa_store[0],
        "SELECT (SELECT sum(printed_total) FROM src_pa_classes WHERE status <> 'quarantined'), "
        "(SELECT sum(value_cad) FROM src_ca_records), (SELECT sum(value_cad) FROM src_ca_aggregates)",
    )
    assert payees + aggregates == printed


def test_closer_to_the_printed_totals_than_the_derived_csv(pa_store, query, shared_data):
    derived: dict[str, float] = defaultdict(float)
    with (shared_data / PA / "pss_payees_FY2021-22_to_FY2023-24.derived.csv").open() as f:
        for row in csv.DictReader(f):
            derived[row["fiscal_year"][:5] + row["fiscal_year"][-2:]] += float(row["amount_cad"])
    for year, total in derived.items():
        [(printed, ours)] = query(
            pa_store[0],
            "SELECT sum(printed_total), (SELECT sum(value_cad) FROM src_ca_records WHERE kind = "
            "'payment' AND fiscal_year = $1) + (SELECT sum(value_cad) FROM src_ca_aggregates "
            "WHERE section = 's3' AND fiscal_year = $1) FROM src_pa_classes WHERE section = 's3' "
            "AND fiscal_year = $1",
            year,
        )
        print(f"FY{year}: printed C${printed:,.0f}, ours C${ours:,.0f}, derived C${total:,.0f}")
        assert abs(printed - ours) <= abs(printed - total)
        assert ours == printed


def test_another_order_stores_the_same_records(pa_store, pa_reversed, query):
    sql = "SELECT record_key, value_cad FROM src_ca_records ORDER BY 1"
    assert query(pa_store[0], sql) == query(pa_reversed, sql)
    sql = "SELECT record_key, value_cad FROM src_ca_aggregates ORDER BY 1"
    assert query(pa_store[0], sql) == query(pa_reversed, sql)


def test_ingesting_again_adds_nothing(pa_store, ingest, shared_data, query, tmp_path):
    db = tmp_path / "again.duckdb"
    shutil.copy(pa_store[0], db)
    done = ingest(db, shared_data / PA)
    assert done.returncode == 0, done.stderr
    sql = "SELECT count(*), sum(value_cad) FROM src_ca_records"
    assert query(db, sql) == query(pa_store[0], sql)


def test_a_truncated_pdf_is_named_and_nothing_is_stored(shared_data, ingest, tmp_path, query):
    source = shared_data / S3 / "2024__2024-vol3-ds3-eng.pdf"
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(source.read_bytes()[:200_000])
    db = tmp_path / "store.duckdb"
    done: subprocess.CompletedProcess = ingest(
        db, shared_data / S6 / "2016__Section_6_-_Transfer_Payments.pdf", damaged
    )
    assert done.returncode != 0
    assert str(damaged) in done.stderr and "Traceback" not in done.stderr
    assert query(db, "SELECT count(*) FROM src_ca_records") == [(0,)]


def test_open_data_csv_rows_are_the_same_payments_as_the_pdf_lines(
    shared_data, ingest, tmp_path, query
):
    # the open-data CSV of Section 3 (dataset ac597ff8-...) in its columns, filled as the fetch
    # tests' stand-in fills it: from the derived CSV's FY2023-24 CBSA Protection Services rows
    derived = shared_data / PA / "pss_payees_FY2021-22_to_FY2023-24.derived.csv"
    open_data = tmp_path / "idsps-dipss-2024.csv"
    with derived.open(encoding="utf-8") as f, open_data.open("w", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["FSCL_YR", "MINC", "MINE", "ROBJ_CD", "ROBJ_EN_NM", "PRJCT_EN_DESC",
                         "AGRG_PYMT_AMT"])  # fmt: skip
        rows = [
            r for r in csv.DictReader(f)
            if (r["fiscal_year"], r["department"], r["service_category"])
            == ("2023-2024", "Canada Border Services Agency", "Protection Services")
        ]  # fmt: skip
        for r in rows:
            printed = ", ".join(p for p in (r["payee_name"], r["payee_location"]) if p)
            writer.writerow([r["fiscal_year"], "", r["department"], "", r["service_category"],
                             printed, r["amount_cad"]])  # fmt: skip
    named = sum(r["row_type"] == "payee" for r in rows)
    db = tmp_path / "store.duckdb"
    done = ingest(db, shared_data / S3 / "2024__2024-vol3-ds3-eng.pdf", open_data)
    assert done.returncode == 0, done.stderr
    assert f"{open_data}: public_accounts_open_data: {len(rows)} rows, 0 new, {named} already" in (
        done.stderr
    )
    [(layout, value)] = query(
        db,
        "SELECT layout, value_cad FROM src_ca_records WHERE fiscal_year = '2023-24' AND "
        "vendor_name = 'GardaWorld Security Corporation' AND department = ?",
        "Canada Border Services Agency",
    )
    assert (layout, value) == ("public_accounts_s3", 45_962_762)


def test_demo_lines_are_the_pdf_lines_with_their_page(pa_store, ingest, tmp_path, query):
    demo = Path(__file__).parents[2] / "iceout/data/demo/demo_public_accounts_lines.csv"
    db = tmp_path / "demo.duckdb"
    done = ingest(db, demo)
    assert done.returncode == 0, done.stderr
    sql = (
        "SELECT record_key, kind, fiscal_year, vendor_name, value_cad, source_page "
        "FROM src_ca_records ORDER BY 1"
    )
    from_demo = query(db, sql)
    assert len(from_demo) == 60
    keys = ", ".join("?" for _ in from_demo)
    from_pdfs = query(pa_store[0], sql.replace("ORDER", f"WHERE record_key IN ({keys}) ORDER"),
                      *[row[0] for row in from_demo])  # fmt: skip
    assert from_demo == from_pdfs
    [(url,)] = query(
        db,
        "SELECT url FROM src_ca_records WHERE vendor_name = 'Jim Pattison Industries Ltd'",
    )
    assert url.endswith("PublicAccountsPDFs/2012/Section_6_-_Transfer_payments.pdf#page=12")
