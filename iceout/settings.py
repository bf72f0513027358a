"""Settings read once from ICEOUT_* environment variables; library code takes explicit arguments."""

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    home: Path
    """ICEOUT_HOME: cache and state (default ~/.iceout)."""
    db: Path
    """ICEOUT_DB: the DuckDB store used when --db is not given (default $ICEOUT_HOME/iceout.duckdb)."""


def load_settings() -> Settings:
    home = Path(os.environ.get("ICEOUT_HOME") or Path.home() / ".iceout")
    db = Path(os.environ.get("ICEOUT_DB") or home / "iceout.duckdb")
    return Settings(home=home, db=db)
