"""The review queue: links that scored between the review and match thresholds and that no
reviewer has decided on yet, for companies on the watchlist (as in the report's "Needs
review"), largest Canadian value first, each with the records behind it."""

from dataclasses import dataclass

from iceout.api.families import links_now, summaries
from iceout.api.store import Store
from iceout.report.exposure import records_by_name
from iceout.report.records import CanadianRecord

RECORDS_SHOWN = 5
"""Records shown under each pending link (its largest): what a reviewer checks first."""


@dataclass(frozen=True)
class ReviewItem:
    name: str
    family_id: str
    family: str
    matched_name: str | None
    score: float | None
    explanation: str
    records: int
    value_cad: float | None


def records_behind(store: Store, items: list[ReviewItem]) -> dict[str, list[CanadianRecord]]:
    """The largest records of each item's spelling, for one page of the queue."""
    current = links_now(store).standing.links
    with store.reading() as con:
        found = records_by_name(con, [current[i.name] for i in items if i.name in current])
    return {name: records[:RECORDS_SHOWN] for name, records in found.items()}


def review_queue(store: Store) -> list[ReviewItem]:
    """Kept until the next write."""
    return store.view("review", lambda _: _queue(store))


def _queue(store: Store) -> list[ReviewItem]:
    families, current = summaries(store), links_now(store)
    items = []
    for link in current.standing.links.values():
        family = families.get(link.family_id)
        if not family or family.kind != "company" or not family.on_watchlist:
            continue
        if not current.standing.pending(link):
            continue
        totals = current.totals.get(link.name)
        items.append(
            ReviewItem(
                link.name,
                link.family_id,
                link.family_name,
                link.matched_name,
                link.score,
                str(link.reasons),
                totals.records if totals else 0,
                totals.value_cad if totals else None,
            )
        )
    return sorted(items, key=lambda i: (-(i.value_cad or 0.0), i.name, i.family_id))
