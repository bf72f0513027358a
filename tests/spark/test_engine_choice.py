"""Choosing an engine: a name that is not one, or an engine that cannot start, is a clear
error before any work (no traceback)."""

from pathlib import Path

from typer.testing import CliRunner

from iceout.cli import app


def _run(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> object:
    return CliRunner().invoke(
        app, ["run", "--offline", "--db", str(tmp_path / "s.duckdb"), *args], env=env
    )


def test_unknown_engine_is_named_with_the_choices(tmp_path: Path) -> None:
    result = _run(tmp_path, "--engine", "flink")
    assert result.exit_code != 0
    assert "unknown engine 'flink'; choose one of duckdb, spark" in str(result.exception)
    assert not (tmp_path / "s.duckdb").exists()


def test_unknown_engine_from_the_environment(tmp_path: Path) -> None:
    result = _run(tmp_path, env={"ICEOUT_ENGINE": "dask"})
    assert "ICEOUT_ENGINE: unknown engine 'dask'" in str(result.exception)
