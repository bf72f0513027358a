"""The `serve` and `keys` commands: keys created, listed and revoked from the command line; a
store that cannot be served is refused with a clear message, never a traceback."""

import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from iceout.cli import app, main


def _invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_keys_are_shown_once_and_stored_as_digests(built_store: dict, tmp_path: Path) -> None:
    db = tmp_path / "keys.duckdb"
    shutil.copyfile(built_store["db"], db)
    created = _invoke(
        "keys", "create", "--role", "reviewer", "--name", "Rita Reviewer", "--db", str(db)
    )
    assert created.exit_code == 0
    secret = created.stdout.strip()
    assert secret.startswith("iceout_") and "shown only now" in created.stderr
    listed = _invoke("keys", "list", "--db", str(db))
    key_id, role, name, _, status = listed.stdout.strip().split("\t")
    assert (role, name, status) == ("reviewer", "Rita Reviewer", "active")
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("SELECT * FROM api_keys").fetchall()
    assert secret not in repr(stored) and secret.split("_")[1] == key_id
    assert _invoke("keys", "revoke", key_id, "--db", str(db)).exit_code == 0
    assert _invoke("keys", "list", "--db", str(db)).stdout.split("\t")[-1].startswith("revoked")
    bad_role = _invoke("keys", "create", "--role", "boss", "--db", str(db))
    assert bad_role.exit_code != 0


def test_serve_refuses_a_store_it_cannot_serve(tmp_path: Path, monkeypatch, capsys) -> None:
    missing = tmp_path / "missing.duckdb"
    monkeypatch.setattr("sys.argv", ["iceout", "serve", "--db", str(missing)])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2
    assert "no such database" in capsys.readouterr().err and not missing.exists()
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    monkeypatch.setattr("sys.argv", ["iceout", "serve", "--db", str(empty)])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2
    assert "has not been built" in capsys.readouterr().err
