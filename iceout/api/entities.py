"""The watchlist as FollowTheMoney entities, as yente serves them (/match, /search,
/entities): each family one Company (or PublicBody, for the U.S. bodies themselves) with its
names, country, and the UEIs and DUNS numbers of its U.S. recipients; those recipients' ids
are its referents. Nested under a family: its in-scope ICE/DHS awards and its Canadian
records, as ContractAward entities, each with its Contract.

Datasets: `iceout_contractors` (families holding in-scope ICE/DHS awards) and
`iceout_agencies` (the U.S. bodies); the collections `iceout` and `default` hold both.
Dates: first_seen and last_change are the dates of a family's oldest and newest public
record (so `changed_since` finds families with new records); last_seen is when the store was
last built."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb
from followthemoney import model

from iceout.api.dossier import dossier
from iceout.api.families import FamilySummary, summaries
from iceout.api.store import Store
from iceout.report.records import CanadianRecord, UsAward

CONTRACTORS = "iceout_contractors"
AGENCIES = "iceout_agencies"
COLLECTIONS = {"default": (CONTRACTORS, AGENCIES), "iceout": (CONTRACTORS, AGENCIES)}
DATASET_TITLES = {
    CONTRACTORS: "Corporate families holding in-scope ICE/DHS awards",
    AGENCIES: "U.S. Immigration and Customs Enforcement, DHS and its components",
    "iceout": "iceout watchlist: ICE/DHS contractors and the U.S. bodies themselves",
    "default": "Everything this service holds (the iceout watchlist)",
}
# The topic FollowTheMoney has for a national government body; contractors carry none.
AGENCY_TOPIC = "gov.national"
MAX_NESTED = 100
"""Awards and Canadian records nested under a family at most (the most recent first)."""

IDS_SQL = """
SELECT family_id, list(DISTINCT recipient_uei) FILTER (WHERE recipient_uei IS NOT NULL),
       list(DISTINCT recipient_duns) FILTER (WHERE recipient_duns IS NOT NULL),
       min(coalesce(start_date, latest_date)), max(coalesce(latest_date, start_date))
