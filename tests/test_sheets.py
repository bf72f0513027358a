"""Formula-named vendors come out of every CSV as inert text, and numbers stay numbers:
exposure.csv, `iceout screen` and the service's CSV download, each read back with the csv
module. The store is a real `iceout run` over the bundled demo data."""

import csv
import dataclasses
import io
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest
from typer.testing import CliRunner

from iceout.cli import app
from iceout.report.csv_out import write_csv
from iceout.report.exposure import build_exposure
from iceout.screen.policy import Policy
from iceout.sheets import cell

HOSTILE = ['=HYPERLINK("http://x")', "@SUM(1)", "+1+cmd|' /C calc'!A0", "-2+3", "\tTAB", "\rCR"]
COMMAND = [sys.executable, "-c", "from iceout.cli import main; main()"]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sheets")
    result = CliRunner().invoke(
        app, ["run", "--db", str(root / "s.duckdb"), "--out", str(root / "report")]
    )
    assert result.exit_code == 0, result.output
    return root / "s.duckdb"


def _inert(text: str) -> bool:
    return text == "" or text[0] not in "=+-@\t\r" or _number(text)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_cells_are_neutralised_and_numbers_kept() -> None:
    assert [cell(h) for h in HOSTILE] == ["'" + h for h in HOSTILE]
    assert [cell(v) for v in (-12.5, "-12.50", "+3", "1e-5", 0, None)] == [
        "-12.5", "-12.50", "+3", "1e-5", "0", "",
    ]  # fmt: skip
    assert cell("GardaWorld") == "GardaWorld" and cell("a=b") == "a=b"


def test_exposure_csv_keeps_hostile_names_inert(demo_store: Path, tmp_path: Path) -> None:
    with duckdb.connect(str(demo_store), read_only=True) as con:
        exposure = build_exposure(con, Policy(), demo=True)
    first = dataclasses.replace(
        exposure.families[0], family=HOSTILE[0], names=[HOSTILE[1], "Plain"]
    )
    exposure = dataclasses.replace(exposure, families=[first, *exposure.families[1:]])
    path = tmp_path / "exposure.csv"
    write_csv(exposure, path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["family"] == "'" + HOSTILE[0]
    assert rows[0]["names"] == f"'{HOSTILE[1]} | Plain"
    assert float(rows[0]["us_obligations_usd"]) == pytest.approx(first.us_obligations_usd or 0)
    assert all(_inert(v) for row in rows for v in row.values())


def _vendors() -> str:
    out = io.StringIO()
    writer = csv.writer(out)  # CRLF, so that a bare CR in a name is quoted
    writer.writerow(["name", "amount"])
    writer.writerows([[name, "-12.50"] for name in HOSTILE] + [["GardaWorld", "7"]])
    return out.getvalue()


def _check_screened(text: str) -> None:
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["name"] for r in rows] == ["'" + h for h in HOSTILE] + ["GardaWorld"]
    assert [r["amount"] for r in rows] == ["-12.50"] * len(HOSTILE) + ["7"]
    assert rows[-1]["decision"] == "match"
    assert all(_inert(v) for row in rows for v in row.values())


def test_screen_command_output_is_inert(demo_store: Path, tmp_path: Path) -> None:
    source = tmp_path / "vendors.csv"
    source.write_text(_vendors(), encoding="utf-8", newline="")
    done = subprocess.run(
        [
            *COMMAND,
            "screen",
            "--db",
            str(demo_store),
            "--input",
            str(source),
            "--output",
            str(tmp_path / "out.csv"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    _check_screened((tmp_path / "out.csv").read_bytes().decode("utf-8"))


@pytest.fixture(scope="module")
def served(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("sheets-serve")
    db = directory / "api.duckdb"
    db.write_bytes(demo_store.read_bytes())
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [*COMMAND, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 240  # a loaded machine starts slowly
    while time.monotonic() < deadline and process.poll() is None:
        try:  # /readyz: warm (/healthz answers while the service warms up)
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("iceout serve did not start")


def test_service_csv_download_is_inert(served: str) -> None:
    response = httpx.post(
        f"{served}/api/screen/csv",
        files={"file": ("vendors.csv", _vendors().encode(), "text/csv")},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    _check_screened(response.text)
