"""`python -m benchmarks.load`: the service under a mixed load of screening and reviewers'
decisions, next to a GET /healthz baseline measured in the same run.

`iceout serve` runs in its own process on loopback over a copy of the store (built from
../shared/data when --db is not given). For 8, 16 and 32 clients, each on its own HTTP/1.1
keep-alive connection, first /healthz alone, then a mix for a bounded time: 70% GET
/api/screen of a Canadian spelling not sent before, 30% POST /api/judgements (a reviewer's
decision on a linked spelling, each with a reason of its own). Printed per level: requests/s,
p50/p95/p99 per endpoint and errors. At the end the server is killed (SIGKILL) and the store
reopened: every acknowledged decision (201) must be there.
Targets (issue 12), 32 clients, 2 cores: 0 errors, all acknowledged decisions stored,
judgement p95 under 100 ms, screening p95 under 20 ms.
"""

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import duckdb

from benchmarks.api import (
    SHARED,
    _cpu,
    _free_port,
    _names,
    _store,
    exchange,
    start_server,
    started_line,
)

LEVELS = (8, 16, 32)
JUDGEMENT_SHARE = 0.3
TARGET_JUDGE_P95_MS, TARGET_SCREEN_P95_MS = 100.0, 20.0
LINKS_SQL = "SELECT vendor_name, family_id FROM res_ca_links ORDER BY hash(vendor_name)"
KINDS = ("positive", "negative", "unsure")


@dataclass
class Level:
    clients: int
    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    acknowledged: list[str] = field(default_factory=list)
    server_cpu: float = 0.0  # CPU seconds of the server process during the level
    client_cpu: float = 0.0  # CPU seconds of this process (the load generator) meanwhile

    def record(self, endpoint: str, seconds: float, ok: bool) -> None:
        self.latencies.setdefault(endpoint, []).append(seconds)
        self.errors.setdefault(endpoint, 0)
        if not ok:
            self.errors[endpoint] += 1

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())


