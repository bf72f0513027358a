"""Public Accounts of Canada, Volume III: Section 3 payees (professional and special services)
and Section 6 recipients (transfer payments), read from the official PDFs and reconciled class
by class against the totals they print (the CSV layouts of the same lines are in
public_accounts_csv.py).

A class whose lines do not add up to its printed total is quarantined whole: its lines go to
src_quarantine with the page and the difference, never to src_ca_records.
"""

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from iceout.db import insert_rows
from iceout.i18n import N_
from iceout.i18n.message import Message, Money
from iceout.sources import pa_parse, pdftext
from iceout.sources.layout import Record, RowError, key

TABLE = "src_ca_records"
LAYOUTS_BY_SECTION = {"s3": "public_accounts_s3", "s6": "public_accounts_s6"}
KINDS = {"s3": "payment", "s6": "transfer"}
# A line's description, by section; shown in the reader's language (report/html.py STORED).
DESCRIPTIONS = {
    "s3": N_("service class: %(program)s"),
    "s6": N_("transfer payment program: %(program)s"),
}
PRINTED_DESCRIPTIONS = {  # a line of the bundled demo, which names its PDF
    "s3": N_("service class: %(program)s (from %(pdf)s)"),
    "s6": N_("transfer payment program: %(program)s (from %(pdf)s)"),
}

_PROVINCE = (
    r"(Ont|Que|Qc|BC|B\.C\.|Alta|Sask|Man|NB|N\.B\.|NS|N\.S\.|PEI|P\.E\.I\.|NL|Nfld|NWT|N\.W\.T\."
    r"|Yk|Yukon|Nunavut|Nvt)"
)
_OLD_LOCATION = re.compile(rf"^(.+?)\s+(\S+\s+{_PROVINCE}\.?)$")


@dataclass
class Reading:
    """A Public Accounts PDF read and reconciled."""

    path: Path
    document: pa_parse.Document

    @property
    def layout(self) -> str:
        return LAYOUTS_BY_SECTION[self.document.section]

    def summary(self) -> Message:
        """The file's reconciliation, class by class, in the reader's language."""
        classes = [c for c in self.document.classes if c.status != "listed_elsewhere"]
        good = [c for c in classes if c.reconciled]
        line = Message(
            "FY%(year)s: %(good)s/%(classes)s classes reconciled, %(reconciled)s of %(printed)s",
            year=self.document.fiscal_year,
            good=len(good),
            classes=len(classes),
            reconciled=Money(sum(c.printed_total for c in good), "C$"),
            printed=Money(sum(c.printed_total for c in classes), "C$"),
        )
        elsewhere = [c for c in self.document.classes if c.status == "listed_elsewhere"]
        if not elsewhere:
            return line
        return Message(
            "%(line)s; %(count)s more list their recipients in an appendix, not in this file "
            "(%(total)s, stored as class totals)",
            line=line,
            count=len(elsewhere),
            total=Money(sum(c.printed_total for c in elsewhere), "C$"),
        )


def read(path: Path, sha256: str, cache: Path) -> Reading | None:
    """The PDF read as Section 3 or 6, or None when it is some other PDF."""
    texts = pdftext.cached_page_texts(path, sha256, cache)
    opening = "\n".join(texts[:4])
    section = pa_parse.section_of(opening)
    year = pa_parse.fiscal_year(opening)
    if section is None or year is None:
        return None
    known = pa_parse.S3_CLASSES if section == "s3" else frozenset()
    items = pa_parse.items(pdftext.lines(texts))
    return Reading(path, pa_parse.Document(section, year, pa_parse.classes(items, known)))


def split_payee(printed: str) -> tuple[str, str | None]:
    """'GardaWorld Security Corporation, Montréal, Quebec' -> name and 'Montréal, Quebec';
    older years print no commas: 'Jim Pattison Industries Ltd Edmundston NB' (a one-word
    city is assumed there, so a longer city name stays partly in the payee name)."""
    parts = [p.strip() for p in printed.split(",") if p.strip()]
    if len(parts) >= 3:
        return ", ".join(parts[:-2]), f"{parts[-2]}, {parts[-1]}"
    if len(parts) == 2:
        return parts[0], parts[1]
    if match := _OLD_LOCATION.match(printed):
        return match.group(1), match.group(2)
    return printed, None


