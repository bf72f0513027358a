"""Screening for the API: the Screener's hits (iceout/screen/screen.py) with the family's id,
its evidence on both sides and the address of its dossier."""

from iceout.api.families import FamilySummary, summaries
from iceout.api.models import Evidence, ScreenResult
from iceout.api.store import Store
from iceout.domain import Decision
from iceout.screen.screen import Hit

VIEWS = ("families",)
"""The views screen() reads; when they are built, screening one name does no I/O."""


def screen(store: Store, rows: list[dict[str, str]]) -> list[ScreenResult]:
    """One result per row, in order; rows have 'name' and optionally 'country', 'id',
    'business_number'."""
    with store.reading() as con:
        hits = store.screener.screen(con, rows)
    families = summaries(store)
    return [
        _result(row, hit, families.get(hit.family_id) if hit.family_id else None)
        for row, hit in zip(rows, hits, strict=True)
    ]


def _result(row: dict[str, str], hit: Hit, family: FamilySummary | None) -> ScreenResult:
    found = hit.decision is not Decision.CLEAR
    return ScreenResult(
        name=row["name"],
        country=row.get("country") or None,
        decision=hit.decision,  # type: ignore[arg-type]
        score=None if hit.score is None else round(hit.score, 3),
        family_id=family.family_id if family and found else None,
        family=hit.family or None,
        matched_name=hit.matched_name or None,
        explanation=hit.explanation or None,
        evidence=evidence(family) if family and found else None,
        dossier_url=f"/families/{family.family_id}" if family and found else None,
    )


def evidence(family: FamilySummary) -> Evidence:
    return Evidence(
        on_watchlist=family.on_watchlist,
        us_awards=family.us_awards,
        us_obligations_usd=family.us_obligations_usd,
        components=family.components,
        first_us_date=family.first_us_date.isoformat() if family.first_us_date else None,
        canadian_records=family.canadian_records,
        canadian_by_kind=dict(family.canadian_by_kind),
        first_ca_date=family.first_ca_date.isoformat() if family.first_ca_date else None,
    )
