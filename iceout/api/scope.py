"""Which entities a yente request may return, with yente's meaning for each filter
(yente/search/queries.py, filter_query): the datasets in scope (the path's dataset, with
`include_dataset` kept and `exclude_dataset` taken out), the query's schema (a Company query
finds Company, Organization and LegalEntity entities, never a PublicBody), `exclude_schema`,
`topics` (any of them), `changed_since` (last_change after it) and `exclude_entity_ids` (an
entity's id or any of its referents)."""

from dataclasses import dataclass, field

from followthemoney import model
from followthemoney.schema import Schema

from iceout.api.entities import FamilyEntity, scope
from iceout.errors import InputError, NotFoundError

BASE_SCHEMA = "Thing"
TS_PATTERN = r"^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?$"
"""yente's format for `changed_since`: a date, or a date and time without a zone."""


@dataclass(frozen=True)
class Scope:
    datasets: frozenset[str]
    schemata: frozenset[str] | None = None
    """Schema names an entity may have; None for any."""
    exclude_schema: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    changed_since: str | None = None
    excluded: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    all_of: bool = False
    """Filters with several values (topics, countries) need all of them, not any."""
    extra_datasets: frozenset[str] = field(default_factory=frozenset)
    """`datasets` filter values of /search (any or all, as `all_of` says)."""

    def admits(self, entity: FamilyEntity) -> bool:
        if not self.datasets.intersection(entity.datasets):
            return False
        if self.schemata is not None and entity.schema not in self.schemata:
            return False
        if entity.schema in self.exclude_schema:
            return False
        if self.changed_since and (entity.last_change or "") <= self.changed_since:
            return False
        if self.excluded and ({entity.id, *entity.referents} & self.excluded):
            return False
        topics = set(entity.properties.get("topics", []))
        countries = set(entity.properties.get("country", []))
        return (
            self._holds(self.topics, topics)
            and self._holds(self.countries, countries)
            and self._holds(self.extra_datasets, set(entity.datasets))
        )

    def _holds(self, wanted: frozenset[str], found: set[str]) -> bool:
        if not wanted:
            return True
        return wanted <= found if self.all_of else bool(wanted & found)


def datasets_of(dataset: str, include: list[str], exclude: list[str]) -> frozenset[str]:
    """The datasets a request searches: 404 for a dataset this service does not have."""
    names = scope(dataset)
    if names is None:
        raise NotFoundError(
            f"no dataset {dataset!r}; this service has: default, iceout, "
            "iceout_contractors, iceout_agencies"
        )
    chosen = set(names)
    if include:
        chosen &= set(include)
    return frozenset(chosen - set(exclude))


def query_schema(name: str, where: str) -> Schema:
    """The schema of a /match query: 400 for one FollowTheMoney does not have, or one that
    cannot be matched (an Address, a Sanction)."""
    schema = model.get(name)
    if schema is None:
        raise InputError(f"{where}: unknown schema {name!r}")
    if schema.name != BASE_SCHEMA and not schema.matchable:
        raise InputError(f"{where}: schema {name!r} cannot be matched")
    return schema


def matchable(schema: Schema) -> frozenset[str]:
    """What a query of this schema can match, as yente has it."""
    schemata = set(schema.matchable_schemata)
    if not schema.matchable:
        schemata.update(schema.descendants)
    return frozenset(s.name for s in schemata)


def searchable(name: str) -> frozenset[str]:
    """/search's `schema`: that schema and the schemata that are one."""
    schema = model.get(name)
    if schema is None:
        raise InputError(f"schema: unknown schema {name!r}")
    return frozenset(s.name for s in {schema, *schema.descendants})


def since(value: str | None) -> str | None:
    """`changed_since` as a full timestamp, so that comparing strings compares times."""
    if value is None:
        return None
    return value + "0000-01-01T00:00:00"[len(value) :]