class Work:
    """What the clients send: fresh names to screen, links to decide on, unique reasons."""

    def __init__(self, names: list[str], links: list[tuple[str, str]], key: str) -> None:
        self.names, self.links, self.key = names, links, key
        self.sent = 0

    def next(self, rng: random.Random) -> tuple[str, bytes]:
        self.sent += 1
        if rng.random() >= JUDGEMENT_SHARE:
            name = self.names[self.sent % len(self.names)]
            path = f"/api/screen?name={quote(name)}"
            return "GET /api/screen", f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
        name, family_id = self.links[self.sent % len(self.links)]
        reason = f"bench {os.getpid()} {self.sent}"
        body = json.dumps(
            {
                "name": name,
                "family_id": family_id,
                "judgement": KINDS[self.sent % 3],
                "reason": reason,
            }
        ).encode()
        head = (
            f"POST /api/judgements HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {self.key}\r\nContent-Type: application/json\r\n"
            f"X-Bench-Reason: {reason}\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        return "POST /api/judgements", head.encode() + body


async def _client(port: int, work: Work | None, until: float, out: Level, seed: int) -> None:
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            if work is None:
                endpoint, request = "GET /healthz", b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                request = request.replace(b"Host: x", b"Host: 127.0.0.1")
            else:
                endpoint, request = work.next(rng)
            start = time.perf_counter()
            try:
                head = await exchange(reader, writer, request)
            except (OSError, asyncio.IncompleteReadError, StopIteration):
                out.record(endpoint, time.perf_counter() - start, False)
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            expected = b"HTTP/1.1 201" if endpoint.startswith("POST") else b"HTTP/1.1 200"
            ok = head.startswith(expected)
            out.record(endpoint, time.perf_counter() - start, ok)
            if ok and endpoint.startswith("POST"):
                out.acknowledged.append(
                    request.split(b"X-Bench-Reason: ")[1].split(b"\r\n")[0].decode()
                )
    finally:
        writer.close()


def run_level(
    port: int, work: Work | None, clients: int, seconds: float, pid: int | None = None
) -> Level:
    out = Level(clients)
    cpu = _cpu(pid)

    async def go() -> None:
        until = time.perf_counter() + seconds
        await asyncio.gather(*(_client(port, work, until, out, i) for i in range(clients)))

    start, mine = time.perf_counter(), time.process_time()
    asyncio.run(go())
    out.seconds = time.perf_counter() - start
    out.server_cpu = _cpu(pid) - cpu
    out.client_cpu = time.process_time() - mine
    return out


def _p(values: list[float], q: int) -> float:
    if len(values) < 2:
        return (values[0] if values else 0.0) * 1000
    return statistics.quantiles(values, n=100)[q - 1] * 1000


def _reviewer_key(store: Path) -> str:
    command = [sys.executable, "-c", "from iceout.cli import main; main()"]
    done = subprocess.run(
        [*command, "keys", "create", "--role", "reviewer", "--name", "Bench", "--db", str(store)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="A store built by `iceout run` (copied first)")
    parser.add_argument("--seconds", type=float, default=10.0, help="Per level (default 10)")
    parser.add_argument("--baseline-seconds", type=float, default=3.0)
    args = parser.parse_args(argv)
    if not args.db and not SHARED.is_dir():
        print(f"bench load: needs --db or {SHARED}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        store = _store(args.db, Path(tmp))
        key = _reviewer_key(store)
        with duckdb.connect(str(store), read_only=True) as con:
            links = [(n, f) for n, f in con.execute(LINKS_SQL).fetchall()]
        work = Work(_names(store, 100_000), links, key)
        port = _free_port()
        server = start_server(store, port, Path(tmp) / "serve.log")
        started = started_line(server)
        levels: list[tuple[Level, Level]] = []
        try:
            for clients in LEVELS:
                baseline = run_level(port, None, clients, args.baseline_seconds, server.pid)
                mixed = run_level(port, work, clients, args.seconds, server.pid)
                levels.append((baseline, mixed))
        finally:
            server.send_signal(
                signal.SIGKILL
            )  # no clean shutdown: what was acknowledged must be on disk
            server.wait(timeout=30)
        acknowledged = [r for _, mixed in levels for r in mixed.acknowledged]
        with duckdb.connect(str(store)) as con:
            stored = {
                r
                for (r,) in con.execute(
                    "SELECT reason FROM rev_judgements WHERE reason LIKE 'bench %'"
                ).fetchall()
            }
        restarted = start_server(store, _free_port(), Path(tmp) / "serve2.log")
        again = started_line(restarted)
        restarted.terminate()
        restarted.wait(timeout=30)
    print(started)
    print(f"after kill -9: {again}")
    _report(levels, acknowledged, stored, args.seconds)
    return 0


def _report(
    levels: list[tuple[Level, Level]], acknowledged: list[str], stored: set[str], seconds: float
) -> None:
    print(f"{os.cpu_count()} CPUs, loopback, {seconds:.0f} s per level, mix 70% screen / 30% judge")
    print(
        f"{'clients':>7} {'endpoint':<24} {'requests':>8} {'req/s':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}"
    )
    for baseline, mixed in levels:
        for run, label in ((baseline, "baseline"), (mixed, "mixed")):
            for endpoint, values in run.latencies.items():
                print(
                    f"{run.clients:>7} {endpoint:<24} {len(values):>8} "
                    f"{len(values) / run.seconds:>7.0f} {_p(values, 50):>7.1f} "
                    f"{_p(values, 95):>7.1f} {_p(values, 99):>7.1f} {run.errors[endpoint]:>6}"
                )
            if label == "mixed":
                print(
                    f"{'':>7} {'all (mixed)':<24} {run.requests:>8} {run.requests / run.seconds:>7.0f}"
                    f"   server CPU {run.server_cpu * 1000 / run.requests:.2f} ms/request, "
                    f"{baseline.server_cpu * 1000 / baseline.requests:.2f} for /healthz "
                    "(CPU: what holds on a busy machine)"
                )
                print(
                    f"{'':>7} {'cores busy':<24} server {run.server_cpu / run.seconds:.2f}, "
                    f"load generator {run.client_cpu / run.seconds:.2f} "
                    f"({run.client_cpu * 1000 / run.requests:.2f} ms/request; "
                    f"{baseline.client_cpu * 1000 / baseline.requests:.2f} for /healthz) "
                    f"of {os.cpu_count()}"
                )
    kept = sum(1 for r in acknowledged if r in stored)
    print(
        f"acknowledged judgements stored after kill -9 and restart: {kept} of {len(acknowledged)}"
    )
    _, top = levels[-1]
    judge = top.latencies.get("POST /api/judgements", [])
    screen = top.latencies.get("GET /api/screen", [])
    errors = sum(m.errors.get(e, 0) for _, m in levels for e in m.errors)
    met = (
        errors == 0
        and kept == len(acknowledged)
        and _p(judge, 95) < TARGET_JUDGE_P95_MS
        and _p(screen, 95) < TARGET_SCREEN_P95_MS
    )
    print(
        f"targets at {top.clients} clients (0 errors, all stored, judgement p95 < "
        f"{TARGET_JUDGE_P95_MS:.0f} ms, screening p95 < {TARGET_SCREEN_P95_MS:.0f} ms): "
        f"{'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    sys.exit(main())
