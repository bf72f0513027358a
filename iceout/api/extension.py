"""The data extension service of the reconciliation API: once a column is reconciled,
OpenRefine can add columns with what each family holds (ICE/DHS awards, U.S. obligations,
Canadian records, identifiers). Also the list of properties the service understands: the
identifiers it matches on and the columns it can add."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from iceout.api.entities import FamilyEntity, watchlist
from iceout.api.models import (
    ExtendColumn,
    ExtendQuery,
    ExtendResponse,
    PropertyProposal,
    PropertySetting,
    ReconPropertyOut,
)
from iceout.api.reconciliation import KINDS
from iceout.api.store import Store
from iceout.domain import MoneyKind

Value = dict[str, Any]


@dataclass(frozen=True)
class Column:
    id: str
    name: str
    description: str
    values: Callable[[FamilyEntity, str], list[Value]]


def _kind_column(kind: MoneyKind) -> "Column":
    def values(entity: FamilyEntity, _: str) -> list[Value]:
        return _number(entity.family.canadian_by_kind.get(kind.value), "float")

    return Column(
        f"canadian_{kind.value}_cad",
        f"Canada: {kind.label} (CAD)",
        "Total of this kind only: kinds of money are never added together",
        values,
    )


def _text(values: Sequence[str | None]) -> list[Value]:
    return [{"str": v} for v in values if v]


def _number(value: float | int | None, kind: str) -> list[Value]:
    return [] if value is None else [{kind: value}]


def _date(value: date | None) -> list[Value]:
    return [] if value is None else [{"date": f"{value.isoformat()}T00:00:00Z"}]


COLUMNS = [
    Column("name", "Name", "The family's name", lambda e, _: _text([e.family.name])),
    Column("alias", "Other names", "Names of its members and aliases",
           lambda e, _: _text(e.properties.get("alias", []))),
    Column("country", "Country", "ISO code", lambda e, _: _text([e.family.country])),
    Column("uei", "UEI", "Unique Entity IDs of its U.S. recipients",
           lambda e, _: _text(e.properties.get("uniqueEntityId", []))),
    Column("duns", "DUNS", "DUNS numbers of its U.S. recipients",
           lambda e, _: _text(e.properties.get("dunsCode", []))),
    Column("us_awards", "ICE/DHS awards", "In-scope ICE/DHS awards",
           lambda e, _: _number(e.family.us_awards, "int")),
    Column("us_obligations_usd", "US obligations (USD)", "Sum of those awards",
           lambda e, _: _number(e.family.us_obligations_usd, "float")),
    Column("components", "DHS components", "ICE, CBP, ...",
           lambda e, _: _text(list(e.family.components))),
    Column("first_us_date", "First ICE/DHS award", "Date of the earliest in-scope award",
           lambda e, _: _date(e.family.first_us_date)),
    Column("canadian_records", "Canadian records", "Canadian federal contracts and grants linked",
           lambda e, _: _number(e.family.canadian_records, "int")),
    *(_kind_column(kind) for kind in MoneyKind),
    Column("first_ca_date", "First Canadian record", "Date of the earliest linked record",
           lambda e, _: _date(e.family.first_ca_date)),
    Column("dossier", "Dossier", "The family's page on this service, with every record",
           lambda e, base: _text([f"{base}/families/{e.id}"])),
]  # fmt: skip
BY_ID = {c.id: c for c in COLUMNS}
MATCHING = [
    ReconPropertyOut(id="id", name="Identifier", description="A UEI, DUNS or Business Number: settles a match"),
    ReconPropertyOut(id="uei", name="UEI", description="U.S. Unique Entity ID: settles a match"),
    ReconPropertyOut(id="duns", name="DUNS", description="DUNS number: settles a match"),
    ReconPropertyOut(id="business_number", name="Business Number", description="Canadian BN: settles a match"),
]  # fmt: skip
PROPERTIES = MATCHING + [
    ReconPropertyOut(id=c.id, name=c.name, description=c.description)
    for c in COLUMNS
    if c.id not in {m.id for m in MATCHING}
]
"""What the property suggest offers: the identifiers matched on, then the columns to add."""
SETTINGS = [
    PropertySetting(
        name="limit",
        label="Limit",
        type="number",
        default=0,
        help_text="Values per cell at most (0 for all)",
    )
]


def propose(kind: str, limit: int | None) -> PropertyProposal:
    """The columns the service can add to entities of a type (all of them, for any of its
    types; none for a type it does not hold)."""
    columns = COLUMNS if kind in KINDS else []
    shown = columns[:limit] if limit else columns
    return PropertyProposal(
        type=kind,
        limit=limit,
        properties=[
            ReconPropertyOut(id=c.id, name=c.name, description=c.description) for c in shown
        ],
    )


def extend(store: Store, query: ExtendQuery, base_url: str) -> ExtendResponse:
    """For each id and property, its values; an unknown id or property gets none."""
    served = watchlist(store)
    meta = [
        ExtendColumn(id=p.id, name=BY_ID[p.id].name if p.id in BY_ID else p.id)
        for p in query.properties
    ]
    rows: dict[str, dict[str, list[Value]]] = {}
    for entity_id in query.ids:
        entity = served.get(entity_id)
        row: dict[str, list[Value]] = {}
        for prop in query.properties:
            column = BY_ID.get(prop.id)
            values = column.values(entity, base_url) if entity and column else []
            row[prop.id] = values[: _limit(prop.settings)] if _limit(prop.settings) else values
        rows[entity_id] = row
    return ExtendResponse(meta=meta, rows=rows)


def _limit(settings: dict[str, Any]) -> int:
    try:
        return max(0, int(settings.get("limit") or 0))
    except (TypeError, ValueError):
        return 0
