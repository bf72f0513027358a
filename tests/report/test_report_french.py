"""The report of the real store (built_store) written in French, as a French-speaking reader
opens its pages: the summary, the lists, and the pages of the families whose links, awards
and records carry the stages' own explanations (the matcher's reasons, how a US award joined
its family, why several rows count once, why a family is listed apart). None of the
catalogue's English may be left in what they show; what the publishers wrote is set aside
(shown_text.py)."""

import json
import re
from pathlib import Path

from shown_text import shown

from iceout.i18n.catalogue import english_left
from iceout.report.site import family_page

PAGES = ["report.html", "families.html", "departments.html", "components.html", "impact.html"]


def _families(folder: Path) -> list[str]:
    """The top families and, for each kind of explanation, a family that shows it."""
    exposure = json.loads((folder / "exposure.json").read_text(encoding="utf-8"))
    families = exposure["families"]
    chosen = {f["family_id"] for f in families[:5]}
    wanted = [
        lambda f: any(r["count_basis"] for r in f["canadian_records"]),
        lambda f: any("parent" in (a["link"]["via"] or "") for a in f["us_awards"]),
        lambda f: any("identifier" in (a["link"]["via"] or "") for a in f["us_awards"]),
        lambda f: len({r["vendor_name"] for r in f["canadian_records"]}) > 5,
    ]
    for has in wanted:
        chosen.add(next(f["family_id"] for f in families if has(f)))
    return [family_page(family_id) for family_id in sorted(chosen)]


def test_the_french_report_shows_no_english_of_ours(french_report: Path) -> None:
    pages = PAGES + ["details.html"] + _families(french_report)
    left = {
        page: english_left(shown((french_report / page).read_text(encoding="utf-8")))
        for page in pages
    }
    assert left == {page: [] for page in pages}


def test_a_family_page_explains_its_links_in_french(french_report: Path) -> None:
    exposure = json.loads((french_report / "exposure.json").read_text(encoding="utf-8"))
    garda = next(f for f in exposure["families"] if f["family"] == "GardaWorld")
    page = shown((french_report / family_page(garda["family_id"])).read_text(encoding="utf-8"))
    assert "graphies canadiennes rattachées à GardaWorld" in page
    assert "figure dans la famille vérifiée GardaWorld" in page  # how its US awards joined
    assert re.search(r"est un alias vérifié de GardaWorld", page)  # the matcher's reasons
    # exposure.json stays language-neutral: the English the stages stored
    assert "Canadian spellings linked to GardaWorld" in garda["match"]["explanation"]
