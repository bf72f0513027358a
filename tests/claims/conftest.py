"""Fixtures of the claims tests.

- seeds: Path of ../shared/seeds (the five documents of issue 6: four articles and the NDP
  letter). Skips the test when absent, except under CI=true, where its absence is a failure.
- french_article: Path of tests/fixtures/claims_article_fr.txt (written for these tests; see
  claims_article_fr.source.md for what each sentence exercises).
- claims: run the installed `iceout claims DOC... --db DB --output OUT` as a user does (a real
  process, so errors go through the CLI's own handler); returns Run(process, result), result
  being the parsed JSON or None when nothing was written. It saves the claims into the store.
- claims_store: a copy of the shared store for `iceout claims` to save into (session).
- seed_claims: the JSON of `iceout claims` over the five seeds with the store built from
  ../shared/data, once per session.
- text_pdf: a function writing a one-page PDF with a real text layer from lines of text.
"""

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@dataclass(frozen=True)
class Run:
    process: subprocess.CompletedProcess
    result: dict[str, Any] | None


@pytest.fixture(scope="session")
def seeds(require_shared: Callable[[Path, str], Path]) -> Path:
    return require_shared(SEEDS, "the seed documents")


@pytest.fixture(scope="session")
def french_article() -> Path:
    return FIXTURES / "claims_article_fr.txt"


def _iceout_command() -> str:
    beside_python = Path(sys.executable).parent / "iceout"
    found = str(beside_python) if beside_python.exists() else shutil.which("iceout")
    assert found, "the iceout command is not installed: pip install -e '.[dev]'"
    return found


@pytest.fixture(scope="session")
def claims(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Run]:
    home = tmp_path_factory.mktemp("iceout_home")

    def run(db: Path, *documents: Path | str) -> Run:
        output = tmp_path_factory.mktemp("claims") / "claims.json"
        env = {**os.environ, "ICEOUT_HOME": str(home)}  # never touch the user's ~/.iceout
        command = [_iceout_command(), "claims", *map(str, documents), "--db", str(db)]
        done = subprocess.run(
            [*command, "--output", str(output)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        result = json.loads(output.read_text(encoding="utf-8")) if output.exists() else None
        return Run(done, result)

    return run


@pytest.fixture(scope="session")
def claims_store(built_store: dict, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shared store: `iceout claims` saves what it finds into it."""
    path = tmp_path_factory.mktemp("claims") / "store.duckdb"
    shutil.copy(built_store["db"], path)
    return path


@pytest.fixture(scope="session")
def seed_claims(claims_store: Path, seeds: Path, claims: Callable[..., Run]) -> dict[str, Any]:
    run = claims(claims_store, *sorted(seeds.glob("*.txt")))
    assert run.process.returncode == 0, run.process.stderr
    assert run.result is not None
    return run.result


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1252")  # Helvetica with WinAnsiEncoding: French accents and ’
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _pdf(lines: list[str]) -> bytes:
    """A minimal PDF 1.4: one page, Helvetica, one text line per entry of `lines`."""
    shown = b" T* ".join(_pdf_string(line) + b" Tj" for line in lines)
    stream = b"BT /F1 10 Tf 12 TL 40 760 Td " + shown + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


@pytest.fixture(scope="session")
def text_pdf() -> Callable[[Path, list[str]], Path]:
    def write(path: Path, lines: list[str]) -> Path:
        path.write_bytes(_pdf(lines))
        return path

    return write
