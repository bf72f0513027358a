"""Read the documents whose claims we check (plain text, HTML or PDF) as text, one paragraph
per line: the sentence splitter treats a line break as the end of a sentence."""

import io
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from iceout.errors import UnreadableFileError
from iceout.i18n import N_

# Elements whose end closes a paragraph, and elements whose text is not the document's.
_BLOCKS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 br tr td th table section article header footer "
    "blockquote pre title figcaption dt dd hr".split()
)
_HIDDEN = frozenset("script style noscript template svg head nav".split())
# A line of a PDF that ends a sentence ('.', '?', '!' and any closing quotes or brackets).
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")


@dataclass(frozen=True)
class Document:
    name: str  # the file name: the `source` of every claim found in it
    kind: str  # text | html | pdf
    text: str


def read_document(path: str | Path) -> Document:
    """Read one document; '-' reads standard input. A file we cannot read raises
    UnreadableFileError naming it."""
    if str(path) == "-":
        data, name = sys.stdin.buffer.read(), "stdin"
    else:
        path = Path(path)
        if not path.is_file():
            problem = N_("is a directory, not a document") if path.is_dir() else N_("no such file")
            raise UnreadableFileError(str(path), problem)
        data, name = path.read_bytes(), path.name
    kind = _kind(name, data)
    if kind == "pdf":
        text = _pdf_text(name, data)
    elif kind == "html":
        text = html_text(_decode(data))
    else:
        text = _decode(data)
    if not text.strip():
        raise UnreadableFileError(name, N_("no text found in this %(kind)s document"), kind=kind)
    return Document(name, kind, text)


def _kind(name: str, data: bytes) -> str:
    """By content first (a PDF saved as .txt is still a PDF), then by extension."""
    head = data[:1024].lstrip().lower()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    suffix = Path(name).suffix.lower()
    if suffix == ".pdf":
        return "pdf"  # named .pdf without the PDF header: _pdf_text says it is unreadable
    return "html" if suffix in (".html", ".htm", ".xhtml") else "text"


def _decode(data: bytes) -> str:
    # Text saved by Windows tools is often cp1252; it decodes any byte, so it comes last.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:  # a line break inside a paragraph is only a space
            self.parts.append(re.sub(r"\s+", " ", data))


def html_text(markup: str) -> str:
    """Visible text of an HTML page: whitespace inside a paragraph collapsed, one per line."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _pdf_text(name: str, data: bytes) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as exc:
        raise UnreadableFileError(name, "reading PDF needs pypdf: pip install pypdf") from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFileError(name, N_("the PDF is password-protected"))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableFileError(
            name, N_("not a readable PDF (%(problem)s)"), problem=str(exc)
        ) from exc
    text = "\n".join(reflow(page) for page in pages)
    if not text.strip():
        raise UnreadableFileError(
            name, N_("the PDF has no text layer (a scan?); run OCR on it first")
        )
    return text


def reflow(text: str) -> str:
    """Join the lines a PDF wraps inside a paragraph: a line that does not end a sentence
    continues on the next one ('wire-' + 'tapping' joins without the hyphen)."""
    out: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            out.append("")
        elif out and out[-1] and not _TERMINAL.search(out[-1]) and not line.startswith("•"):
            out[-1] = out[-1][:-1] + line if _hyphen_break(out[-1], line) else f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def _hyphen_break(previous: str, line: str) -> bool:
    return previous.endswith("-") and previous[-2:-1].isalpha() and line[:1].islower()
