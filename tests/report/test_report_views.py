"""The policy views over the full store (report/components.py, impact.py, views.py): by DHS
component, each family's obligations add back up to its total in exposure.json; the impact of
barring DHS contractors covers every reported family and adds up, kind by kind, to the report;
barring ICE contractors affects exactly the families with ICE obligations in exposure.json."""

from collections import defaultdict

import pytest

from iceout import db
from iceout.domain import DHS_COMPONENTS
from iceout.errors import InputError
from iceout.report.components import component_views
from iceout.report.impact import policy_impact
from iceout.resolve.links import standing_links


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
