"""The parties of one export permit application, from a file: a CSV (the spreadsheet forms
of iceout/csvio.py: any header case, comma, semicolon or tab, UTF-8 or Windows-1252) with a
`name` column and optionally `role`, `address`, `country`; or JSON, a list of parties or
{"parties": [...]}, each {"role", "name", "address", "country"}."""

import json
import sys
from pathlib import Path

from iceout.csvio import decode, parse
from iceout.errors import InputError
from iceout.i18n import N_

FIELDS = ("role", "name", "address", "country")


def read_parties(path: str) -> list[dict[str, str]]:
    label = "standard input" if path == "-" else path
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise InputError(N_("%(path)s: no such file"), path=path) from exc
    except IsADirectoryError as exc:
        raise InputError(N_("%(path)s: is a directory, not a file"), path=path) from exc
    text, encoding = decode(data, label)
    if text.lstrip()[:1] in ("[", "{"):
        return _from_json(text, label)
    table = parse(text, label, encoding)
    columns = {"name": table.column("name")}
    columns |= {f: c for f in FIELDS if f != "name" and (c := table.find(f))}
    return table.keyed(columns)


def _from_json(text: str, label: str) -> list[dict[str, str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            N_("%(file)s: line %(line)s: not valid JSON (%(problem)s)"),
            file=label,
            line=exc.lineno,
            problem=exc.msg,
        ) from exc
    parties = data.get("parties") if isinstance(data, dict) else data
    if not isinstance(parties, list):
        raise InputError(
            N_('%(file)s: expected a list of parties or {"parties": [...]}'), file=label
        )
    rows = []
    for number, party in enumerate(parties, 1):
        if not isinstance(party, dict):
            raise InputError(
                N_("%(file)s: party %(number)s is not an object with a name"),
                file=label,
                number=number,
            )
        rows.append({f: str(party.get(f) or "") for f in FIELDS})
    return rows
