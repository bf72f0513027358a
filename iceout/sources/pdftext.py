"""The text lines of a PDF, page by page, read with pypdfium2.

pypdfium2 was chosen by measurement on the ten Public Accounts PDFs (benchmarks/pdf_libraries.py):
the same lines as pypdf, reconciling the same classes, in about a tenth of the CPU time.
"""

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from iceout.errors import UnreadableFileError


@dataclass(frozen=True)
class Line:
    page: int  # 1-based
    number: int  # position in the file's extracted lines, 1-based: stable for one file
    text: str


def is_pdf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(5) == b"%PDF-"


def page_texts(path: Path) -> list[str]:
    """Every page's text; a damaged or truncated file raises UnreadableFileError naming it."""
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise UnreadableFileError(str(path), f"not a readable PDF ({exc})") from exc
    try:
        texts = []
        for index in range(len(doc)):
            try:
                page = doc[index]
                texts.append(page.get_textpage().get_text_range())
            except pdfium.PdfiumError as exc:
                raise UnreadableFileError(str(path), f"page {index + 1}: {exc}") from exc
        return texts
    finally:
        doc.close()


def lines(texts: list[str]) -> list[Line]:
    out: list[Line] = []
    for page, text in enumerate(texts, 1):
        for raw in text.replace("\r", "").split("\n"):
            out.append(Line(page, len(out) + 1, raw))
    return out
