"""`iceout --version` prints the installed package's version (pyproject.toml)."""

from importlib.metadata import version

from typer.testing import CliRunner

from iceout.cli import app


def test_version_is_printed() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"iceout {version('iceout')}"
