"""`iceout serve` binds first and warms up after (iceout/api/starting.py), and writes through
one writer (iceout/api/store.py): /healthz answers while the service warms up, every decision
acknowledged under concurrent load is on disk even after `kill -9`, and every screening
answered is in the log once the server stops."""

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import httpx
from api_servers import ApiStore, Server, _free_port, api_store_copy

ICEOUT = [sys.executable, "-c", "from iceout.cli import main; main()"]
LINKS_SQL = "SELECT vendor_name, family_id FROM res_ca_links ORDER BY vendor_name LIMIT 60"


def test_health_answers_while_the_service_warms_up(built_store: dict, tmp_path: Path) -> None:
    store = api_store_copy(built_store, tmp_path)
    url, process = _serve(store)
    try:
        first = _first_answer(url, process)
        # the first answer comes while the watchlist is still loading, and says so
        assert first.status_code == 200
        assert first.json()["status"] == "ok" and first.json()["ready"] is False
        assert first.json()["warmup"]
        not_ready = httpx.get(f"{url}/readyz", timeout=5)
        if not_ready.status_code == 503:  # still warming up (it takes seconds)
            assert "starting" in not_ready.json()["detail"]
            assert not_ready.headers["retry-after"]
        # a request meanwhile waits for the warm-up, or hears that it is warming up
        page = httpx.get(
            f"{url}/", headers={"Accept": "text/html", "Accept-Language": "fr"}, timeout=60
        )
        if page.status_code == 503:
            assert 'http-equiv="refresh"' in page.text and "démarre" in page.text
        else:
            assert page.status_code == 200
        _wait_ready(url, process)
        assert httpx.get(f"{url}/healthz").json() == {"status": "ok"}
        screened = httpx.get(
            f"{url}/api/screen", params={"name": "GEO GROUP, INC., THE"}, timeout=60
        )
        assert screened.json()["decision"] == "match"
    finally:
        process.terminate()
        process.wait(timeout=60)


def test_acknowledged_decisions_survive_kill_and_screenings_are_logged(
    built_store: dict, tmp_path: Path
) -> None:
    store = api_store_copy(built_store, tmp_path)
    with duckdb.connect(str(store.db), read_only=True) as con:
        links = con.execute(LINKS_SQL).fetchall()
    server = Server(store.db, tmp_path / "serve.log").start()
    acknowledged = _concurrent_decisions(server, store, links)
    assert len(acknowledged) == 120  # every decision answered 201
    server.process.kill()  # type: ignore[union-attr]  # no clean shutdown
    server.process.wait()  # type: ignore[union-attr]
    with duckdb.connect(str(store.db), read_only=True) as con:
        stored = {r for (r,) in con.execute("SELECT reason FROM rev_judgements").fetchall()}
    assert acknowledged <= stored

    server.start()  # the same store, served again: the decisions are in force
    with server.client() as client:
        listed = client.get("/api/judgements", params={"limit": 200}).json()["results"]
        screened = [
            client.get("/api/screen", params={"name": f"Boulangerie {n}"}) for n in range(25)
        ]
    assert acknowledged <= {r["reason"] for r in listed}
    assert all(answer.status_code == 200 for answer in screened)
    server.stop()  # SIGTERM: the log rows still waiting are committed before it ends
    with duckdb.connect(str(store.db), read_only=True) as con:
        logged = con.execute(
            "SELECT count(*) FROM scr_log WHERE subject LIKE 'Boulangerie %'"
        ).fetchone()
    assert logged == (25,)


def _concurrent_decisions(server: Server, store: ApiStore, links: list) -> set[str]:
    """120 decisions from 12 reviewers at once, screenings in between; the reasons answered 201."""

    def reviewer(worker: int) -> set[str]:
        done = set()
        with server.client(store.reviewer_key) as client:
            for n in range(10):
                name, family_id = links[(worker * 10 + n) % len(links)]
                reason = f"concurrent {worker}-{n}"
                body = {"name": name, "family_id": family_id, "reason": reason}
                body["judgement"] = ("positive", "negative", "unsure")[n % 3]
                if client.post("/api/judgements", json=body).status_code == 201:
                    done.add(reason)
                client.get("/api/screen", params={"name": f"{name} {n}"})
        return done

    with ThreadPoolExecutor(12) as pool:
        return set().union(*pool.map(reviewer, range(12)))


def _serve(store: ApiStore) -> tuple[str, subprocess.Popen]:
    """`iceout serve` on the store, as a user starts it: its URL and process."""
    port = _free_port()
    process = subprocess.Popen(
        [*ICEOUT, "serve", "--db", str(store.db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return f"http://127.0.0.1:{port}", process


def _first_answer(url: str, process: subprocess.Popen) -> httpx.Response:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            return httpx.get(f"{url}/healthz", timeout=5)
        except httpx.TransportError:
            time.sleep(0.02)
    raise AssertionError("iceout serve never answered /healthz")


def _wait_ready(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
            return
        time.sleep(0.2)
    raise AssertionError("iceout serve never became ready")


def test_a_store_that_cannot_be_served_says_why(built_store: dict, tmp_path: Path) -> None:
    store = api_store_copy(built_store, tmp_path)
    with duckdb.connect(str(store.db)) as con:  # as if built by an older iceout
        con.execute("DROP TABLE res_word_rarity")
    url, process = _serve(store)
    try:
        _first_answer(url, process)
        deadline = time.monotonic() + 120
        while (health := httpx.get(f"{url}/healthz", timeout=60)).status_code == 200:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert health.status_code == 503 and health.json()["status"] == "failed"
        assert "rebuild it with `iceout run" in health.json()["detail"]
        screened = httpx.get(f"{url}/api/screen", params={"name": "GEO GROUP"}, timeout=60)
        assert screened.status_code == 503
        assert "cannot start" in screened.json()["detail"] and "res_word_rarity" in screened.text
    finally:
        process.terminate()
        process.wait(timeout=60)
