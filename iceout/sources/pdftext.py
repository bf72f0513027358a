"""The text lines of a PDF, page by page, read with pypdfium2.

pypdfium2 was chosen by measurement on the ten Public Accounts PDFs (benchmarks/pdf_libraries.py):
the same lines as pypdf, reconciling the same classes, in about a tenth of the CPU time.
Extracted text is kept in a content-addressed cache (one JSON file per sha256), filled for all
the PDFs of an ingest at once by a small process pool.
"""

import json
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from iceout.errors import UnreadableFileError
from iceout.i18n import N_


@dataclass(frozen=True)
class Line:
    page: int  # 1-based
    number: int  # position in the file's extracted lines, 1-based: stable for one file
    text: str


def is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False  # the layout detection that follows reports it


def page_texts(path: Path) -> list[str]:
    """Every page's text; a damaged or truncated file raises UnreadableFileError naming it."""
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise UnreadableFileError(
            str(path), N_("not a readable PDF (%(problem)s)"), problem=str(exc)
        ) from exc
    try:
        texts = []
        for index in range(len(doc)):
            try:
                page = doc[index]
                texts.append(page.get_textpage().get_text_range())
            except pdfium.PdfiumError as exc:
                raise UnreadableFileError(
                    str(path), N_("page %(page)s: %(problem)s"), page=index + 1, problem=str(exc)
                ) from exc
        return texts
    finally:
        doc.close()


def cached_page_texts(path: Path, sha256: str, cache: Path) -> list[str]:
    stored = cache / f"{sha256}.json"
    if stored.exists():
        texts: list[str] = json.loads(stored.read_text(encoding="utf-8"))
        return texts
    texts = page_texts(path)
    cache.mkdir(parents=True, exist_ok=True)
    partial = stored.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    partial.replace(stored)  # atomic: a reader never sees half a file
    return texts


def warm(pdfs: Iterable[tuple[Path, str]], cache: Path, workers: int = 2) -> None:
    """Extract the uncached PDFs in parallel; a file that fails is left for the caller to read
    again and report in order."""
    todo = [(path, sha) for path, sha in pdfs if not (cache / f"{sha}.json").exists()]
    if len(todo) < 2:
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(todo))) as pool:
        for _ in pool.map(_warm_one, todo, [cache] * len(todo)):
            pass


def _warm_one(item: tuple[Path, str], cache: Path) -> None:
    try:
        cached_page_texts(item[0], item[1], cache)
    except Exception:  # noqa: BLE001 -- reported by the ingest that reads the file in order
        return


def lines(texts: list[str]) -> list[Line]:
    out: list[Line] = []
    for page, text in enumerate(texts, 1):
        for raw in text.replace("\r", "").split("\n"):
            out.append(Line(page, len(out) + 1, raw))
    return out
