"""Canadian money that adds up (issue 9): kinds never summed, amendments and republished rows
counted once whatever the order of ingest, no family ranked on US$0, a subaward counted under
one family, US money by transaction year, and a statement of what the data covers; all on
`iceout run` over ../shared/data and on stores built from its real files."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from iceout import db
from iceout.domain import MoneyKind
from iceout.normalize.tables import build_normalized
from iceout.report.exposure import build_exposure
from iceout.screen.policy import Policy
from iceout.screen.watchlist import build_watchlist
from iceout.sources.ingest import ingest_paths

AMENDMENTS = "canada/current_layout/goc_spending_testing"
CURRENT = "canada/current_layout/contracts_current_layout_cbsa_cic_ps.csv"


def _family(exposure: dict, family_id: str) -> dict:
    return next(f for f in exposure["families"] if f["family_id"] == family_id)


def _records(exposure: dict, family_id: str, reference: str) -> list[dict]:
    return [
        r for r in _family(exposure, family_id)["canadian_records"] if r["reference"] == reference
    ]


def test_a_contract_reported_again_counts_once_at_its_latest_value(built_store: dict) -> None:
    exposure = built_store["exposure"]
    microsoft = _records(exposure, "microsoft", "700315160")  # in two files, 256903154.27 / .3
    assert len(microsoft) == 1 and microsoft[0]["value_cad"] == pytest.approx(256_903_154.3)
    assert "counted once" in microsoft[0]["count_basis"]
    ibm = _records(exposure, "ibm", "9-14592")  # legacy: C$145,425 restated as C$423,150
    assert [r["value_cad"] for r in ibm] == [423_150.0]
    assert "2 rows" in ibm[0]["count_basis"]


def test_kinds_of_money_have_their_own_totals_and_the_headline_names_one(
    built_store: dict,
) -> None:
    exposure = built_store["exposure"]
    kinds = {k["kind"] for k in exposure["summary"]["canadian"]}
    assert kinds <= {k.value for k in MoneyKind} and "contract" in kinds
    assert "canadian_value_cad" not in exposure["summary"]
    for family in exposure["families"]:
        head = family["headline"]
        same = [
            r["value_cad"] or 0
            for r in family["canadian_records"]
            if r["kind"] == head["kind"] and r["fiscal_year"] == head["fiscal_year"]
        ]
        if head["fiscal_year"]:  # the headline is one kind in one fiscal year
            assert head["value_cad"] == pytest.approx(sum(same)), family["family_id"]
        assert MoneyKind(head["kind"]).label in head["text"]


def test_no_family_is_ranked_on_zero_us_obligations(built_store: dict) -> None:
    exposure = built_store["exposure"]
    assert all(f["us_obligations_usd"] > 0 for f in exposure["families"])
    apart = {f["family_id"]: f for f in exposure["no_obligations"]}
    # a $0 closeout transaction (Oracle America's, for one) is not money on both sides
    assert apart and not set(apart) & {f["family_id"] for f in exposure["families"]}
    assert all(f["us_note"] and f["us_obligations_usd"] <= 0 for f in apart.values())
    assert exposure["summary"]["families_without_obligations"] == len(apart)


def test_a_subaward_is_counted_under_one_family_only(built_store: dict, query) -> None:
    doubled = query(
        built_store["db"],
        """SELECT s.award_key FROM wl_awards s JOIN wl_awards p
               ON p.award_id = s.parent_award_id AND p.award_type <> 'subaward'
           WHERE s.award_type = 'subaward' AND s.counted AND p.counted""",
    )
    assert doubled == []
    listed = [
        a
        for f in built_store["exposure"]["families"] + built_store["exposure"]["no_obligations"]
        for a in f["us_awards"]
        if not a["counted"]
    ]
    assert listed and all("counted under" in a["count_note"] for a in listed)
    for family in built_store["exposure"]["families"]:
        counted = sum(a["amount_usd"] or 0 for a in family["us_awards"] if a["counted"])
        assert family["us_obligations_usd"] == pytest.approx(counted), family["family_id"]


def test_us_money_by_year_follows_the_transactions(built_store: dict, query) -> None:
    spread = query(
        built_store["db"],
        """SELECT family_id, award_key, list(DISTINCT year ORDER BY year) FROM wl_award_years
           GROUP BY ALL HAVING count(DISTINCT year) > 1""",
    )
    families = {f["family_id"]: f for f in built_store["exposure"]["families"]}
    reported = [(family_id, years) for family_id, _, years in spread if family_id in families]
    assert reported, "no reported award with transactions over several years"
    for family_id, years in reported:
        assert set(years) <= {y["year"] for y in families[family_id]["by_year"]}
    for family in built_store["exposure"]["families"][:30]:
        charted = sum(y["us_usd"] for y in family["by_year"])
        assert charted == pytest.approx(family["us_obligations_usd"], abs=0.01)


def test_coverage_states_what_was_loaded_and_where_jsi_was_looked_for(
    built_store: dict, query
) -> None:
    exposure = built_store["exposure"]
    coverage = exposure["coverage"]
    stored = dict(
        query(built_store["db"], "SELECT layout, count(*) FROM src_ca_records GROUP BY 1")
    )
    rows: dict[str, int] = {}
    for entry in coverage["canada"]:
        rows[entry["source"]] = rows.get(entry["source"], 0) + entry["rows"]
    assert sum(rows.values()) == sum(stored.values())
    legacy = next(e for e in coverage["canada"] if e["source"] == "open_canada_legacy_contracts")
    assert legacy["fiscal_years"][0] < "2000" and legacy["departments"] > 50
    top = next(e for e in coverage["canada"] if e["source"] == "grants_top_agreements")
    assert top["kind"] == "grant" and "largest" in top["note"]
    jsi = [n for n in exposure["not_found"] if n["family_id"] == "jsi-telecom"]
    assert jsi and jsi[0]["searched"] == coverage["statement"]
    html = (built_store["out"] / "report.html").read_text(encoding="utf-8")
    assert "What the data covers" in html and "JSI Telecom" in html


def _store(root: Path, files: list[Path]) -> dict[str, tuple[int, float]]:
    con = db.connect(root / "store.duckdb")
    for path in files:  # one call per file: the order of arrival is the order given
        ingest_paths(con, [path])
    build_normalized(con)
    rows = con.execute(
        "SELECT upper(vendor_name), count(*), round(sum(value_cad), 2) FROM nrm_ca_records "
        "GROUP BY 1"
    ).fetchall()
    con.close()
    return {name: (count, value) for name, count, value in rows}


def test_totals_do_not_depend_on_ingest_order_or_repeats(shared_data: Path, tmp_path: Path) -> None:
    files = sorted((shared_data / AMENDMENTS).glob("*.csv")) + [shared_data / CURRENT]
    forward = _store(tmp_path / "forward", files)
    backward = _store(tmp_path / "backward", files[::-1])
    assert forward == backward
    again = tmp_path / "again"
    again.mkdir()
    copy = again / "renamed-copy.csv"  # the same rows under another name count once
    shutil.copyfile(files[0], copy)
    assert _store(tmp_path / "repeat", [*files, copy]) == forward
    microsoft = forward["MICROSOFT CORPORATION"]
    assert microsoft[1] < 300_000_000  # C$256.9M once, not twice


def test_from_and_to_apply_to_the_canadian_side(built_store: dict, tmp_path: Path) -> None:
    copy = tmp_path / "store.duckdb"
    shutil.copyfile(built_store["db"], copy)
    con = db.connect(copy)
    policy = Policy(date_from=date(2016, 4, 1))
    build_watchlist(con, policy)
    exposure = build_exposure(con, policy)
    records = [r for f in exposure.families for r in f.canadian_records]
    assert records
    for record in records:  # dated on or after the start, or in a fiscal year that reaches it
        assert (
            (record.date or "") >= "2016-04-01"
            or (record.fiscal_year or "") >= "2016-17"
            or (not record.date and not record.fiscal_year and (record.year or 0) >= 2016)
        ), record
    everything = build_exposure(con, Policy())
    assert len(records) < sum(len(f.canadian_records) for f in everything.families)
    con.close()


def test_recent_public_accounts_money_is_shown_with_its_file_and_page(built_store: dict) -> None:
    exposure = built_store["exposure"]
    garda = _family(exposure, "gardaworld")
    payments = {
        (r["department"], r["fiscal_year"], r["value_cad"]): r
        for r in garda["canadian_records"]
        if r["kind"] == "payment"
    }
    cbsa = payments[("Canada Border Services Agency", "2023-24", 45_962_762.0)]
    house = payments[("House of Commons", "2023-24", 104_855.0)]
    for record in (cbsa, house):
        assert record["source"].endswith(tuple(f".pdf:page {n}" for n in range(1, 2000)))
    assert "2023-24" in {k["fiscal_years"][-1] for k in garda["canadian"] if k["kind"] == "payment"}
    # Jim Pattison Group holds no ICE/DHS award in the data: shown apart, with its transfer
    pattison = next(
        f for f in exposure["named_without_awards"] if f["family_id"] == "jim-pattison-group"
    )
    transfer = [
        r
        for r in pattison["canadian_records"]
        if r["kind"] == "transfer" and r["fiscal_year"] == "2011-12" and r["value_cad"] == 330_122
    ]
    assert transfer and "Edmundston" in (transfer[0]["location"] or "")
    assert ".pdf:page " in transfer[0]["source"]
    html = (built_store["out"] / "details.html").read_text(encoding="utf-8")
    assert "Jim Pattison Group" in html and "330,122" in html
