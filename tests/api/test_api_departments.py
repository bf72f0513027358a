"""GET /api/departments: Canadian departments paying watchlist families, by fiscal year, one
total per kind of money, as JSON and as CSV (UTF-8 with BOM) and XLSX downloads."""

import csv
import io
from collections import defaultdict

import openpyxl
import pytest


def test_departments_json_adds_up_to_the_report(api, built_store: dict) -> None:
    answer = api.get("/api/departments")
    assert answer.status_code == 200
    view = answer.json()
    assert view["total"] == len(view["results"]) > 0
    totals: dict[str, float] = defaultdict(float)
    for year in view["results"]:
        for kind in year["kinds"]:
            totals[kind["kind"]] += kind["value_cad"]
    for total in built_store["exposure"]["summary"]["canadian"]:
        assert totals[total["kind"]] == pytest.approx(total["value_cad"])


def test_departments_filter_and_csv_download(api) -> None:
    every = api.get("/api/departments").json()["results"]
    year = next(y for y in every if y["fiscal_year"] and "Border Services" in y["department"])
    chosen = api.get(
        "/api/departments",
        params={"department": "border services", "fiscal_year": year["fiscal_year"]},
    ).json()["results"]
    assert chosen and all(y["fiscal_year"] == year["fiscal_year"] for y in chosen)
    download = api.get(
        "/api/departments",
        params={
            "format": "csv",
            "department": "border services",
            "fiscal_year": year["fiscal_year"],
        },
    )
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    assert download.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert len(rows) == sum(len(y["kinds"]) for y in chosen)
    assert {r["kind"] for r in rows} <= {"contract", "grant", "payment", "transfer", "vendor_year"}
    workbook = api.get(
        "/api/departments",
        params={
            "format": "xlsx",
            "department": "border services",
            "fiscal_year": year["fiscal_year"],
        },
    )
    assert workbook.status_code == 200 and "attachment" in workbook.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content))["departments"]
    cells = list(sheet.iter_rows(values_only=True))
    assert list(cells[0]) == list(rows[0]) and len(cells) == len(rows) + 1
    assert [c[4] for c in cells[1:]] == [pytest.approx(float(r["value_cad"])) for r in rows]


def test_departments_refuses_an_unknown_format(api) -> None:
    answer = api.get("/api/departments", params={"format": "pdf"})
    assert answer.status_code in (400, 422) and "detail" in answer.json()
