"""Canada's Consolidated Autonomous Sanctions List (Special Economic Measures Act), XML.

Global Affairs Canada has renamed the list's elements twice: in March 2025 `Entity` became
`EntityOrShip` and `DateOfBirth` became `DateOfBirthOrShipBuildDate` (ships were added, with
`ShipIMONumber`, `TitleOrShipType` and `DateOfListing`), and on 2026-08-24 every element took a
bilingual name (`GivenName-Prenom`, `EntityOrShip-EntiteOuNavire`, ...). The list is therefore
read by meaning: `ELEMENTS` maps every name an element has had to what it means, and a file
whose elements are not all known, or whose records mostly cannot be read, is refused whole
(`SemaFormatError`), since a renamed element would otherwise drop names or aliases silently.

The XML is parsed by defusedxml's expat reader (no DTD, no entities, no external references:
a nested-entity bomb fails at its first declaration) and text is gathered in lists joined once,
so reading takes time linear in the file's size.
"""

import xml.sax
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

from defusedxml import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml.expatreader import DefusedExpatParser

from iceout.errors import UnreadableFileError
from iceout.i18n import N_
from iceout.normalize.names import clean_text
from iceout.sources.layout import Layout, Record, Row, RowError, key

LAYOUT = "sema_xml"
TABLE = "src_sanctions"
BLOCK = 1 << 16

# Every name each element has had, 2020, March 2025 and 2026-08-24, and what it means.
# Extend it when the list renames an element; a name not here stops the file with its name.
ELEMENTS = {
    name.lower(): meaning
    for meaning, names in {
        "country": ("Country", "Country-Pays"),
        "last_name": ("LastName", "LastName-NomDeFamille"),
        "given_name": ("GivenName", "GivenName-Prenom"),
        "entity": ("Entity", "EntityOrShip", "EntityOrShip-EntiteOuNavire"),
        "aliases": ("Aliases", "Aliases-Alias"),
        "title": (
            "Title",
            "TitleOrShip",
            "TitleOrShipType",
            "TitleOrShipType-TitreOuTypeDeNavire",
        ),
        "schedule": ("Schedule", "Schedule-Annexe"),
        "item": ("Item", "Item-NumeroDarticle"),
        "date_of_listing": ("DateOfListing", "DateOfListing-DateDinscription"),
        "imo_number": ("ShipIMONumber", "ShipIMONumber-NumeroOMIDuNavire"),
        "born": (
            "DateOfBirth",
            "DateOfBirthOrShipBuildDate",
            "DateOfBirthOrShipBuildDate-DateDeNaissanceOuDateDeConstructionDuNavire",
        ),
    }.items()
    for name in names
}


REFUSED = {
    DTDForbidden: "declares a document type (<!DOCTYPE ...>)",
    EntitiesForbidden: "declares entities",
    ExternalReferenceForbidden: "refers to an external entity",
}


class SemaFormatError(UnreadableFileError):
    """A well-formed file that is not a list we can read whole: refused, nothing stored."""


def meaning(element: str) -> str | None:
    """What an element holds, by its full name or, failing that, its English half."""
    name = element.rsplit(":", 1)[-1].lower()
    return ELEMENTS.get(name) or ELEMENTS.get(name.split("-", 1)[0])


