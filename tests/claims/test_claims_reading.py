"""Reading text into the sentences a claim quotes: whole sentences whatever the abbreviations,
PDF lines joined back into paragraphs, only the visible text of an HTML page. No store needed."""

from iceout.claims.documents import html_text, reflow
from iceout.claims.sentences import split_sentences


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_abbreviations_do_not_cut_a_sentence() -> None:
    text = (
        "A guard works outside the U.S. Embassy in Ottawa on Nov. 7, 2020. ICE said so. "
        "Raids in Cornwall, Ont., and Akwesasne, Que., in October. Are agents armed? No. "
        "They are not.\n"
        "Le très honorable Mark Carney, C.P., député. Le 28 janvier 2026."
    )
    assert _texts(text) == [
        "A guard works outside the U.S. Embassy in Ottawa on Nov. 7, 2020.",
        "ICE said so.",
        "Raids in Cornwall, Ont., and Akwesasne, Que., in October.",
        "Are agents armed?",
        "No.",
        "They are not.",
        "Le très honorable Mark Carney, C.P., député.",
        "Le 28 janvier 2026.",
    ]


def test_bullets_and_lines_are_sentences_of_their_own() -> None:
    text = "There are companies contracting with ICE:\n  • GardaWorld has contracts with ICE;"
    assert _texts(text) == [
        "There are companies contracting with ICE:",
        "GardaWorld has contracts with ICE;",
    ]


def test_pdf_lines_are_joined_back_into_paragraphs() -> None:
    page = "JSI provides wire-\ntapping tools to\nICE (HSI).\nRoshel sold vehicles\n• a bullet"
    assert reflow(page).splitlines() == [
        "JSI provides wiretapping tools to ICE (HSI).",
        "Roshel sold vehicles",
        "• a bullet",
    ]


def test_html_gives_its_visible_paragraphs_only() -> None:
    page = (
        "<html><head><title>T</title><script>var ICE = 1;</script></head><body>"
        "<nav>menu</nav><p>GardaWorld has\n   contracts with <b>ICE</b>.</p>"
        "<p>Deuxième&nbsp;paragraphe &amp; suite.</p></body></html>"
    )
    assert html_text(page).splitlines() == [
        "GardaWorld has contracts with ICE.",
        "Deuxième paragraphe & suite.",
    ]
