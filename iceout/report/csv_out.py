"""The exposure report as a spreadsheet: one row per corporate family, ranked as in the HTML."""

from pathlib import Path

from iceout.report.records import Exposure, FamilyExposure
from iceout.sheets import SheetWriter

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


def write_csv(exposure: Exposure, path: Path) -> None:
    """Write one row per family to `path` (UTF-8); empty cells where a value is unknown."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = SheetWriter(handle)
        writer.writerow(COLUMNS)
        for family in exposure.families:
            writer.writerow(family_row(family))


def family_row(family: FamilyExposure) -> list[str]:
    match = family.match
    return [
        family.family_id,
        family.family,
        family.country or "",
        _amount(family.us_obligations_usd),
        str(len(family.us_awards)),
        family.first_us_date or "",
        _amount(family.canadian_value_cad),
        str(len(family.canadian_records)),
        family.first_ca_date or "",
        match.decision.value,
        "" if match.score is None else f"{match.score:.4g}",
        match.explanation or "",
        " | ".join(family.names),
    ]


def _amount(value: float | None) -> str:
    # Fixed two decimals: never scientific notation, which spreadsheets would misread.
    return "" if value is None else f"{value:.2f}"
