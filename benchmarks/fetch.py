"""`python -m benchmarks.fetch`: peak memory of fetching the full contracts CSV from
open.canada.ca (here: served from loopback), next to baselines measured in the same run.

The file is generated in a temp dir from the real rows of
../shared/data/canada/current_layout/contracts_current_layout_cbsa_cic_ps.csv, repeated with
distinct reference numbers, at two sizes: a fetch in constant memory peaks at the same RSS
for both. Each measure runs in its own process and reads that process's peak RSS (wait4).

Baselines: the Python interpreter with iceout's fetch modules imported and nothing fetched
(the floor of any fetch), and curl downloading the same URL.
"""

import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SOURCE = SHARED / "canada/current_layout/contracts_current_layout_cbsa_cic_ps.csv"
PACKAGE = "d8f85d91-7dec-4fd1-8055-483b77225d8b"
RESOURCE = "fac950c0-00d5-4ec1-a4d3-9cbebf98a305"
SIZES_MB = (100, 400)


def make_csv(target: Path, megabytes: int) -> int:
    """Real rows repeated until the file reaches `megabytes`; returns the data rows written."""
    with SOURCE.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    ref = header.index("reference_number")
    written, copy = 0, 0
    with target.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        while out.tell() < megabytes * 1024 * 1024:
            copy += 1
            for row in body:
                writer.writerow([*row[:ref], f"{row[ref]}-B{copy:04d}", *row[ref + 1 :]])
            written += len(body)
    return written


def publish(root: Path, csv_path: Path, port: int) -> None:
    """A static copy of the CKAN answer and the resource, as http.server serves them."""
    action = root / "data/api/3/action"
    action.mkdir(parents=True, exist_ok=True)
    resource_url = f"http://127.0.0.1:{port}/data/contracts.csv"
    package = {
        "success": True,
        "result": {
            "id": PACKAGE,
            "resources": [{"id": RESOURCE, "format": "CSV", "url": resource_url}],
        },
    }
    (action / "package_show").write_text(json.dumps(package), encoding="utf-8")
    os.replace(csv_path, root / "data/contracts.csv")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def peak_rss(command: list[str]) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, stdout) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed ({status})")
    return time.perf_counter() - start, usage.ru_maxrss / 1024, output.strip()


def child_fetch(base: str, home: str) -> None:
    """Run in a child process: fetch the contracts dataset as `iceout fetch` does (download,
    completeness check, row count), without ingest."""
    from iceout.sources.fetch.cache import Cache
    from iceout.sources.fetch.http import HttpClient
    from iceout.sources.fetch.open_canada import DATASETS, OpenCanadaFetcher

    with HttpClient(lambda _: None, interval=0.0) as client:
        fetched = OpenCanadaFetcher(client, base, Cache(Path(home)), lambda _: None).dataset(
            DATASETS[0]
        )
    print(fetched.rows)


def child_idle() -> None:
    # the same imports as child_fetch, and nothing fetched
    from iceout.sources.fetch.cache import Cache  # noqa: F401
    from iceout.sources.fetch.http import HttpClient  # noqa: F401
    from iceout.sources.fetch.open_canada import OpenCanadaFetcher  # noqa: F401


def measure(size_mb: int, work: Path) -> list[tuple[str, float, float, str]]:
    root, port = work / f"site{size_mb}", free_port()
    root.mkdir()
    generated = work / f"contracts{size_mb}.csv"
    rows = make_csv(generated, size_mb)
    publish(root, generated, port)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(root),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        url = f"http://127.0.0.1:{port}/data/contracts.csv"
        label = f"{(root / 'data/contracts.csv').stat().st_size / 2**20:,.0f} MB, {rows:,} rows"
        results = []
        if shutil.which("curl"):
            seconds, rss, _ = peak_rss(["curl", "-s", "-o", str(work / "curl.csv"), url])
            results.append((f"baseline: curl download ({label})", seconds, rss, ""))
            (work / "curl.csv").unlink()
        here = [sys.executable, "-m", "benchmarks.fetch"]
        seconds, rss, counted = peak_rss(
            [*here, "--child-fetch", f"http://127.0.0.1:{port}/data", str(work / f"home{size_mb}")]
        )
        check = "rows ok" if counted == str(rows) else f"ROWS {counted} != {rows}"
        results.append((f"iceout fetch, contracts ({label})", seconds, rss, check))
        return results
    finally:
        server.terminate()
        server.wait()


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--child-fetch":
        child_fetch(sys.argv[2], sys.argv[3])
        return 0
    if len(sys.argv) == 2 and sys.argv[1] == "--child-idle":
        child_idle()
        return 0
    if not SOURCE.is_file():
        print(f"bench: needs {SOURCE}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="iceout-bench-fetch-") as tmp:
        results = [
            (
                "baseline: Python + iceout fetch modules, idle",
                *peak_rss([sys.executable, "-m", "benchmarks.fetch", "--child-idle"])[:2],
                "",
            )
        ]
        for size in SIZES_MB:
            results.extend(measure(size, Path(tmp)))
    print(f"{'measure':<58} {'seconds':>8} {'peak RSS MB':>12}")
    for name, seconds, rss, note in results:
        print(f"{name:<58} {seconds:>8.1f} {rss:>12.1f}  {note}")
    fetches = [rss for name, _, rss, _ in results if name.startswith("iceout fetch")]
    print(
        f"iceout fetch peak RSS: {min(fetches):.0f}-{max(fetches):.0f} MB for files of "
        f"{SIZES_MB[0]}-{SIZES_MB[-1]} MB (idle floor {results[0][2]:.0f} MB): constant memory "
        f"means the peak does not grow with the file"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
