"""The exposure report as a reader sees it, built from real rows of ../shared/data.

Until report/exposure.py is done, `build_exposure` assembles the exposure dict by hand from the
GardaWorld and Xerox rows of one USAspending transactions file and the CBSA/CIC/PS contracts file.
"""

import copy
import csv
import os
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from iceout.report.csv_out import write_csv
from iceout.report.html import render_html

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
US_FILE = DATA / "usaspending/api_transactions_cbp_ice/CBP_ICE_FY2026_Contract_Obligations.csv"
CA_FILE = DATA / "canada/current_layout/contracts_current_layout_cbsa_cic_ps.csv"
SUB_AGENCY = {
    "ICE": "U.S. Immigration and Customs Enforcement",
    "CBP": "U.S. Customs and Border Protection",
}
GARDA_AWARD = "CONT_AWD_70CDCR26FR0000043_7012_N0002325D0032_9700"


def us_awards(recipient_part: str) -> list[dict[str, Any]]:
    """Transactions of recipients whose name contains `recipient_part`, summed per award."""
    awards: dict[str, dict[str, Any]] = {}
    with US_FILE.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if recipient_part not in row["Recipient Name"]:
                continue
            key, date = row["Generated Award ID"], row["Action Date"]
            award = awards.setdefault(key, {
                "award_id": row["Award ID"], "award_key": key,
                "recipient_name": row["Recipient Name"],
                "agency": "Department of Homeland Security",
                "sub_agency": SUB_AGENCY[row["Agency"]], "component": row["Agency"],
                "amount_usd": 0.0, "action_date": date, "first_date": date,
                "description": row["Transaction Description"],
                "url": f"https://www.usaspending.gov/award/{key}",
                "source": f"{US_FILE.name}:row {line}",
                "link": {"via": "curated member", "score": 1.0,
                         "explanation": "recipient is a curated member of the family"},
            })  # fmt: skip
            award["amount_usd"] += float(row["Federal Action Obligation"])
            award["action_date"] = max(award["action_date"], date)
            award["first_date"] = min(award["first_date"], date)
    return list(awards.values())


def canadian_records(vendor_part: str) -> list[dict[str, Any]]:
    with CA_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {
                "kind": "contract",
                "vendor_name": row["vendor_name"],
                "department": row["owner_org_title"].split(" | ")[0],
                "value_cad": float(row["contract_value"] or 0),
                "date": row["contract_date"],
                "reference": row["reference_number"],
                "description": row["description_en"],
                "url": None,
                "source": f"{CA_FILE.name}:row {line}",
                "match": {
                    "decision": "match",
                    "score": 0.9,
                    "explanation": f"name contains {vendor_part!r}",
                },
            }  # fmt: skip
            for line, row in enumerate(csv.DictReader(handle), start=2)
            if vendor_part in row["vendor_name"].upper()
        ]


def family(family_id: str, name: str, names: list[str], us_part: str, ca_part: str) -> dict:
    us, ca = us_awards(us_part), canadian_records(ca_part)
    years: dict[int, dict[str, float]] = defaultdict(lambda: {"us_usd": 0.0, "ca_cad": 0.0})
    for award in us:
        years[int(award["first_date"][:4])]["us_usd"] += award["amount_usd"]
    for record in ca:
        years[int(record["date"][:4])]["ca_cad"] += record["value_cad"]
    return {
        "family_id": family_id, "family": name, "names": names, "country": "CA",
        "kind": "company", "family_sources": [f"https://en.wikipedia.org/wiki/{name}"],
        "us_obligations_usd": sum(a["amount_usd"] for a in us), "us_awards": us,
        "canadian_value_cad": sum(r["value_cad"] for r in ca), "canadian_records": ca,
        "by_year": [{"year": year, **sums} for year, sums in sorted(years.items())],
        "first_us_date": min(a["first_date"] for a in us),
        "first_ca_date": min(r["date"] for r in ca),
        "match": {"decision": "match", "score": 0.97,
                  "explanation": "Curated aliases of the family appear in both countries."},
    }  # fmt: skip


def build_exposure(demo: bool = False) -> dict[str, Any]:
    # Real spellings: 'Groupe de Sécurité Garda SENC' from vendor_names/garda_security_group,
    # 'XEROX CANADA LTÉE' from the contracts file (written here as a curated display name).
    families = [
        family("gardaworld", "GardaWorld",
               ["GardaWorld", "Garda Canada Security Corporation", "Groupe de Sécurité Garda SENC"],
               "GARDA", "GARDA"),
        family("xerox", "Xerox", ["Xerox Corporation", "Xerox Canada Ltée"], "XEROX", "XEROX"),
    ]  # fmt: skip
    return {
        "generated_at": "2026-11-21T22:40:00Z",
        "demo": demo,
        "policy": {"scope": "dhs", "components": ["ICE", "CBP"], "date_from": None,
                   "date_to": None, "min_obligation_usd": 0},
        "summary": {
            "families": len(families),
            "us_obligations_usd": sum(f["us_obligations_usd"] for f in families),
            "canadian_value_cad": sum(f["canadian_value_cad"] for f in families),
            "us_awards": sum(len(f["us_awards"]) for f in families),
            "canadian_records": sum(len(f["canadian_records"]) for f in families),
            "records_in_review": 1,
        },
        "sources": [
            {"path": str(path), "layout": layout, "sha256": "ab12" * 16, "rows_loaded": 1,
             "rows_duplicate": 0, "rows_quarantined": 0, "ingested_at": "2026-11-21T22:39:00Z"}
            for path, layout in ((US_FILE, "usaspending_api_transactions"),
                                 (CA_FILE, "open_canada_contracts"))
        ],
        "families": families,
        "review": [{"name": "SECURITE GARDA", "family_id": "gardaworld", "family": "GardaWorld",
                    "score": 0.8, "explanation": "French word order", "records": 1,
                    "value_cad": 10079.40}],
    }  # fmt: skip


