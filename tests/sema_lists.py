"""Canada's SEMA sanctions list written in each of the element names it has had, from the real
records of ../shared/data (nothing invented: only the element names change).

- `real_2020(shared)`: the 1,369 records of sanctions/sema-lmes.xml (April 2020), with their
  aliases and titles.
- `real_2026(shared)`: the 5,690 records of sanctions/sema_2026-08-22.derived.csv (the list as of
  2026-08-22: entities, people and 731 ships with their build year and listing dates; the mirror
  it comes from drops aliases, titles and IMO numbers).
- `write_list(records, naming, path)`: the XML with the element names of "2020", "2025" (March
  2025: EntityOrShip, DateOfBirthOrShipBuildDate, TitleOrShipType, DateOfListing,
  ShipIMONumber) or "2026" (the bilingual names of 2026-08-24, issue 16).
"""

import csv
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape

SEMA_2020 = "sanctions/sema-lmes.xml"
SEMA_2026_CSV = "sanctions/sema_2026-08-22.derived.csv"

NAMINGS: dict[str, dict[str, str]] = {
    "2020": {
        "country": "Country",
        "last_name": "LastName",
        "given_name": "GivenName",
        "entity": "Entity",
        "aliases": "Aliases",
        "title": "Title",
        "born": "DateOfBirth",
        "schedule": "Schedule",
        "item": "Item",
    },
    "2025": {
        "country": "Country",
        "last_name": "LastName",
        "given_name": "GivenName",
        "entity": "EntityOrShip",
        "title": "TitleOrShipType",
        "aliases": "Aliases",
        "born": "DateOfBirthOrShipBuildDate",
        "schedule": "Schedule",
        "item": "Item",
        "date_of_listing": "DateOfListing",
        "imo_number": "ShipIMONumber",
    },
    "2026": {
        "country": "Country-Pays",
        "last_name": "LastName-NomDeFamille",
        "given_name": "GivenName-Prenom",
        "entity": "EntityOrShip-EntiteOuNavire",
        "title": "TitleOrShipType-TitreOuTypeDeNavire",
        "aliases": "Aliases-Alias",
        "born": "DateOfBirthOrShipBuildDate-DateDeNaissanceOuDateDeConstructionDuNavire",
        "schedule": "Schedule-Annexe",
        "item": "Item-NumeroDarticle",
        "date_of_listing": "DateOfListing-DateDinscription",
        "imo_number": "ShipIMONumber-NumeroOMIDuNavire",
    },
}
_FROM_2020 = {element: meaning for meaning, element in NAMINGS["2020"].items()}
_FROM_CSV = {
    "country": "country",
    "last_name": "last_name",
    "given_name": "given_name",
    "entity_or_ship": "entity",
    "date_of_birth_or_ship_build_date": "born",
    "schedule": "schedule",
    "item": "item",
    "date_of_listing": "date_of_listing",
}


def real_2020(shared: Path) -> list[dict[str, str]]:
    """{meaning: text} of every record, as published (the trusted file: plain ElementTree)."""
    root = ET.parse(shared / SEMA_2020).getroot()
    return [{_FROM_2020[field.tag]: field.text or "" for field in record} for record in root]


def real_2026(shared: Path) -> list[dict[str, str]]:
    with (shared / SEMA_2026_CSV).open(encoding="utf-8-sig", newline="") as handle:
        return [
            {meaning: row[column] for column, meaning in _FROM_CSV.items() if row[column]}
            for row in csv.DictReader(handle)
        ]


def write_list(records: list[dict[str, str]], naming: str, path: Path) -> Path:
    names = NAMINGS[naming]
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', "<data-set>"]
    for record in records:
        lines.append("\t<record>")
        for meaning, text in record.items():
            if meaning in names:
                lines.append(f"\t\t<{names[meaning]}>{escape(text)}</{names[meaning]}>")
        lines.append("\t</record>")
    lines.append("</data-set>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
