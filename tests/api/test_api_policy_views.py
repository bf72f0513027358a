"""GET /api/components and /api/impact (the policy views by DHS component and of barring ICE
or DHS contractors), as JSON and as CSV (UTF-8 with BOM) and XLSX downloads read back with csv
and openpyxl, their totals checked against exposure.json; and their pages."""

import csv
import io
from collections import defaultdict

import openpyxl
import pytest


def _csv(answer) -> list[dict[str, str]]:
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    assert answer.content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))


def _xlsx(answer, sheet: str) -> list[dict[str, object]]:
    assert answer.status_code == 200 and "attachment" in answer.headers["content-disposition"]
    cells = list(
        openpyxl.load_workbook(io.BytesIO(answer.content))[sheet].iter_rows(values_only=True)
    )
    return [dict(zip(cells[0], row, strict=True)) for row in cells[1:]]


def test_components_add_up_to_each_familys_obligations(api, built_store: dict) -> None:
    view = api.get("/api/components").json()
    assert view["total"] == len(view["results"]) > 1
    usd: dict[str, float] = defaultdict(float)
    for component in view["results"]:
        for family in component["families"]:
            usd[family["family_id"]] += family["us_obligations_usd"]
    for family in built_store["exposure"]["families"]:
        assert usd[family["family_id"]] == pytest.approx(family["us_obligations_usd"])
    ice = api.get("/api/components", params={"component": "ice"}).json()["results"]
    assert [c["code"] for c in ice] == ["ICE"]


def test_components_download_as_csv_and_xlsx(api, built_store: dict) -> None:
    rows = _csv(api.get("/api/components", params={"format": "csv"}))
    cells = _xlsx(api.get("/api/components", params={"format": "xlsx"}), "components")
    assert len(cells) == len(rows)
    total = sum(f["us_obligations_usd"] for f in built_store["exposure"]["families"])
    assert sum(float(r["us_obligations_usd"]) for r in rows) == pytest.approx(total, abs=1)
    assert sum(c["us_obligations_usd"] for c in cells) == pytest.approx(total, abs=1)
    # each kind of Canadian money in a column of its own, numbers in the workbook
    assert {"contract_cad", "payment_cad", "vendor_year_cad"} <= set(rows[0])
    assert all(isinstance(c["us_obligations_usd"], float | int) for c in cells)


def test_impact_of_barring_dhs_contractors_adds_up_to_the_report(api, built_store: dict) -> None:
    view = api.get("/api/impact", params={"scope": "dhs"}).json()
    exposure = built_store["exposure"]
    assert view["scope"] == "dhs" and view["suppliers"] == len(exposure["families"])
    rows = _csv(api.get("/api/impact", params={"scope": "dhs", "format": "csv"}))
    cells = _xlsx(api.get("/api/impact", params={"scope": "dhs", "format": "xlsx"}), "impact-dhs")
    assert len(cells) == len(rows)
    by_kind: dict[str, float] = defaultdict(float)
    in_book: dict[str, float] = defaultdict(float)
    for row, cell in zip(rows, cells, strict=True):
        by_kind[row["kind"]] += float(row["value_cad"])
        in_book[str(cell["kind"])] += float(cell["value_cad"])  # type: ignore[arg-type]
    for total in exposure["summary"]["canadian"]:
        assert by_kind[total["kind"]] == pytest.approx(total["value_cad"], abs=1)
        assert in_book[total["kind"]] == pytest.approx(total["value_cad"], abs=1)


def test_impact_of_barring_ice_contractors_for_one_department(api, built_store: dict) -> None:
    ice = api.get("/api/impact", params={"scope": "ice"}).json()
    dhs = api.get("/api/impact", params={"scope": "dhs"}).json()
    assert 0 < ice["suppliers"] < dhs["suppliers"]
    chosen = api.get(
        "/api/impact", params={"scope": "ice", "department": "border services"}
    ).json()["results"]
    assert chosen and all("Border Services" in d["department"] for d in chosen)
    for department in chosen:
        for supplier in department["suppliers"]:
            assert supplier["components"] == ["ICE"] and supplier["us_obligations_usd"] > 0
    rows = _csv(
        api.get(
            "/api/impact", params={"scope": "ice", "department": "border services", "format": "csv"}
        )
    )
    assert {r["family_id"] for r in rows} == {
        s["family_id"] for d in chosen for s in d["suppliers"]
    }


def test_views_refuse_an_unknown_scope_or_format(api) -> None:
    for params in ({"scope": "cbp"}, {"format": "pdf"}):
        answer = api.get("/api/impact", params=params)
        assert answer.status_code in (400, 422) and "detail" in answer.json()


def test_view_pages_link_their_downloads(api) -> None:
    for path, download in (
        ("/views/departments", "/api/departments?format=csv"),
        ("/views/components", "/api/components?format=xlsx"),
        ("/views/impact?scope=ice", "/api/impact?scope=ice&amp;format=csv"),
    ):
        page = api.get(path)
        assert page.status_code == 200 and download in page.text
        assert '<script src="/views/table_tools.js">' in page.text
    script = api.get("/views/table_tools.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
