"""The view by Canadian department and fiscal year over the full store: its totals per kind
add back up to the report's (exposure.json), and kinds are never merged."""

from collections import defaultdict

import pytest

from iceout import db
from iceout.report.departments import department_years
from iceout.resolve.links import standing_links


def test_department_years_add_up_to_the_report_kind_by_kind(built_store: dict) -> None:
    con = db.connect(built_store["db"], read_only=True)
    years = department_years(con, standing_links(con).matched())
    totals: dict[str, float] = defaultdict(float)
    records: dict[str, int] = defaultdict(int)
    for year in years:
        assert len({k.kind for k in year.kinds}) == len(year.kinds)  # one line per kind
        assert set(year.family_ids) == {f for k in year.kinds for f in k.families}
        for kind in year.kinds:
            totals[kind.kind] += kind.value_cad
            records[kind.kind] += kind.records
    for total in built_store["exposure"]["summary"]["canadian"]:
        assert totals[total["kind"]] == pytest.approx(total["value_cad"])
        assert records[total["kind"]] == total["records"]
    assert len({(y.department, y.fiscal_year) for y in years}) == len(years)
    garda = [y for y in years if "gardaworld" in y.family_ids]
    assert garda and all(y.fiscal_year for y in garda if y.kinds[0].kind == "vendor_year")
