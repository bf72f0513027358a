"""`python -m benchmarks.preview_log --baseline DIR`: what logging the home page's typed-ahead
previews (scr_log, request 'preview') costs the screening, next to a server of the code in DIR
(a checkout whose previews are not logged, e.g. main before this change) measured in the
same run.

Two `iceout serve` processes, each over its own copy of the store, take turns (A B B A ...,
so that the machine's drift falls on both): C clients on keep-alive connections type names
letter by letter, each prefix a GET /api/screen?preview=true, and submit every name once as
a GET /api/screen. Printed per server: requests, p50/p95/p99 per endpoint, server CPU per
request, and the rows scr_log holds afterwards. Target: the screening p95 with previews
logged at most 10% above the baseline's.
"""

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import duckdb

from benchmarks.api import SHARED, _cpu, _free_port, _names, _store, exchange
from benchmarks.load import _p

CLIENTS = 16
ROUNDS = 3
TARGET_RISE = 0.10
HERE = Path(__file__).resolve().parents[1]


class Server:
    def __init__(self, label: str, code: Path, store: Path, log: Path) -> None:
        self.label, self.port = label, _free_port()
        env = {**os.environ, "PYTHONPATH": str(code)}
        command = [sys.executable, "-c", "from iceout.cli import main; main()", "serve"]
        with log.open("w") as out:
            self.process = subprocess.Popen(
                [*command, "--db", str(store), "--port", str(self.port)],
                stdout=out,
                stderr=out,
                env=env,
                cwd=str(code),
            )
        self.store = store
        self.latencies: dict[str, list[float]] = {}
        self.cpu = 0.0
        self._ready(log)

    def _ready(self, log: Path) -> None:
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.label} exited: {log.read_text()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{self.label} not ready")

    def stop(self) -> None:
        self.process.terminate()  # a clean stop: the writer commits what is waiting
        self.process.wait(timeout=60)


async def _client(server: Server, names: list[str], until: float, seed: int) -> None:
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    try:
        while time.perf_counter() < until:
            name = rng.choice(names)
            typed = [name[:i] for i in range(3, len(name) + 1, 2)] or [name]
            for endpoint, text in [*(("preview", t) for t in typed), ("screen", name)]:
                path = f"/api/screen?name={quote(text)}"
                if endpoint == "preview":
                    path += "&preview=true"
                request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
                start = time.perf_counter()
                head = await exchange(reader, writer, request)
                if not head.startswith(b"HTTP/1.1 200"):
                    raise RuntimeError(f"{server.label}: {head[:40]!r}")
                server.latencies.setdefault(endpoint, []).append(time.perf_counter() - start)
    finally:
        writer.close()


def _turn(server: Server, names: list[str], seconds: float) -> None:
    cpu = _cpu(server.process.pid)

    async def go() -> None:
        until = time.perf_counter() + seconds
        await asyncio.gather(*(_client(server, names, until, i) for i in range(CLIENTS)))

    asyncio.run(go())
    server.cpu += _cpu(server.process.pid) - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="Checkout to compare with")
    parser.add_argument("--db", type=Path, help="A store built by `iceout run` (copied first)")
    parser.add_argument("--seconds", type=float, default=10.0, help="Per turn (default 10)")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="Turns per server (default 3)")
    args = parser.parse_args(argv)
    if not args.db and not SHARED.is_dir():
        print(f"bench preview_log: needs --db or {SHARED}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        first = _store(args.db, Path(tmp))
        names = _names(first, 2_000)
        servers = []
        for label, code in (("baseline", args.baseline), ("this code", HERE)):
            store = Path(tmp) / f"{label.replace(' ', '-')}.duckdb"
            store.write_bytes(first.read_bytes())
            servers.append(Server(label, code, store, Path(tmp) / f"{store.stem}.log"))
        try:
            for round in range(args.rounds):  # A B, then B A: neither always goes first
                for server in servers if round % 2 == 0 else servers[::-1]:
                    _turn(server, names, args.seconds)
        finally:
            for server in servers:
                server.stop()
        logged = {}
        for server in servers:
            with duckdb.connect(str(server.store), read_only=True) as con:
                logged[server.label] = con.execute(
                    "SELECT request, count(*) FROM scr_log GROUP BY ALL ORDER BY ALL"
                ).fetchall()
    _report(servers, logged, args)
    return 0


def _report(servers: list[Server], logged: dict[str, list], args: argparse.Namespace) -> None:
    print(
        f"{CLIENTS} clients typing names (a preview every 2 letters, then the screening), "
        f"{args.rounds} x {args.seconds:.0f} s per server, turns alternating; {os.cpu_count()} CPUs"
    )
    print(
        f"{'server':<10} {'endpoint':<8} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'CPU ms/req':>10}  scr_log rows"
    )
    for server in servers:
        total = sum(len(v) for v in server.latencies.values())
        for endpoint, values in sorted(server.latencies.items()):
            print(
                f"{server.label:<10} {endpoint:<8} {len(values):>8} {_p(values, 50):>7.2f} "
                f"{_p(values, 95):>7.2f} {_p(values, 99):>7.2f} "
                f"{server.cpu * 1000 / total:>10.2f}  {dict(logged[server.label])}"
            )
    base, new = (
        _p([v for vs in s.latencies.values() for v in vs], 95) for s in servers
    )  # every request answers a screening: previews and submitted ones together
    rise = new / base - 1
    print(
        f"screening p95 (all requests): {base:.2f} ms baseline, {new:.2f} ms this code "
        f"({rise:+.0%}); target at most +{TARGET_RISE:.0%}: "
        f"{'met' if rise <= TARGET_RISE else 'NOT met'}"
    )


if __name__ == "__main__":
    sys.exit(main())
