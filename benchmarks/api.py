"""`python -m benchmarks.api`: GET /api/screen and POST /match throughput and latency on a real
server, next to GET /healthz (the floor: framework, server and this client) measured in the
same run; with the server's CPU per request, its memory after each run (flat after warm-up)
and how long after start it first answers /healthz (issue 15: within 1 s).

The server is `iceout serve` in its own process on loopback, over a copy of the store (built
from ../shared/data when --db is not given). The client keeps CONCURRENCY HTTP/1.1 keep-alive
connections open and sends a fixed number of requests over them. Every screening request sends
a name not sent before (so no cache helps): real Canadian vendor spellings, a quarter of them
linked as match, a quarter for review, the rest drawn from all spellings (mostly clear).
Targets: at least 500 requests/s with p95 at most 20 ms, 8 connections, 2 cores (issue 4);
p99 under 20 ms at 32 connections, at least 50% of /healthz's rate (issue 15).
"""

import argparse
import asyncio
import json
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
    server_cpu: float = 0.0  # CPU seconds of the server process during the run
    server_rss_mb: float = 0.0  # its resident memory after the run

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, q: float) -> float:
        return statistics.quantiles(self.latencies, n=100)[int(q) - 1] * 1000


def get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()


def match_request(name: str) -> bytes:
    """POST /match/default of one Company query, as a yente client sends it."""
    body = json.dumps(
        {"queries": {"q": {"schema": "Company", "properties": {"name": [name]}}}}
    ).encode()
    head = (
        "POST /match/default HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> bytes:
    """Send one request on a kept-alive connection; its answer's head (body read, dropped)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    await reader.readexactly(length)
    return head


async def _worker(port: int, paths: list[bytes], next_index: list[int], out: Measure) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while next_index[0] < out.requests:
            request = paths[next_index[0] % len(paths)]
            next_index[0] += 1
            start = time.perf_counter()
            head = await exchange(reader, writer, request)
            out.latencies.append(time.perf_counter() - start)
            if not head.startswith(b"HTTP/1.1 200"):
                out.errors += 1
    finally:
        writer.close()


async def _load(label: str, port: int, paths: list[bytes], requests: int, conns: int) -> Measure:
    out = Measure(label, requests, 0.0, [], 0)
    next_index = [0]
    start = time.perf_counter()
    await asyncio.gather(*(_worker(port, paths, next_index, out) for _ in range(conns)))
    out.seconds = time.perf_counter() - start
    return out


def measure(
    label: str, port: int, paths: list[bytes], requests: int, conns: int, pid: int | None = None
) -> Measure:
    """The first WARM_UP requests warm the server up (not counted); the rest are measured.
    `pid`: the server's process, whose CPU and memory are read around the run."""
    asyncio.run(_load(label, port, paths[:WARM_UP], WARM_UP, conns))
    before = _cpu(pid)
    out = asyncio.run(_load(label, port, paths[WARM_UP:] or paths, requests, conns))
    out.server_cpu, out.server_rss_mb = _cpu(pid) - before, _rss_mb(pid)
    return out


def _cpu(pid: int | None) -> float:
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int | None) -> float:
    if pid is None:
        return 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db_path: Path, port: int, log: Path) -> subprocess.Popen:
    """`iceout serve` in its own process, its stderr in `log`; returns once /readyz answers
    (warm). Sets `first_answer` (seconds from the process's start to its first /healthz 200)
    and `ready_after` (to its first /readyz 200)."""
    command = [sys.executable, "-c", "from iceout.cli import main; main()", "serve"]
    with log.open("w") as out:
        server = subprocess.Popen(
            [*command, "--db", str(db_path), "--port", str(port)], stdout=out, stderr=out
        )
    started = time.monotonic()
    deadline = started + 900
    path = "/healthz"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=1):
                if path == "/healthz":
                    server.first_answer = time.monotonic() - started  # type: ignore[attr-defined]
                    server.first_cpu = _cpu(server.pid)  # type: ignore[attr-defined]
                    path = "/readyz"
                    continue
                server.ready_after = time.monotonic() - started  # type: ignore[attr-defined]
                return server
        except OSError:  # not bound yet, or 503 from /readyz while warming up
            time.sleep(0.01)
    server.terminate()
    raise RuntimeError(f"server was not ready within 900 s: {log.read_text()}")


def started_line(server: subprocess.Popen) -> str:
    first, ready = server.first_answer, server.ready_after  # type: ignore[attr-defined]
    cpu = server.first_cpu  # type: ignore[attr-defined]
    return (
        f"first /healthz 200 {first:.2f} s after the server process started (target 1 s; "
        f"{cpu:.2f} CPU s by then, what holds on a busy machine); "
        f"warm (/readyz 200) after {ready:.2f} s; server RSS {_rss_mb(server.pid):,.0f} MB"
    )


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
    parser.add_argument(
        "--concurrency", default="8,32", help="Connections, comma-separated (default 8,32)"
    )
    args = parser.parse_args(argv)
    if not args.db and not SHARED.is_dir():
        print(f"bench api: needs --db or {SHARED}", file=sys.stderr)
        return 1
    levels = [int(c) for c in args.concurrency.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        store = _store(args.db, Path(tmp))
        per_run = args.requests + WARM_UP
        names = _names(store, per_run * 2 * len(levels))
        port = _free_port()
        server = start_server(store, port, Path(tmp) / "serve.log")
        print(started_line(server))
        fresh = iter(names)
        try:
            for conns in levels:
                runs = [
                    measure(
                        "GET /healthz (baseline)",
                        port,
                        [get("/healthz")],
                        args.requests,
                        conns,
                        server.pid,
                    ),
                    measure(
                        "GET /api/screen?name=...",
                        port,
                        [get(f"/api/screen?name={quote(next(fresh))}") for _ in range(per_run)],
                        args.requests,
                        conns,
                        server.pid,
                    ),
                    measure(
                        "POST /match/default",
                        port,
                        [match_request(next(fresh)) for _ in range(per_run)],
                        args.requests,
                        conns,
                        server.pid,
                    ),
                ]
                _report(runs, conns, len(names), per_run * 2 * len(levels))
        finally:
            server.terminate()
            server.wait(timeout=30)
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
        f"{'endpoint':<26} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'max ms':>7} {'errors':>6} {'CPU ms/req':>10} {'RSS MB':>7}"
    )
    for m in runs:
        print(
            f"{m.label:<26} {m.requests:>8} {m.rps:>7.0f} {m.percentile(50):>7.2f} "
            f"{m.percentile(95):>7.2f} {m.percentile(99):>7.2f} {max(m.latencies) * 1000:>7.1f} "
            f"{m.errors:>6} {m.server_cpu * 1000 / m.requests:>10.3f} {m.server_rss_mb:>7.0f}"
        )
    base = runs[0]
    for m in runs[1:]:
        met = m.percentile(99) < 20 and m.rps >= 0.5 * base.rps
        print(
            f"{m.label}: {m.rps / base.rps:.0%} of the baseline rate, "
            f"{m.server_cpu / m.requests / (base.server_cpu / base.requests):.1f}x its CPU per "
            f"request; p99 < 20 ms and >= 50% of the baseline rate: {'met' if met else 'NOT met'}"
        )


if __name__ == "__main__":
    sys.exit(main())
