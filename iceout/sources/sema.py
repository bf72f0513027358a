"""Canada's Consolidated Autonomous Sanctions List (Special Economic Measures Act), XML."""

import xml.parsers.expat
from collections.abc import Iterator
from pathlib import Path

from iceout.errors import UnreadableFileError
from iceout.normalize.names import clean_text
from iceout.sources.layout import Record, RowError, key

LAYOUT = "sema_xml"
TABLE = "src_sanctions"


def is_sema(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise UnreadableFileError(str(path), f"cannot be read: {exc.strerror or exc}") from exc
    return b"<data-set" in head and b"<record" in head


def _element_records(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line of <record>, {tag: text}) for each record, streaming."""
    parser = xml.parsers.expat.ParserCreate("UTF-8")
    done: list[tuple[int, dict[str, str]]] = []
    state: dict = {"fields": None, "tag": None, "line": 0}

    def start(tag: str, _attrs: dict) -> None:
        if tag == "record":
            state.update(fields={}, line=parser.CurrentLineNumber)
        elif state["fields"] is not None:
            state["tag"] = tag

    def end(tag: str) -> None:
        if tag == "record":
            done.append((state["line"], state["fields"]))
            state["fields"] = None
        state["tag"] = None

    def text(data: str) -> None:
        if state["fields"] is not None and state["tag"]:
            fields = state["fields"]
            fields[state["tag"]] = fields.get(state["tag"], "") + data

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 16), b""):
                parser.Parse(block, False)
                yield from done
                done.clear()
            parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as exc:
        raise UnreadableFileError(str(path), f"broken XML at line {exc.lineno}: {exc}") from exc
    yield from done


def to_record(fields: dict[str, str]) -> Record:
    entity = clean_text(fields.get("Entity"))
    person = " ".join(
        part
        for part in (clean_text(fields.get("GivenName")), clean_text(fields.get("LastName")))
        if part
    )
    name = entity or person
    if not name:
        raise RowError("record has neither Entity nor LastName/GivenName")
    aliases = [a for a in (clean_text(x) for x in (fields.get("Aliases") or "").split(",")) if a]
    rec: Record = {
        "kind": "entity" if entity else "person",
        "name": name,
        "aliases": aliases,
        "country": clean_text(fields.get("Country")),
        "schedule": clean_text(fields.get("Schedule")),
        "item": clean_text(fields.get("Item")),
        "date_of_birth": clean_text(fields.get("DateOfBirth")),
    }
    rec["record_key"] = key("sema", rec["country"], rec["schedule"], rec["item"], name.upper())
    return rec


def iter_records(path: Path) -> Iterator[tuple[int, Record | RowError]]:
    for line, fields in _element_records(path):
        try:
            yield line, to_record(fields)
        except RowError as exc:
            yield line, exc