def is_sema(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise UnreadableFileError(
            str(path), N_("cannot be read: %(reason)s"), reason=str(exc.strerror or exc)
        ) from exc
    return b"<data-set" in head and b"<record" in head


class _Records(xml.sax.handler.ContentHandler):
    """Collects each <record> as {element: text}, with the line it starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.done: list[tuple[int, dict[str, str]]] = []
        self.elements: Counter[str] = Counter()  # every element name met inside records
        self.first_line: dict[str, int] = {}
        self.outside: Counter[str] = Counter()  # elements under the root that are not records
        self.locator: xml.sax.xmlreader.Locator | None = None
        self.depth = 0
        self.line = 0
        self.fields: dict[str, list[str]] | None = None
        self.field: str | None = None
        self.parts: list[str] = []

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:  # noqa: N802
        self.locator = locator

    def line_now(self) -> int:
        return (self.locator.getLineNumber() or 0) if self.locator else 0

    def startElement(self, name: str, attrs: object) -> None:  # noqa: N802 (the SAX API)
        self.depth += 1
        if self.depth == 2 and name == "record":
            self.fields, self.line = {}, self.line_now()
        elif self.depth == 2:
            self.outside[name] += 1
        elif self.fields is not None:
            self.elements[name] += 1
            self.first_line.setdefault(name, self.line_now())
            if self.depth == 3:
                self.field, self.parts = name, []

    def endElement(self, name: str) -> None:  # noqa: N802
        if self.depth == 3 and self.fields is not None and self.field is not None:
            self.fields.setdefault(self.field, []).append("".join(self.parts))
            self.field = None
        elif self.depth == 2 and self.fields is not None:
            self.done.append((self.line, {k: ", ".join(v) for k, v in self.fields.items()}))
            self.fields = None
        self.depth -= 1

    def characters(self, content: str) -> None:
        if self.field is not None:
            self.parts.append(content)  # joined once at the element's end: linear


def _parse(path: Path, handler: _Records) -> Iterator[tuple[int, dict[str, str]]]:
    """(line of <record>, {element: text}) for each record, streaming."""
    parser = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setContentHandler(handler)
    handler.setDocumentLocator(parser)  # feed() never hands the handler a locator itself
    try:
        with path.open("rb") as handle:
            yield from _feed(parser, handle, handler)
    except DefusedXmlException as exc:
        raise SemaFormatError(
            str(path),
            N_(
                "line %(line)s: refused: the XML %(holds)s; a sanctions list has none, and "
                "entities can expand a few bytes into gigabytes"
            ),
            line=handler.line_now(),
            holds=REFUSED.get(type(exc), "is unsafe"),
        ) from exc
    except xml.sax.SAXParseException as exc:
        raise UnreadableFileError(
            str(path),
            N_("broken XML at line %(line)s: %(problem)s"),
            line=exc.getLineNumber(),
            problem=exc.getMessage(),
        ) from exc


def _feed(
    parser: DefusedExpatParser, handle: IO[bytes], handler: _Records
) -> Iterator[tuple[int, dict[str, str]]]:
    for block in iter(lambda: handle.read(BLOCK), b""):
        parser.feed(block)
        yield from handler.done
        handler.done.clear()
    parser.close()
    yield from handler.done


def count_records(path: Path) -> int:
    """<record> elements of a well-formed file, whatever their elements mean."""
    return sum(1 for _ in _parse(path, _Records()))


def to_record(fields: dict[str, str]) -> Record:
    found = {meaning(name): clean_text(text) for name, text in fields.items()}
    entity = found.get("entity")
    person = " ".join(p for p in (found.get("given_name"), found.get("last_name")) if p)
    name = entity or person
    if not name:
        raise RowError("record has neither an entity or ship name nor LastName/GivenName")
    return sanction(
        name,
        kind=_kind(entity, found),
        aliases=[a for a in (clean_text(x) for x in (found.get("aliases") or "").split(",")) if a],
        values=found,
    )


def _kind(entity: str | None, found: Mapping[str | None, str | None]) -> str:
    # A ship is listed under EntityOrShip with an IMO number, a ship type or a build date; an
    # organisation has none of them.
    if not entity:
        return "person"
    ship = found.get("imo_number") or found.get("title") or found.get("born")
    return "vessel" if ship else "entity"


def sanction(name: str, kind: str, aliases: list[str], values: dict) -> Record:
    """One listed person, entity or vessel; the key is the same from the XML and the CSV."""
    vessel, born, title = kind == "vessel", values.get("born"), values.get("title")
    rec: Record = {
        "kind": kind,
        "name": name,
        "aliases": aliases,
        "country": values.get("country"),
        "schedule": values.get("schedule"),
        "item": values.get("item"),
        "date_of_birth": None if vessel else born,
        "title": None if vessel else title,
        "ship_type": title if vessel else None,
        "imo_number": values.get("imo_number"),
        "build_date": born if vessel else None,
        "date_of_listing": values.get("date_of_listing"),
    }
    rec["record_key"] = key("sema", rec["country"], rec["schedule"], rec["item"], name.upper())
    return rec


def iter_records(path: Path) -> Iterator[tuple[int, Record | RowError]]:
    """Every record, then a SemaFormatError if the file is not one we read whole."""
    handler = _Records()
    rejected = total = 0
    for line, fields in _parse(path, handler):
        total += 1
        try:
            yield line, to_record(fields)
        except RowError as exc:
            rejected += 1
            yield line, exc
    _judge(path, handler, total, rejected)


def _judge(path: Path, handler: _Records, total: int, rejected: int) -> None:
    unknown = sorted(name for name in handler.elements if meaning(name) is None)
    if unknown:
        listed = ", ".join(
            f"{n} ({handler.elements[n]:,} times, first at line {handler.first_line[n]})"
            for n in unknown
        )
        raise SemaFormatError(
            str(path),
            N_(
                "the list uses elements iceout does not know: %(listed)s. Nothing of it was "
                "stored; add their meaning to ELEMENTS in iceout/sources/sema.py"
            ),
            listed=listed,
        )
    if not total:
        found = ", ".join(sorted(handler.outside)) or "none"
        raise SemaFormatError(
            str(path), N_("no <record> in the list (elements found: %(found)s)"), found=found
        )
    if rejected * 2 > total:
        raise SemaFormatError(
            str(path),
            N_("%(rejected)s of %(total)s records have no name iceout can read: nothing stored"),
            rejected=f"{rejected:,}",
            total=f"{total:,}",
        )


def _mirror_record(row: Row) -> Record:
    """A row of the CSV of the same list (a public mirror; no aliases, titles or IMO numbers)."""
    values: dict[str | None, str | None] = {
        "country": row.text("country"),
        "schedule": row.text("schedule"),
        "item": row.text("item"),
        "born": row.text("date_of_birth_or_ship_build_date"),
        "date_of_listing": row.text("date_of_listing"),
    }
    entity = row.text("entity_or_ship")
    person = " ".join(p for p in (row.text("given_name"), row.text("last_name")) if p)
    if not (entity or person):
        raise RowError("row has neither entity_or_ship nor last_name/given_name")
    return sanction(entity or person, _kind(entity, values), [], values)


MIRROR_CSV = Layout(
    name="sema_mirror_csv",
    table=TABLE,
    required_columns=frozenset(
        {
            "country",
            "last_name",
            "given_name",
            "schedule",
            "item",
            "date_of_listing",
            "entity_or_ship",
            "date_of_birth_or_ship_build_date",
        }
    ),
    to_record=_mirror_record,
)
LAYOUTS = [MIRROR_CSV]
# The official XML's record replaces the mirror's record of the same entry (same key): it adds
# the aliases, titles and IMO numbers the mirror leaves out.
SUPERSEDES = {LAYOUT: frozenset({MIRROR_CSV.name})}