FROM wl_awards GROUP BY family_id
"""
NAMES_SQL = "SELECT family_id, list(DISTINCT name ORDER BY name) FROM res_family_names GROUP BY 1"
CA_DATES_SQL = """
SELECT vendor_name, min(record_date), max(record_date)
FROM nrm_ca_records JOIN (SELECT unnest($names) AS vendor_name) USING (vendor_name)
GROUP BY vendor_name
"""
BUILT_SQL = "SELECT max(taken_at) FROM alr_runs"


@dataclass(frozen=True)
class FamilyEntity:
    family: FamilySummary
    schema: str
    properties: dict[str, list[str]]
    datasets: list[str]
    referents: list[str]
    first_seen: str | None
    last_seen: str | None
    last_change: str | None

    @property
    def id(self) -> str:
        return self.family.family_id

    def response(self) -> dict[str, Any]:
        """The entity in yente's EntityResponse shape. (No sourceUrl for the dossier:
        nomenklatura's expand() would take an address on this service for the entity's.)"""
        return {
            "id": self.id,
            "caption": self.family.name,
            "schema": self.schema,
            "properties": {k: list(v) for k, v in self.properties.items()},
            "datasets": self.datasets,
            "referents": self.referents,
            "target": True,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "last_change": self.last_change,
        }


@dataclass(frozen=True)
class Watchlist:
    entities: dict[str, FamilyEntity]
    referents: dict[str, str]
    """A referent (a U.S. recipient's id) -> the family it belongs to."""

    def get(self, entity_id: str) -> FamilyEntity | None:
        return self.entities.get(entity_id)


def watchlist(store: Store) -> Watchlist:
    """The families /match can return, as entities; kept until the next write."""
    return store.view("ftm_watchlist", lambda con: _build(con, summaries(store)))


def scope(dataset: str) -> tuple[str, ...] | None:
    """The datasets a dataset name stands for; None when there is no such dataset."""
    if dataset in COLLECTIONS:
        return COLLECTIONS[dataset]
    return (dataset,) if dataset in (CONTRACTORS, AGENCIES) else None


def _build(con: duckdb.DuckDBPyConnection, families: dict[str, FamilySummary]) -> Watchlist:
    ids = {row[0]: row[1:] for row in con.execute(IDS_SQL).fetchall()}
    names = dict(con.execute(NAMES_SQL).fetchall())
    served = [f for f in families.values() if f.on_watchlist or f.kind == "government"]
    linked = sorted({n for f in served for n in f.canadian_names})
    rows = con.execute(CA_DATES_SQL, {"names": linked}).fetchall()
    ca_dates = {n: (lo, hi) for n, lo, hi in rows}
    built = _iso((con.execute(BUILT_SQL).fetchone() or (None,))[0])
    owners: dict[str, set[str]] = {}
    for family in served:
        ueis, dunses, *_ = ids.get(family.family_id, ([], [], None, None))
        for referent in _referents(ueis, dunses):
            owners.setdefault(referent, set()).add(family.family_id)
    # A recipient grouped into two families refers to neither for sure.
    unique = {ref: next(iter(fams)) for ref, fams in owners.items() if len(fams) == 1}
    entities = {}
    for family in served:
        ueis, dunses, us_first, us_last = ids.get(family.family_id, ([], [], None, None))
        dates = [d for n in family.canadian_names for d in ca_dates.get(n, ())]
        known = [d for d in [*dates, us_first, us_last] if d is not None]
        entities[family.family_id] = FamilyEntity(
            family,
            *_entity(family, names.get(family.family_id, []), ueis or [], dunses or []),
            referents=[r for r in _referents(ueis, dunses) if r in unique],
            first_seen=_iso(min(known)) if known else None,
            last_seen=built,
            last_change=_iso(max(known)) if known else None,
        )
    return Watchlist(entities, unique)


def _referents(ueis: list[str] | None, dunses: list[str] | None) -> list[str]:
    return sorted([f"us-uei-{u}" for u in ueis or []] + [f"us-duns-{d}" for d in dunses or []])


def _entity(
    family: FamilySummary, names: list[str], ueis: list[str], dunses: list[str]
) -> tuple[str, dict[str, list[str]], list[str]]:
    government = family.kind == "government"
    proxy = model.make_entity("PublicBody" if government else "Company")
    proxy.id = family.family_id
    proxy.add("name", family.name)
    proxy.add("alias", [n for n in names if n != family.name])
    proxy.add("country", family.country)
    proxy.add("uniqueEntityId", ueis)
    proxy.add("dunsCode", dunses)
    if government:
        proxy.add("topics", AGENCY_TOPIC)
    return (
        proxy.schema.name,
        dict(proxy.to_dict()["properties"]),
        [AGENCIES if government else CONTRACTORS],
    )


def nested(store: Store, entity: FamilyEntity) -> dict[str, Any]:
    """The entity with its awards and Canadian records nested, as yente's /entities/{id}
    gives adjacent entities: each a ContractAward (supplier: the family, left out as yente
    leaves out the way back) with its Contract."""
    found = dossier(store, entity.id)
    us: list[UsAward] = found["us_awards"]
    ca: list[CanadianRecord] = found["canadian_records"]
    recent_us = sorted(us, key=lambda a: a.action_date or "", reverse=True)[:MAX_NESTED]
    recent_ca = sorted(ca, key=lambda r: r.date or "", reverse=True)[:MAX_NESTED]
    awards = [_us_award(a) for a in recent_us] + [_ca_award(r) for r in recent_ca]
    response = entity.response()
    if awards:
        response["properties"]["contractAwardSupplier"] = awards
    return response


def _us_award(award: UsAward) -> dict[str, Any]:
    key = award.award_key or award.award_id or ""
    contract = _make(
        "Contract",
        f"us-contract-{key}",
        title=award.description or award.award_id or key,
        procedureNumber=award.award_id,
        country="us",
        amount=award.amount_usd,
        currency="USD",
        contractDate=award.first_date or award.action_date,
        publisher=" / ".join(p for p in (award.agency, award.component) if p),
        sourceUrl=award.url,
    )
    return _make(
        "ContractAward",
        f"us-award-{key}",
        contract=[contract],
        amount=award.amount_usd,
        currency="USD",
        date=award.action_date,
        recordId=award.award_id,
        role=award.recipient_name,
        sourceUrl=award.url,
    )


def _ca_award(record: CanadianRecord) -> dict[str, Any]:
    # The file and row it was read from: the one thing a Canadian record always has.
    key = hashlib.sha1(record.source.encode()).hexdigest()[:16]
    contract = _make(
        "Contract",
        f"ca-contract-{key}",
        title=record.description or record.reference or record.vendor_name,
        procedureNumber=record.reference,
        country="ca",
        amount=record.value_cad,
        currency="CAD",
        contractDate=record.date,
        publisher=record.department,
        sourceUrl=record.url,
    )
    return _make(
        "ContractAward",
        f"ca-award-{key}",
        contract=[contract],
        amount=record.value_cad,
        currency="CAD",
        date=record.date,
        recordId=record.reference,
        role=record.vendor_name,
        sourceUrl=record.url,
    )


def _make(schema: str, entity_id: str, **values: Any) -> dict[str, Any]:
    """A FollowTheMoney entity in yente's shape; values cleaned by FollowTheMoney, nested
    entities (dicts) kept as they are."""
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    nested_values = {}
    for prop, value in values.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            nested_values[prop] = value
        elif value is not None and value != "":
            proxy.add(prop, _text(value))
    properties = {**proxy.to_dict()["properties"], **nested_values}
    caption = proxy.caption
    return {
        "id": entity_id,
        "caption": caption,
        "schema": schema,
        "properties": properties,
        "datasets": [CONTRACTORS],
        "referents": [],
        "target": False,
    }


def _text(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:.2f}"  # money: cents, not a float's last digits
    return str(value) if isinstance(value, int) else value


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return f"{value.isoformat()}T00:00:00"