def record_key(kind: str, year: str, department: str, program: str, printed: str, value: float,
               occurrence: int = 1) -> str:  # fmt: skip
    """Layout-free identity of a payee line: the PDF and the open-data CSV give the same values
    (the CSV's PRJCT_EN_DESC is the payee and location as printed)."""
    parts: list[object] = [kind, year, _norm(department), _norm(program), _norm(printed), value]
    if occurrence > 1:  # the same payee printed twice in one class
        parts.append(occurrence)
    return key(*parts)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().upper()


def iter_records(reading: Reading) -> Iterator[tuple[int, Record | RowError]]:
    doc = reading.document
    kind = KINDS[doc.section]
    for cls in doc.classes:
        if cls.status == "quarantined":
            yield from _quarantined(cls)
        if cls.status != "reconciled":
            continue
        seen: Counter[str] = Counter()
        for entry in cls.entries:
            if entry.aggregate:
                continue
            identity = _norm(entry.text)
            seen[identity] += 1
            vendor, location = split_payee(entry.text)
            yield (
                entry.number,
                {
                    "record_key": record_key(
                        kind,
                        doc.fiscal_year,
                        cls.department,
                        cls.program,
                        entry.text,
                        entry.value,
                        seen[identity],
                    ),  # fmt: skip
                    "kind": kind,
                    "vendor_name": vendor,
                    "location": location,
                    "department": cls.department,
                    "program": cls.program,
                    "fiscal_year": doc.fiscal_year,
                    "value_cad": entry.value,
                    "source_page": entry.page,
                    "description": DESCRIPTIONS[doc.section] % {"program": cls.program},
                },
            )


def _quarantined(cls: pa_parse.PaClass) -> Iterator[tuple[int, RowError]]:
    difference = cls.printed_total - cls.lines_total
    for entry in cls.entries:
        error = RowError(
            f"page {entry.page}: class '{cls.program}' of '{cls.department}' does not reconcile: "
            f"printed total {cls.printed_total:,}, lines {cls.lines_total:,}, "
            f"difference {difference:,}"
        )
        error.raw = entry.text  # type: ignore[attr-defined]
        yield entry.number, error


def store_classes(con: duckdb.DuckDBPyConnection, reading: Reading,
                  provenance: dict[str, Any]) -> None:  # fmt: skip
    """The aggregate lines of reconciled classes, and every class's reconciliation."""
    doc = reading.document
    common = {
        "source_file": provenance["source_file"],
        "source_sha256": provenance["source_sha256"],
        "ingested_at": provenance["ingested_at"],
        "section": doc.section,
        "fiscal_year": doc.fiscal_year,
    }
    seen: Counter[str] = Counter()
    aggregates = []
    for cls in doc.classes:
        for entry in _aggregates(cls):
            if entry.aggregate:
                row = _aggregate(doc, cls, entry)
                seen[row["record_key"]] += 1
                if seen[row["record_key"]] > 1:  # printed twice in one class
                    row["record_key"] += f"|{seen[row['record_key']]}"
                aggregates.append({**common, **row})
    classes = [{**common, **_class_row(cls)} for cls in doc.classes]
    insert_rows(con, "src_ca_aggregates", aggregates, "WHERE NOT EXISTS (SELECT 1 FROM "
                "src_ca_aggregates AS t WHERE t.record_key = s.record_key)")  # fmt: skip
    insert_rows(con, "src_pa_classes", classes)


def _aggregates(cls: pa_parse.PaClass) -> list[pa_parse.Entry]:
    """The lines of a reconciled class; for a class whose recipients an appendix lists, its
    printed total as one aggregate line, so that what is stored still adds up to the PDF."""
    if cls.status == "listed_elsewhere":
        label = f"{cls.program}: recipients listed in an appendix, not in this section"
        return [pa_parse.Entry(label, cls.printed_total, cls.page, cls.number, aggregate=True)]
    return cls.entries if cls.status == "reconciled" else []


def _aggregate(doc: pa_parse.Document, cls: pa_parse.PaClass, entry: pa_parse.Entry) -> Record:
    return {
        "record_key": key(
            "pa-aggregate",
            doc.section,
            doc.fiscal_year,
            _norm(cls.department),
            _norm(cls.program),
            _norm(entry.text),
        ),  # fmt: skip
        "department": cls.department,
        "program": cls.program,
        "label": entry.text,
        "n_payees": entry.n_payees,
        "value_cad": entry.value,
        "source_page": entry.page,
    }


def _class_row(cls: pa_parse.PaClass) -> Record:
    return {
        "department": cls.department,
        "program": cls.program,
        "printed_total": cls.printed_total,
        "lines_total": cls.lines_total,
        "difference": cls.printed_total - cls.lines_total,
        "status": cls.status,
        "source_page": cls.page,
    }
