"""The exposure report as a reader sees it: `build_exposure` run on a real store built from two
real files of ../shared/data (CBP/ICE transactions of FY2026 and the CBSA/CIC/PS contracts in
the current open.canada.ca layout), rendered to HTML and CSV."""

import csv
import dataclasses
import html
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from iceout import db
from iceout.pipeline import rebuild
from iceout.report.csv_out import write_csv
from iceout.report.exposure import build_exposure
from iceout.report.html import TOP_ROWS, render_html
from iceout.report.records import Exposure
from iceout.screen.policy import Policy
from iceout.sources.ingest import ingest_paths

US_FILE = "usaspending/api_transactions_cbp_ice/CBP_ICE_FY2026_Contract_Obligations.csv"
CA_FILE = "canada/current_layout/contracts_current_layout_cbsa_cic_ps.csv"
GARDA_AWARD = "CONT_AWD_70CDCR26FR0000043_7012_N0002325D0032_9700"


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
def exposure(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Exposure:
    con = db.connect(tmp_path_factory.mktemp("report") / "store.duckdb")
    ingest_paths(con, [shared_data / US_FILE, shared_data / CA_FILE])
    rebuild(con, Policy(), lambda _: None)
    return build_exposure(con, Policy())


@pytest.fixture(scope="module")
def page(exposure: Exposure) -> str:
    return render_html(exposure)


def _family(exposure: Exposure, family_id: str):
    return next(f for f in exposure.families if f.family_id == family_id)


def test_garda_award_links_to_its_usaspending_page(exposure: Exposure, page: str) -> None:
    garda = _family(exposure, "gardaworld")
    assert any(a.award_key == GARDA_AWARD for a in garda.us_awards)
    assert (f"https://www.usaspending.gov/award/{GARDA_AWARD}", "70CDCR26FR0000043") in links_of(
        page
    )
    assert "GARDAWORLD FEDERAL SERVICES LLC" in page


def test_cbsa_records_link_to_an_open_canada_search(exposure: Exposure, page: str) -> None:
    garda = _family(exposure, "gardaworld")
    assert any(r.reference == "4747771444" for r in garda.canadian_records)
    assert "Canada Border Services Agency" in page
    assert (
        "https://search.open.canada.ca/contracts/?search_text=4747771444",
        "4747771444",
    ) in links_of(page)


def test_families_are_ranked_and_anchored(exposure: Exposure, page: str) -> None:
    hrefs = [href for href, _ in links_of(page)]
    anchors = [h for h in hrefs if h.startswith("#family-")]
    assert anchors[: len(exposure.families)] == [
        f"#family-{f.family_id}" for f in exposure.families
    ]
    # ranked by headline: one kind of money in one fiscal year, never a sum across kinds
    values = [f.headline.value_cad if f.headline else 0 for f in exposure.families]
    assert values == sorted(values, reverse=True)
    total = _family(exposure, "gardaworld").us_obligations_usd or 0
    assert f"US${total:,.0f}" in page  # thousands separated


def test_long_tables_fold_but_keep_every_record(exposure: Exposure, page: str) -> None:
    long = [f for f in exposure.families if len(f.canadian_records) > TOP_ROWS]
    assert long, "no family has more Canadian records than one table shows"
    assert "<details>" in page
    assert all(r.reference in page for f in long for r in f.canadian_records if r.reference)


def test_each_family_has_an_accessible_chart(exposure: Exposure, page: str) -> None:
    assert page.count("<svg") == len(exposure.families)
    # US money follows its transactions' action dates, not the award's first year
    garda = _family(exposure, "gardaworld")
    years = {row.year for row in garda.by_year if row.us_usd}
    assert sum(row.us_usd for row in garda.by_year) == pytest.approx(garda.us_obligations_usd)
    assert years
    garda = _family(exposure, "gardaworld").family
    assert f'<title id="family-gardaworld-chart-title">Money over time: {garda}</title>' in page


def test_demo_banner_only_for_demo_data(exposure: Exposure, page: str) -> None:
    assert 'class="demo-banner"' not in page and "Demo data." not in page
    demo = render_html(dataclasses.replace(exposure, demo=True))
    assert 'class="demo-banner"' in demo and "Demo data." in demo


def test_page_loads_nothing_from_outside(page: str) -> None:
    lowered = page.lower()
    for needle in ("<script", "<link", "@import", "src=", "url("):
        assert needle not in lowered


def test_accents_render_unmangled(exposure: Exposure, page: str) -> None:
    accented = {
        r.vendor_name
        for f in exposure.families
        for r in f.canadian_records
        if not r.vendor_name.isascii()
    }
    assert accented
    assert all(html.escape(name) in page for name in accented)


def test_html_in_data_is_escaped_and_bad_links_dropped(exposure: Exposure) -> None:
    first = exposure.families[0]
    record = dataclasses.replace(
        first.canadian_records[0], url="javascript:alert(1)", url_is_search=False
    )
    hostile_family = dataclasses.replace(
        first, family="<b>Garda</b> & Co", canadian_records=[record]
    )
    page = render_html(dataclasses.replace(exposure, families=[hostile_family]))
    assert "<b>Garda</b>" not in page
    assert "&lt;b&gt;Garda&lt;/b&gt; &amp; Co" in page
    assert "javascript:" not in page


def test_review_and_sources_are_listed(exposure: Exposure, page: str) -> None:
    assert exposure.review
    # as Jinja escapes them ("SMITH'S FLORIST" is SMITH&#39;S, not html.escape's &#x27;)
    assert all(str(escape(entry.name)) in page for entry in exposure.review[:20])
    for source in exposure.sources:
        assert Path(source.path).name in page
        assert f'title="{source.sha256}"' in page


def test_csv_has_one_row_per_family_with_totals(exposure: Exposure, tmp_path: Path) -> None:
    path = tmp_path / "exposure.csv"
    write_csv(exposure, path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    ranked = [row["family_id"] for row in rows if row["status"] == "ranked"]
    assert ranked == [f.family_id for f in exposure.families]
    assert [row["family_id"] for row in rows if row["status"] != "ranked"] == [
        f.family_id for f in exposure.no_obligations
    ]
    garda = _family(exposure, "gardaworld")
    row = rows[[f.family_id for f in exposure.families].index("gardaworld")]
    assert float(row["us_obligations_usd"]) == pytest.approx(garda.us_obligations_usd)
    assert int(row["canadian_records"]) == len(garda.canadian_records)
    contracts = sum(r.value_cad or 0 for r in garda.canadian_records if r.kind == "contract")
    assert float(row["canadian_contract_cad"]) == pytest.approx(contracts)
    assert row["canadian_payment_cad"] == ""  # no Public Accounts file in this store
    assert garda.headline and row["headline_kind"] == garda.headline.kind
    assert float(row["headline_cad"]) == pytest.approx(garda.headline.value_cad)
    assert row["names"].split(" | ") == garda.names
    assert row["decision"] == "match" and row["first_ca_date"] == garda.first_ca_date


def test_the_report_in_french(exposure: Exposure) -> None:
    """`iceout run --lang fr`: the same report, its text in French, amounts and counts as
    fr_CA writes them ("1 234 567 $ US", "12 345"), the kinds of money as the Government of
    Canada names them."""
    page = render_html(exposure, "fr")
    text = html.unescape(page)
    assert '<html lang="fr">' in page
    for heading in ("Portée", "Sommaire", "Groupes classés selon l'exposition", "À examiner"):
        assert f">{heading}</h2>" in text
    assert "Families ranked by exposure" not in text and "Summary" not in text
    garda = _family(exposure, "gardaworld")
    us = f"{garda.us_obligations_usd:,.0f}".replace(",", "\u00a0")
    assert f"<strong>{us}\u00a0$\u00a0US</strong> d'engagements américains" in text
    ranking = text[text.index('<section id="summary">') : text.index('<section class="family"')]
    assert "US$" not in ranking and "C$" not in ranking  # no English currency prefix is left
    assert "contrats de plus de 10\u00a0000\u00a0$ (valeur)" in text
    assert (
        f'<title id="family-gardaworld-chart-title">Montants au fil du temps\u00a0: {garda.family}</title>'
        in text
    )
    # the same links to the same records as in English
    assert [h for h, _ in links_of(page)] == [h for h, _ in links_of(render_html(exposure))]