class Links(HTMLParser):
    """(href, link text) of every <a> in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", ""

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._text.strip()))
            self._href = None


def links_of(page: str) -> list[tuple[str, str]]:
    parser = Links()
    parser.feed(page)
    return parser.links


@pytest.fixture(scope="module")
def exposure() -> dict[str, Any]:
    if not DATA.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the shared real data is missing: {DATA}")
        pytest.skip(f"shared real data not found at {DATA} (the report is tested on real rows)")
    return build_exposure()


@pytest.fixture(scope="module")
def page(exposure: dict[str, Any]) -> str:
    return render_html(exposure)


def test_garda_award_links_to_its_usaspending_page(page: str) -> None:
    assert (f"https://www.usaspending.gov/award/{GARDA_AWARD}", "70CDCR26FR0000043") in links_of(
        page
    )
    assert "GARDAWORLD FEDERAL SERVICES LLC" in page


def test_cbsa_records_link_to_an_open_canada_search(page: str) -> None:
    assert "Canada Border Services Agency" in page
    assert (
        "https://search.open.canada.ca/contracts/?search_text=4747771444",
        "4747771444",
    ) in links_of(page)


def test_families_are_ranked_and_anchored(page: str) -> None:
    hrefs = [href for href, _ in links_of(page)]
    assert hrefs.index("#family-gardaworld") < hrefs.index("#family-xerox")
    assert 'id="family-gardaworld"' in page and 'id="family-xerox"' in page
    assert "US$313,357,612" in page  # GardaWorld's FY2026 obligations, thousands separated


def test_long_tables_fold_but_keep_every_record(exposure: dict[str, Any], page: str) -> None:
    xerox = exposure["families"][1]["canadian_records"]
    assert len(xerox) > 50
    assert "<details>" in page
    assert all(record["reference"] in page for record in xerox)


def test_each_family_has_an_accessible_chart(page: str) -> None:
    assert page.count("<svg") == 2
    assert '<title id="family-gardaworld-chart-title">Money over time: GardaWorld</title>' in page


def test_demo_banner_only_for_demo_data(exposure: dict[str, Any], page: str) -> None:
    assert 'class="demo-banner"' not in page and "Demo data." not in page
    demo = render_html({**exposure, "demo": True})
    assert 'class="demo-banner"' in demo and "Demo data." in demo


def test_page_loads_nothing_from_outside(page: str) -> None:
    lowered = page.lower()
    for needle in ("<script", "<link", "@import", "src=", "url("):
        assert needle not in lowered


def test_accents_render_unmangled(page: str) -> None:
    for name in ("Groupe de Sécurité Garda SENC", "Xerox Canada Ltée", "XEROX CANADA LTÉE"):
        assert name in page


def test_html_in_data_is_escaped_and_bad_links_dropped(exposure: dict[str, Any]) -> None:
    hostile = copy.deepcopy(exposure)
    hostile["families"][0]["family"] = "<b>Garda</b> & Co"
    hostile["families"][0]["canadian_records"][0]["url"] = "javascript:alert(1)"
    page = render_html(hostile)
    assert "<b>Garda</b>" not in page
    assert "&lt;b&gt;Garda&lt;/b&gt; &amp; Co" in page
    assert "javascript:" not in page


def test_review_and_sources_are_listed(page: str) -> None:
    assert "SECURITE GARDA" in page and "French word order" in page
    assert 'title="' + "ab12" * 16 + '"' in page
    assert "CBP_ICE_FY2026_Contract_Obligations.csv" in page


def test_csv_has_one_row_per_family_with_totals(exposure: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "exposure.csv"
    write_csv(exposure, path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["family_id"] for row in rows] == ["gardaworld", "xerox"]
    garda = rows[0]
    assert float(garda["us_obligations_usd"]) == pytest.approx(313357612.46)
    assert int(garda["canadian_records"]) == 5
    assert float(garda["canadian_value_cad"]) == pytest.approx(
        2173934.68 + 10590019.50 + 137139.06 + 57842.93 + 10079.40
    )
    assert garda["names"].split(" | ")[2] == "Groupe de Sécurité Garda SENC"
    assert garda["decision"] == "match" and garda["first_ca_date"] == "2006-08-04"
