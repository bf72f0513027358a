"""Which PDF library reads the Public Accounts PDFs (`python -m benchmarks.pdf_libraries`):
pypdf, pdfplumber and pypdfium2 each extract the text of the same files, in one run, and the
same parser (iceout/sources/pa_parse.py) groups it into classes. Printed per library and file:
CPU seconds of the extraction, and classes reconciled to their printed totals.

By default two files (FY2023-24 Section 3 and FY2011-12 Section 6, about 420 pages): pdfplumber
takes minutes on all ten. `--all` reads the ten PDFs of ../shared/data/canada/public_accounts.
Not part of `make bench` for that reason.
"""

import sys
import time
from collections.abc import Callable
from pathlib import Path

from iceout.sources import pa_parse, pdftext

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "canada" / "public_accounts"
SAMPLE = ("2024__2024-vol3-ds3-eng.pdf", "2012__Section_6_-_Transfer_payments.pdf")


def with_pypdf(path: Path) -> list[str]:
    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(str(path)).pages]


def with_pdfplumber(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def with_pypdfium2(path: Path) -> list[str]:
    return pdftext.page_texts(path)


LIBRARIES: dict[str, Callable[[Path], list[str]]] = {
    "pypdfium2": with_pypdfium2,
    "pypdf": with_pypdf,
    "pdfplumber": with_pdfplumber,
}


def reconcile(texts: list[str]) -> tuple[int, int]:
    opening = "\n".join(texts[:4])
    known = pa_parse.S3_CLASSES if pa_parse.section_of(opening) == "s3" else frozenset()
    classes = pa_parse.classes(pa_parse.items(pdftext.lines(texts)), known)
    return sum(c.reconciled for c in classes), len(classes)


def main(argv: list[str]) -> None:
    files = sorted(DATA.rglob("*.pdf"))
    if "--all" not in argv:
        files = [f for f in files if f.name in SAMPLE]
    if not files:
        sys.exit(f"no Public Accounts PDFs under {DATA}")
    print(f"{'library':<11} {'file':<45} {'CPU s':>7} {'classes reconciled':>20}")
    for name, extract in LIBRARIES.items():
        cpu, good, total = 0.0, 0, 0
        for path in files:
            start = time.process_time()
            try:
                texts = extract(path)
            except Exception as exc:  # noqa: BLE001 -- a library failing is a result to print
                print(f"{name:<11} {path.name[:45]:<45} failed: {exc}")
                continue
            spent = time.process_time() - start
            ok, n = reconcile(texts)
            cpu, good, total = cpu + spent, good + ok, total + n
            print(f"{name:<11} {path.name[:45]:<45} {spent:>7.1f} {f'{ok:,}/{n:,}':>20}")
        print(f"{name:<11} {'ALL':<45} {cpu:>7.1f} {f'{good:,}/{total:,}':>20}")


if __name__ == "__main__":
    main(sys.argv[1:])
