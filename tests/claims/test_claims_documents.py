"""Documents as a user has them: the same article as plain text, an HTML page and a PDF gives
the same claims; a file that cannot be read ends in a clear message, not a traceback.

The HTML and PDF are made here from tests/fixtures/claims_article_fr.txt; the PDF has a real
text layer (Helvetica), its paragraphs wrapped over several lines as PDFs print them."""

import html
import textwrap
from pathlib import Path

import duckdb


def _claims(result: dict) -> list[tuple[str, str, str]]:
    return [(c["subject"], c["relation"], c["status"]) for c in result["claims"]]


def _html_page(text: str) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    return (
        "<!DOCTYPE html><html><head><title>Article</title><style>p {color: red}</style></head>"
        "<body><nav>Accueil | Politique | ICE contrat menu</nav>"
        f"<script>var contrat = 'ICE';</script><article>{paragraphs}</article></body></html>"
    )


def test_html_and_pdf_give_the_same_claims_as_plain_text(
    claims_store: Path, french_article: Path, claims, text_pdf, tmp_path: Path
) -> None:
    text = french_article.read_text(encoding="utf-8")
    page = tmp_path / "article.html"
    page.write_text(_html_page(text), encoding="utf-8")
    wrapped = [line for p in text.split("\n") for line in (textwrap.wrap(p, 60) or [""])]
    pdf = text_pdf(tmp_path / "article.pdf", wrapped)

    expected = _claims(claims(claims_store, french_article).result)
    for document in (page, pdf):
        run = claims(claims_store, document)
        assert run.process.returncode == 0, run.process.stderr
        assert _claims(run.result) == expected, document.name
        assert {c["source"] for c in run.result["claims"]} == {document.name}
        # the city list the PDF wraps onto a second line still belongs to its sentence
        [offices, _] = run.result["presence"]["statements"]
        assert offices["city_count"] == 4 and len(offices["cities"]) == 4


def test_unreadable_documents_end_with_a_clear_message(
    claims_store: Path, claims, text_pdf, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not a PDF body\n")
    scanned = text_pdf(tmp_path / "scanned.pdf", [])
    cases = {
        tmp_path / "missing.txt": "missing.txt: no such file",
        broken: "broken.pdf:",
        scanned: "scanned.pdf: the PDF has no text layer",
        tmp_path: "is a directory",
    }
    for document, message in cases.items():
        run = claims(claims_store, document)
        assert run.process.returncode == 2, document
        assert message in run.process.stderr, run.process.stderr
        assert "Traceback" not in run.process.stderr
        assert run.result is None  # nothing written


def test_a_store_that_was_never_built_is_named_as_such(french_article, claims, tmp_path) -> None:
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    run = claims(empty, french_article)
    assert run.process.returncode == 2
    assert "build it first with `iceout run" in run.process.stderr
    assert "Traceback" not in run.process.stderr
