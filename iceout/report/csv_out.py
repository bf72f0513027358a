"""The exposure report as a spreadsheet: one row per corporate family, ranked as in the HTML."""

import csv
from pathlib import Path
from typing import Any

COLUMNS = (
    "family_id",
    "family",
    "country",
    "us_obligations_usd",
    "us_awards",
    "first_us_date",
    "canadian_value_cad",
    "canadian_records",
    "first_ca_date",
    "decision",
    "score",
    "explanation",
    "names",
)


def write_csv(exposure: dict[str, Any], path: Path) -> None:
    """Write one row per family to `path` (UTF-8); empty cells where a value is unknown."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for family in exposure["families"]:
            writer.writerow(family_row(family))


def family_row(family: dict[str, Any]) -> list[str]:
    match = family["match"] or {}
    return [
        family["family_id"],
        family["family"],
        family["country"] or "",
        _amount(family["us_obligations_usd"]),
        str(len(family["us_awards"] or [])),
        family["first_us_date"] or "",
        _amount(family["canadian_value_cad"]),
        str(len(family["canadian_records"] or [])),
        family["first_ca_date"] or "",
        match.get("decision") or "",
        "" if match.get("score") is None else f"{match['score']:.4g}",
        match.get("explanation") or "",
        " | ".join(family["names"] or []),
    ]


def _amount(value: float | None) -> str:
    # Fixed two decimals: never scientific notation, which spreadsheets would misread.
    return "" if value is None else f"{value:.2f}"
