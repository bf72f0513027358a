"""`python -m benchmarks.api`: GET /api/screen throughput and latency on a real server, next to
GET /healthz (the floor: framework, server and this client) measured in the same run.

The server is `iceout serve` in its own process on loopback, over a copy of the store (built
from ../shared/data when --db is not given). The client keeps CONCURRENCY HTTP/1.1 keep-alive
connections open and sends a fixed number of requests over them. Every screening request sends
a name not sent before (so no cache helps): real Canadian vendor spellings, a quarter of them
linked as match, a quarter for review, the rest drawn from all spellings (mostly clear).
Target (issue 4): at least 500 requests/s with p95 at most 20 ms, 8 connections, 2 cores.
"""

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import duckdb

from iceout import db, pipeline
from iceout.screen.policy import Policy

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TARGET_RPS, TARGET_P95_MS = 500, 20.0

LINKED_SQL = """
SELECT vendor_name FROM res_ca_links
QUALIFY row_number() OVER (PARTITION BY decision ORDER BY hash(vendor_name)) <= $quarter
"""
OTHERS_SQL = """
SELECT DISTINCT vendor_name FROM nrm_ca_records
WHERE vendor_name NOT IN (SELECT vendor_name FROM res_ca_links)
ORDER BY hash(vendor_name) LIMIT $wanted
"""
WARM_UP = 200


@dataclass
class Measure:
    label: str
    requests: int
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, q: float) -> float:
        return statistics.quantiles(self.latencies, n=100)[int(q) - 1] * 1000


async def _worker(port: int, paths: list[str], next_index: list[int], out: Measure) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while next_index[0] < out.requests:
            path = paths[next_index[0] % len(paths)]
            next_index[0] += 1
            start = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            await reader.readexactly(length)
            out.latencies.append(time.perf_counter() - start)
            if not head.startswith(b"HTTP/1.1 200"):
                out.errors += 1
    finally:
        writer.close()


async def _load(label: str, port: int, paths: list[str], requests: int, conns: int) -> Measure:
    out = Measure(label, requests, 0.0, [], 0)
    next_index = [0]
    start = time.perf_counter()
    await asyncio.gather(*(_worker(port, paths, next_index, out) for _ in range(conns)))
    out.seconds = time.perf_counter() - start
    return out


def measure(label: str, port: int, paths: list[str], requests: int, conns: int) -> Measure:
    """The first WARM_UP paths warm the server up (not counted); the rest are measured."""
    asyncio.run(_load(label, port, paths[:WARM_UP], WARM_UP, conns))
    return asyncio.run(_load(label, port, paths[WARM_UP:] or paths, requests, conns))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db_path: Path, port: int, log: Path) -> subprocess.Popen:
    """`iceout serve` in its own process, its stderr in `log`; returns once /healthz answers."""
    command = [sys.executable, "-c", "from iceout.cli import main; main()", "serve"]
    with log.open("w") as out:
        server = subprocess.Popen(
            [*command, "--db", str(db_path), "--port", str(port)], stdout=out, stderr=out
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"server did not answer /healthz within 120 s: {log.read_text()}")


def _store(given: Path | None, tmp: Path) -> Path:
    copy = tmp / "bench-api.duckdb"
    if given:
        shutil.copyfile(given, copy)
        return copy
    print(f"building a store from {SHARED} (about a minute)...", file=sys.stderr)
    con = db.connect(copy)
    pipeline.run(con, [SHARED], tmp / "out", Policy(), lambda _: None)
    con.close()
    return copy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="A store built by `iceout run` (copied first)")
    parser.add_argument("--requests", type=int, default=5000, help="Per endpoint (default 5000)")
    parser.add_argument("--concurrency", type=int, default=8, help="Connections (default 8)")
    args = parser.parse_args(argv)
    if not args.db and not SHARED.is_dir():
        print(f"bench api: needs --db or {SHARED}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        store = _store(args.db, Path(tmp))
        names = _names(store, args.requests + WARM_UP)
        port = _free_port()
        server = start_server(store, port, Path(tmp) / "serve.log")
        try:
            runs = [
                measure(
                    "GET /healthz (baseline)", port, ["/healthz"], args.requests, args.concurrency
                ),
                measure(
                    "GET /api/screen?name=...",
                    port,
                    [f"/api/screen?name={quote(n)}" for n in names],
                    args.requests,
                    args.concurrency,
                ),
            ]
        finally:
            server.terminate()
            server.wait(timeout=30)
    _report(runs, args.concurrency, len(names), args.requests + WARM_UP)
    return 0


def _names(store: Path, wanted: int) -> list[str]:
    """`wanted` distinct vendor spellings (fewer if the store has fewer), shuffled."""
    con = duckdb.connect(str(store), read_only=True)
    names = [r[0] for r in con.execute(LINKED_SQL, {"quarter": wanted // 4}).fetchall()]
    others = con.execute(OTHERS_SQL, {"wanted": wanted}).fetchall()
    names += [r[0] for r in others][: wanted - len(names)]
    con.close()
    random.Random(4).shuffle(names)
    return names


def _report(runs: list[Measure], conns: int, names: int, sent: int) -> None:
    repeats = "none sent twice" if names >= sent else "so some are sent more than once"
    print(
        f"{conns} connections on loopback, {os.cpu_count()} CPUs; "
        f"{names:,} distinct names for {sent:,} requests, {repeats}"
    )
    print(
        f"{'endpoint':<28} {'requests':>8} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}"
    )
    for m in runs:
        print(
            f"{m.label:<28} {m.requests:>8} {m.rps:>8.0f} {m.percentile(50):>7.2f} "
            f"{m.percentile(95):>7.2f} {m.percentile(99):>7.2f} {m.errors:>6}"
        )
    screen = runs[-1]
    met = screen.rps >= TARGET_RPS and screen.percentile(95) <= TARGET_P95_MS
    print(
        f"target >= {TARGET_RPS} req/s and p95 <= {TARGET_P95_MS:.0f} ms: "
        f"{'met' if met else 'NOT met'}; screening runs at {screen.rps / runs[0].rps:.0%} of the baseline rate"
    )


if __name__ == "__main__":
    sys.exit(main())
