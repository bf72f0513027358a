"""The exposure report as a spreadsheet: one row per corporate family, ranked as in the HTML,
then the families listed apart (no US obligations in the data)."""

from pathlib import Path

from iceout.domain import MoneyKind
from iceout.report.records import Exposure, FamilyExposure
from iceout.sheets import SheetWriter

# Kinds of Canadian money each have their own column and are never added together.
KIND_COLUMNS = tuple(f"canadian_{kind.value}_cad" for kind in MoneyKind)

COLUMNS = (
    "family_id",
    "family",
    "country",
    "status",
    "us_obligations_usd",
    "us_awards",
    "first_us_date",
    "headline_kind",
    "headline_fiscal_year",
    "headline_cad",
    *KIND_COLUMNS,
    "canadian_records",
    "first_ca_date",
    "decision",
    "score",
    "explanation",
    "names",
)


def write_csv(exposure: Exposure, path: Path) -> None:
    """Write one row per family to `path`; empty cells where a value is unknown. UTF-8 with a
    byte order mark, without which Excel reads the file as Windows-1252 and garbles accents;
    every cell through the one spreadsheet writer (iceout/sheets.py)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = SheetWriter(handle)
        writer.writerow(COLUMNS)
        for family in exposure.families:
            writer.writerow(family_row(family, "ranked"))
        for family in exposure.no_obligations:
            status = family.us_note or "no obligations in the data"
            writer.writerow(family_row(family, status))


def family_row(family: FamilyExposure, status: str) -> list[str]:
    match = family.match
    by_kind = {total.kind: total.value_cad for total in family.canadian}
    head = family.headline
    return [
        family.family_id,
        family.family,
        family.country or "",
        status,
        _amount(family.us_obligations_usd),
        str(len(family.us_awards)),
        family.first_us_date or "",
        head.kind if head else "",
        (head.fiscal_year or "") if head else "",
        _amount(head.value_cad) if head else "",
        *(_amount(by_kind.get(kind.value)) for kind in MoneyKind),
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
