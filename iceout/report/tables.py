"""The exposure report as flat tables (a header and rows of plain values), one per concept:
summary, families, US awards, Canadian records, links and coverage. The XLSX export writes one
sheet per table; every Canadian amount stays in a column of its own kind."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from iceout.domain import MoneyKind
from iceout.report.csv_out import COLUMNS as FAMILY_COLUMNS
from iceout.report.csv_out import KIND_COLUMNS, family_row
from iceout.report.records import Exposure, FamilyExposure

Value = str | float | int | None
NUMERIC = {
    "us_obligations_usd",
    "us_awards",
    "headline_cad",
    *KIND_COLUMNS,
    "canadian_records",
    "score",
}


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[Value, ...]]


def all_families(exposure: Exposure) -> Iterator[tuple[FamilyExposure, str]]:
    """Every family with its status: ranked, then those listed apart."""
    for family in exposure.families:
        yield family, "ranked"
    for family in exposure.no_obligations:
        yield family, family.us_note or "no obligations in the data"


def tables(exposure: Exposure) -> list[Table]:
    return [
        summary(exposure),
        families(exposure),
        us_awards(exposure),
        canadian_records(exposure),
        links(exposure),
        coverage(exposure),
    ]


def summary(exposure: Exposure) -> Table:
    s = exposure.summary
    policy = exposure.policy
    rows: list[tuple[Value, ...]] = [
        ("generated at", exposure.generated_at, None),
        ("scope", policy.get("scope"), ", ".join(policy.get("components") or [])),
        ("US awards from", policy.get("date_from"), None),
        ("US awards to", policy.get("date_to"), None),
        ("demo data", "yes" if exposure.demo else "no", None),
        ("families with money on both sides", s.families, None),
        ("families with no US obligations (listed apart)", s.families_without_obligations, None),
        ("US obligations (USD)", s.us_obligations_usd, None),
        ("US awards", s.us_awards, None),
        ("Canadian records", s.canadian_records, None),
        ("Canadian records awaiting review (not counted)", s.records_in_review, None),
    ]
    # One line per kind: kinds can be the same dollars seen twice, so no grand total.
    for total in s.canadian:
        rows.append((f"Canada, {total.label} (CAD)", total.value_cad, total.records))
    if exposure.coverage:
        rows.append(("coverage", exposure.coverage.statement, None))
    return Table("summary", ("item", "value", "records"), rows)


def families(exposure: Exposure) -> Table:
    rows = [
        tuple(
            _number(v) if c in NUMERIC else v
            for c, v in zip(FAMILY_COLUMNS, family_row(f, s), strict=True)
        )
        for f, s in all_families(exposure)
    ]
    return Table("families", FAMILY_COLUMNS, rows)


def us_awards(exposure: Exposure) -> Table:
    columns = (
        "family_id",
        "award_id",
        "recipient_name",
        "agency",
        "sub_agency",
        "component",
        "amount_usd",
        "amount_basis",
        "first_date",
        "action_date",
        "counted",
        "count_note",
        "description",
        "url",
        "source",
    )
    rows = [
        (
            f.family_id,
            a.award_id,
            a.recipient_name,
            a.agency,
            a.sub_agency,
            a.component,
            a.amount_usd,
            a.amount_basis,
            a.first_date,
            a.action_date,
            "yes" if a.counted else "no",
            a.count_note,
            a.description,
            a.url,
            a.source,
        )
        for f, _ in all_families(exposure)
        for a in f.us_awards
    ]
    return Table("US awards", columns, rows)


def canadian_records(exposure: Exposure) -> Table:
    columns = (
        "family_id",
        "vendor_name",
        "kind",
        "kind_label",
        "fiscal_year",
        "date",
        "department",
        "program",
        "value_cad",
        "reference",
        "description",
        "location",
        "source",
        "url",
        "url_is_search",
        "count_basis",
        "coverage_note",
    )
    rows = [
        (
            f.family_id,
            r.vendor_name,
            r.kind,
            _kind_label(r.kind),
            r.fiscal_year,
            r.date,
            r.department,
            r.program,
            r.value_cad,
            r.reference,
            r.description,
            r.location,
            r.source,
            r.url,
            "yes" if r.url_is_search else "no",
            r.count_basis,
            r.coverage_note,
        )
        for f, _ in all_families(exposure)
        for r in f.canadian_records
    ]
    return Table("Canadian records", columns, rows)


def links(exposure: Exposure) -> Table:
    """Why each Canadian spelling belongs to its family, and the spellings awaiting review."""
    columns = ("family_id", "family", "name", "decision", "score", "records", "explanation")
    rows: list[tuple[Value, ...]] = []
    for family, _ in all_families(exposure):
        spellings: dict[str, list] = {}
        for r in family.canadian_records:
            spellings.setdefault(r.vendor_name, []).append(r)
        for name, records in sorted(spellings.items()):
            match = records[0].match
            decision = match.decision.value if match.decision else None
            rows.append(
                (
                    family.family_id,
                    family.family,
                    name,
                    decision,
                    match.score,
                    len(records),
                    match.explanation,
                )
            )
    for entry in exposure.review:
        rows.append(
            (
                entry.family_id,
                entry.family,
                entry.name,
                "review",
                entry.score,
                entry.records,
                entry.explanation,
            )
        )
    return Table("links", columns, rows)


def coverage(exposure: Exposure) -> Table:
    columns = (
        "country",
        "source",
        "kind",
        "label",
        "fiscal_years",
        "first_date",
        "last_date",
        "departments",
        "rows",
        "records",
        "note",
    )
    rows: list[tuple[Value, ...]] = []
    if exposure.coverage:
        for country, entries in (
            ("Canada", exposure.coverage.canada),
            ("US", exposure.coverage.us),
        ):
            for e in entries:
                rows.append(
                    (
                        country,
                        e.source,
                        e.kind,
                        e.label,
                        ", ".join(e.fiscal_years),
                        e.first_date,
                        e.last_date,
                        e.departments,
                        e.rows,
                        e.records,
                        e.note,
                    )
                )
    return Table("coverage", columns, rows)


def _kind_label(kind: str | None) -> str:
    return MoneyKind(kind or MoneyKind.CONTRACT).label


def _number(text: str) -> Value:
    """An amount or count of the families CSV back to a number; blank stays empty."""
    if not text:
        return None
    return float(text) if "." in text or "e" in text else int(text)
