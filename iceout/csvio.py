"""CSV in and out for the commands: '-' is stdin/stdout. Files come from spreadsheets as users
save them: any header case, comma, semicolon or tab, UTF-8 with or without a BOM or
Windows-1252 (Excel's "CSV" on a French or English Windows). Every problem names the line."""

import csv
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from iceout.errors import InputError, UnreadableFileError
from iceout.i18n import N_
from iceout.i18n.message import Message
from iceout.sheets import SheetDictWriter

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
# Windows-1252 leaves five bytes undefined: a file holding them is neither encoding.
ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"))


@dataclass(frozen=True)
class Table:
    """A read spreadsheet: its columns as spelt in the file and its rows keyed by them."""

    label: str
    columns: list[str]
    rows: list[dict[str, str]]
    encoding: str = "UTF-8"
    delimiter: str = ","
    lines: list[int] = field(default_factory=list)  # the line each row starts on

    def find(self, wanted: str) -> str | None:
        """The file's spelling of a column, whatever its case and surrounding spaces."""
        if wanted in self.columns:
            return wanted
        key = wanted.strip().casefold()
        return next((c for c in self.columns if c.strip().casefold() == key), None)

    def column(self, wanted: str, hint: "str | Message" = "") -> str:
        found = self.find(wanted)
        if found is None:
            raise InputError(
                N_("%(file)s: line 1: missing column(s) %(wanted)s (found: %(found)s)%(hint)s"),
                file=self.label,
                wanted=wanted,
                found=", ".join(self.columns) or Message("nothing"),
                hint=hint,
            )
        return found

    def keyed(self, columns: dict[str, str]) -> list[dict[str, str]]:
        """Rows keyed by our names for the file's columns ({ours: theirs})."""
        return [
            {ours: row.get(theirs) or "" for ours, theirs in columns.items()} for row in self.rows
        ]


def decode(data: bytes, label: str) -> tuple[str, str]:
    """(text, encoding name) of a file's bytes."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFileError(label, N_("is an Excel workbook, not CSV: save it as CSV first"))
    for codec, name in ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            problem = exc
            continue
        if "\x00" in text:
            line = text.count("\n", 0, text.index("\x00")) + 1
            raise UnreadableFileError(
                label, N_("line %(line)s: not a text file (NUL byte)"), line=line
            )
        return text, name
    line = data.count(b"\n", 0, problem.start) + 1
    raise UnreadableFileError(
        label,
        N_(
            "line %(line)s: neither UTF-8 nor Windows-1252 text (byte 0x%(byte)s); "
            "save it as 'CSV UTF-8'"
        ),
        line=line,
        byte=f"{data[problem.start]:02x}",
    )


def delimiter(header: str) -> str:
    """The separator the header line uses most: comma, semicolon or tab (comma for one column)."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def parse(text: str, label: str, encoding: str = "UTF-8") -> Table:
    """The header and rows of a CSV text; a ragged or malformed line is named."""
    sep = delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    start = 1  # the line where the row being read begins
    try:
        columns = [c.strip() for c in next(reader, [])]
        if not any(columns):
            raise InputError(
                N_("%(file)s: line 1: no header (the first line names the columns)"), file=label
            )
        rows, lines = [], []
        start = reader.line_num + 1
        for values in reader:
            if values:
                rows.append(_row(columns, values, label, start))
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        if "end of data" in str(exc):
            raise InputError(
                N_("%(file)s: line %(line)s: a quote opened here is never closed"),
                file=label,
                line=start,
            ) from exc
        raise InputError(
            N_("%(file)s: line %(line)s: %(problem)s"), file=label, line=start, problem=str(exc)
        ) from exc
    return Table(label, columns, rows, encoding, sep, lines)


def _row(columns: list[str], values: list[str], label: str, line: int) -> dict[str, str]:
    if len(values) > len(columns) and any(v.strip() for v in values[len(columns) :]):
        raise InputError(
            N_(
                "%(file)s: line %(line)s: %(values)s values for %(columns)s columns "
                "(a separator inside a name needs quotes)"
            ),
            file=label,
            line=line,
            values=len(values),
            columns=len(columns),
        )
    return {c: (values[i] if i < len(values) else "") for i, c in enumerate(columns)}


def read_table(path: str) -> Table:
    """A CSV file (or '-', standard input) as a Table."""
    label = "standard input" if path == "-" else path
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError as exc:
            raise InputError(N_("%(path)s: no such file"), path=path) from exc
        except IsADirectoryError as exc:
            raise InputError(N_("%(path)s: is a directory, not a file"), path=path) from exc
    text, encoding = decode(data, label)
    return parse(text, label, encoding)


def read_rows(path: str, required: tuple[str, ...]) -> tuple[list[str], list[dict[str, str]]]:
    """(columns, rows) of a CSV with a header; every required column must be present (in any
    case) and is also given under its own name in each row."""
    table = read_table(path)
    found = {name: table.column(name) for name in required}
    return table.columns, [
        {**row, **ours} for row, ours in zip(table.rows, table.keyed(found), strict=True)
    ]


@contextmanager
def _open_out(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
        return
    try:
        with Path(path).open("w", encoding="utf-8", newline="") as handle:
            yield handle
    except FileNotFoundError as exc:
        raise InputError(N_("%(path)s: its folder does not exist"), path=path) from exc


def write_rows(path: str, columns: list[str], rows: list[dict[str, str]]) -> None:
    with _open_out(path) as handle:
        writer = SheetDictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        handle.flush()
