"""Report size and print length (`python -m benchmarks.report_pages --db STORE`): the report
as pages (report/site.py) next to the whole report in one file (report/html.py), measured in
the same run on a store built by `iceout run` (e.g. over ../shared/data).

Prints the size of the summary page, of the family pages (median, largest) and of every page
together, and the number of A4 pages Debian's chromium prints for the summary (and, with
--print-single-file, for the single file: slow, it is thousands of pages)."""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from iceout import db
from iceout.pipeline import views_of
from iceout.report.exposure import build_exposure
from iceout.report.html import render_html
from iceout.report.site import render_site
from iceout.screen.policy import Policy

CHROMIUM = "/usr/bin/chromium"


def printed_pages(html: Path, pdf: Path) -> int:
    """Pages of `html` printed to A4 PDF by chromium (Playwright, no network)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(html.as_uri(), wait_until="load", timeout=600_000)
        page.pdf(path=str(pdf), format="A4", print_background=False)
        browser.close()
    return len(PdfReader(pdf).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="a store built by iceout run")
    parser.add_argument("--scope", default="dhs", help="the scope the store was run with")
    parser.add_argument("--print-single-file", action="store_true")
    args = parser.parse_args()
    con = db.connect(args.db, read_only=True)
    policy = Policy(args.scope)
    start = time.perf_counter()
    exposure = build_exposure(con, policy)
    views = views_of(con, policy)
    built = time.perf_counter() - start
    start = time.perf_counter()
    single = render_html(exposure).encode("utf-8")
    single_s = time.perf_counter() - start
    start = time.perf_counter()
    site = {
        n: c if isinstance(c, bytes) else c.encode("utf-8")
        for n, c in render_site(exposure, views).items()
    }
    site_s = time.perf_counter() - start
    families = sorted(len(c) for n, c in site.items() if n.startswith("families/"))
    pages = {n: len(c) for n, c in site.items() if n.endswith(".html") and "/" not in n}
    print(f"exposure and views built in {built:.1f}s; {len(exposure.families)} families")
    print(
        f"baseline, one file (report.html --single-file): {len(single) / 1e6:.2f} MB, rendered in {single_s:.1f}s"
    )
    print(
        f"pages: {len(site)} files, {sum(map(len, site.values())) / 1e6:.2f} MB in all, rendered in {site_s:.1f}s"
    )
    for name, size in sorted(pages.items()):
        print(f"  {name}: {size / 1e3:.0f} kB")
    print(
        f"  families/*.html: {len(families)} pages, median {statistics.median(families) / 1e3:.0f} kB, "
        f"largest {families[-1] / 1e3:.0f} kB"
    )
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for name, content in site.items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(content)
        summary_pages = printed_pages(out / "report.html", out / "summary.pdf")
        print(f"summary (report.html) prints on {summary_pages} A4 pages")
        if args.print_single_file:
            (out / "single.html").write_bytes(single)
            start = time.perf_counter()
            count = printed_pages(out / "single.html", out / "single.pdf")
            print(
                f"baseline: the single file prints on {count} A4 pages ({time.perf_counter() - start:.0f}s)"
            )


if __name__ == "__main__":
    main()
