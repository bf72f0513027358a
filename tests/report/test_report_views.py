"""The policy views over the full store (report/components.py, impact.py, views.py): by DHS
component, each family's obligations add back up to its total in exposure.json; the impact of
barring DHS contractors covers every reported family and adds up, kind by kind, to the report;
barring ICE contractors affects exactly the families with ICE obligations in exposure.json.
And the report folder `iceout run` wrote (report/site.py): a page per family, the views' CSV
and XLSX adding up to exposure.json, and the single self-contained file still possible."""

import csv
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
from markupsafe import escape
from typer.testing import CliRunner

from iceout import db
from iceout.cli import app
from iceout.domain import DHS_COMPONENTS
from iceout.errors import InputError
from iceout.pipeline import write_outputs
from iceout.report.components import component_views
from iceout.report.exposure import build_exposure
from iceout.report.impact import policy_impact
from iceout.report.site import family_page
from iceout.resolve.links import standing_links
from iceout.screen.policy import Policy


@pytest.fixture(scope="module")
def store(built_store: dict):
    con = db.connect(built_store["db"], read_only=True)
    yield con, standing_links(con).matched()
    con.close()


def _ice_obligations(family: dict) -> float:
    return sum(
        a["amount_usd"] or 0
        for a in family["us_awards"]
        if a["component"] == "ICE" and a["counted"]
    )


def test_each_family_works_for_components_that_add_up_to_its_obligations(
    store, built_store: dict
) -> None:
    con, links = store
    views = component_views(con, links)
    assert {v.code for v in views} <= set(DHS_COMPONENTS) and "ICE" in {v.code for v in views}
    by_family: dict[str, float] = defaultdict(float)
    canadian: dict[str, dict[str, float]] = {}
    for view in views:
        assert view.us_obligations_usd == pytest.approx(
            sum(f.us_obligations_usd for f in view.families)
        )
        for f in view.families:
            by_family[f.family_id] += f.us_obligations_usd
            canadian[f.family_id] = {k.kind: k.value_cad for k in f.canadian}
    families = built_store["exposure"]["families"]
    assert set(by_family) == {f["family_id"] for f in families}
    for family in families:
        assert by_family[family["family_id"]] == pytest.approx(family["us_obligations_usd"])
        expected = {k["kind"]: k["value_cad"] for k in family["canadian"]}
        assert canadian[family["family_id"]] == pytest.approx(expected)


def test_barring_dhs_contractors_affects_every_reported_family_kind_by_kind(
    store, built_store: dict
) -> None:
    con, links = store
    impact = policy_impact(con, links, "dhs")
    exposure = built_store["exposure"]
    suppliers = {s.family_id for d in impact for s in d.suppliers}
    assert suppliers == {f["family_id"] for f in exposure["families"]}
    totals: dict[str, float] = defaultdict(float)
    records: dict[str, int] = defaultdict(int)
    for department in impact:
        assert len({k.kind for k in department.totals}) == len(department.totals)
        for k in department.totals:
            totals[k.kind] += k.value_cad
            records[k.kind] += k.records
    for total in exposure["summary"]["canadian"]:
        assert totals[total["kind"]] == pytest.approx(total["value_cad"])
        assert records[total["kind"]] == total["records"]
    counts = [len(d.suppliers) for d in impact]
    assert counts == sorted(counts, reverse=True)


def test_barring_ice_contractors_affects_the_families_with_ice_obligations(
    store, built_store: dict
) -> None:
    con, links = store
    impact = policy_impact(con, links, "ice")
    families = {f["family_id"]: f for f in built_store["exposure"]["families"]}
    expected = {i for i, f in families.items() if _ice_obligations(f) > 0}
    affected = {s.family_id: s for d in impact for s in d.suppliers}
    assert expected and set(affected) == expected
    assert len(expected) < len(families)  # some families work only for other components
    for family_id, supplier in affected.items():
        assert supplier.components == ["ICE"]
        assert supplier.us_obligations_usd == pytest.approx(_ice_obligations(families[family_id]))
    cbsa = [d for d in impact if "Border Services" in d.department]
    assert cbsa and cbsa[0].suppliers


def test_an_unknown_scope_is_refused(store) -> None:
    con, links = store
    with pytest.raises(InputError, match="scope must be one of"):
        policy_impact(con, links, "cbp")


def _csv(path: Path) -> list[dict[str, str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_report_folder_has_a_page_per_family_and_the_views_add_up(built_store: dict) -> None:
    out, exposure = built_store["out"], built_store["exposure"]
    listing = (out / "families.html").read_text(encoding="utf-8")
    for family in exposure["families"]:
        assert (out / family_page(family["family_id"])).is_file()
        assert f'href="{family_page(family["family_id"])}"' in listing
    book = openpyxl.load_workbook(out / "views" / "policy-views.xlsx", read_only=True)
    for name in ("departments", "components", "impact-ice", "impact-dhs"):
        rows = _csv(out / "views" / f"{name}.csv")
        assert len(list(book[name].iter_rows(values_only=True))) == len(rows) + 1
    for name in ("departments", "impact-dhs"):
        by_kind: dict[str, float] = defaultdict(float)
        for row in _csv(out / "views" / f"{name}.csv"):
            by_kind[row["kind"]] += float(row["value_cad"])
        for total in exposure["summary"]["canadian"]:
            assert by_kind[total["kind"]] == pytest.approx(total["value_cad"], abs=1)
    components = _csv(out / "views" / "components.csv")
    usd = sum(float(r["us_obligations_usd"]) for r in components)
    assert usd == pytest.approx(exposure["summary"]["us_obligations_usd"], abs=1)


def test_one_self_contained_file_is_still_possible(built_store: dict, tmp_path: Path) -> None:
    con = db.connect(built_store["db"], read_only=True)
    exposure = build_exposure(con, Policy(built_store["exposure"]["policy"]["scope"]))
    con.close()
    write_outputs(exposure, tmp_path)  # no views: the whole report in report.html
    single = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert not (tmp_path / "families").exists()
    assert single.count('<section class="family"') == len(exposure.families)
    summary = (built_store["out"] / "report.html").stat().st_size
    largest = max(p.stat().st_size for p in (built_store["out"] / "families").iterdir())
    assert summary * 20 < len(single.encode("utf-8")) and largest * 4 < len(single.encode("utf-8"))


def test_the_single_file_holds_the_policy_views(built_store: dict, tmp_path: Path) -> None:
    """`iceout run --single-file`: the views in the one page, their families linked to the
    family's section of that page."""
    db_copy = tmp_path / "store.duckdb"
    db_copy.write_bytes(built_store["db"].read_bytes())
    result = CliRunner().invoke(
        app,
        ["run", "--offline", "--single-file", "--db", str(db_copy), "--out", str(tmp_path / "out")],
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert not (out / "families").exists() and not (out / "views").exists()
    page = (out / "report.html").read_text(encoding="utf-8")
    exposure = built_store["exposure"]
    for section in ("view-departments", "view-components", "view-impact"):
        assert f'id="{section}"' in page
    assert 'id="departments-table"' in page and 'id="impact-dhs-suppliers"' in page
    assert 'href="#family-gardaworld"' in page and 'id="family-gardaworld"' in page
    departments = {r["department"] for r in _csv(built_store["out"] / "views" / "departments.csv")}
    assert departments and all(f"<td>{escape(d)}</td>" in page for d in departments)
    assert page.count('<section class="family"') == len(exposure["families"])
