"""A fetch interrupted at any point leaves the database as it was: while downloading (Ctrl-C)
and while storing what it downloaded (the process killed in the middle of the transaction)."""

import signal
import threading
import time
from pathlib import Path
from typing import Any


def _follow(process: Any) -> list[str]:
    """Collect the process's stderr lines as they come."""
    lines: list[str] = []
    threading.Thread(
        target=lambda: lines.extend(iter(process.stderr.readline, "")), daemon=True
    ).start()
    return lines


def _wait_for(condition: Any, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _store_with_sanctions(iceout: Any, db: Path) -> None:
    done = iceout("fetch", "--db", str(db), "--source", "sema")
    assert done.returncode == 0, done.stderr


def test_ctrl_c_while_downloading_leaves_the_store_as_it_was(
    server: Any, iceout: Any, totals: Any, tmp_path: Path
) -> None:
    db = tmp_path / "store.duckdb"
    _store_with_sanctions(iceout, db)
    before = totals(db)
    server.services.inject(server.services.contracts_path, "slow:20")
    process = iceout.start(
        "fetch", "--db", str(db), "--source", "open_canada", env={"ICEOUT_HTTP_TIMEOUT": "60"}
    )
    _wait_for(lambda: server.services.requests(server.services.contracts_path))
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "interrupted: the store is as it was" in stderr and "Traceback" not in stderr
    assert totals(db) == before


def test_a_fetch_killed_while_storing_leaves_the_store_as_it_was(
    server: Any, iceout: Any, totals: Any, tmp_path: Path
) -> None:
    db = tmp_path / "store.duckdb"
    _store_with_sanctions(iceout, db)
    before = totals(db)
    process = iceout.start(
        "fetch", "--db", str(db), "--source", "usaspending", "--since", "2024-01-01"
    )
    lines = _follow(process)
    # the transaction has begun once the first file is reported stored
    _wait_for(lambda: any("[2/" in line for line in lines))
    process.kill()
    process.wait(timeout=30)
    assert not any("new records stored" in line for line in lines), "the fetch finished first"
    assert totals(db) == before
    # and the next fetch completes from the cache's state
    again = iceout("fetch", "--db", str(db), "--source", "usaspending", "--since", "2024-01-01")
    assert again.returncode == 0, again.stderr
    assert totals(db)["src_us_transactions"] > 0
