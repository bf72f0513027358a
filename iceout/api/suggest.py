"""Suggest services of the reconciliation API: auto-completion of the watchlist's families,
of the properties the service understands and of its types, and the entity flyout (a
small HTML card shown next to a suggestion)."""

from collections.abc import Iterable
from html import escape
from typing import Protocol, TypeVar

from iceout.api.entities import watchlist
from iceout.api.extension import PROPERTIES
from iceout.api.families import FamilySummary, search
from iceout.api.models import Flyout, ReconType, SuggestItem, SuggestResponse
from iceout.api.reconciliation import KINDS, TYPES, family_type
from iceout.api.store import Store
from iceout.errors import NotFoundError
from iceout.i18n import N_

DEFAULT_LIMIT = 10


class Named(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=Named)


def entities(
    store: Store, prefix: str, kind: str | None, cursor: int, limit: int
) -> SuggestResponse:
    """Families whose names contain the prefix (whole names and beginnings first); a family
    id finds its family."""
    served = watchlist(store)
    kinds = KINDS.get(kind or "Organization", set())
    found = [f for f in search(store, prefix) if f.family_id in served.entities]
    exact = served.get(prefix.strip())
    if exact is not None:
        found = [exact.family, *(f for f in found if f.family_id != exact.id)]
    found = [f for f in found if f.kind in kinds]
    return SuggestResponse(result=[_item(f) for f in found[cursor : cursor + limit]])


def properties(prefix: str, cursor: int, limit: int) -> SuggestResponse:
    found = [
        SuggestItem(id=p.id, name=p.name, description=p.description)
        for p in _containing(prefix, PROPERTIES)
    ]
    return SuggestResponse(result=found[cursor : cursor + limit])


def types(prefix: str, cursor: int, limit: int) -> SuggestResponse:
    found = [SuggestItem(id=t.id, name=t.name) for t in _containing(prefix, TYPES.values())]
    return SuggestResponse(result=found[cursor : cursor + limit])


def _containing(prefix: str, items: Iterable[T]) -> list[T]:
    """Items whose id or name contains the prefix; those starting with it first."""
    word = prefix.strip().lower()
    found = [i for i in items if word in i.id.lower() or word in i.name.lower()]
    return sorted(
        found, key=lambda i: not (i.id.lower().startswith(word) or i.name.lower().startswith(word))
    )


def flyout(store: Store, family_id: str) -> Flyout:
    entity = watchlist(store).get(family_id)
    if entity is None:
        raise NotFoundError(N_("no family with id %(id)r on the watchlist"), id=family_id)
    family = entity.family
    html = (
        f"<p><strong>{escape(family.name)}</strong> "
        f"<span>{escape(family.country or '')} · {escape(family_type(family).name)}</span></p>"
        f"<p>{escape(describe(family))}</p>"
    )
    return Flyout(id=family.family_id, html=html)


def describe(family: FamilySummary) -> str:
    """One line on what the family holds on each side."""
    if family.kind == "government":
        return "A U.S. government body on the watchlist"
    us = f"{family.us_awards} in-scope ICE/DHS award{'' if family.us_awards == 1 else 's'}"
    ca = f"{family.canadian_records} Canadian record{'' if family.canadian_records == 1 else 's'}"
    return f"{us}; {ca} linked"


def _item(family: FamilySummary) -> SuggestItem:
    kind: ReconType = family_type(family)
    return SuggestItem(
        id=family.family_id, name=family.name, description=describe(family), notable=[kind]
    )
