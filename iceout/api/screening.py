"""Screening for the API: the Screener's hits (iceout/screen/screen.py) within the scope the
request chose (iceout/screen/scoped.py), with the family's id, its evidence on both sides and
the address of its dossier."""

from iceout import i18n
from iceout.api.families import FamilySummary, summaries
from iceout.api.models import Evidence, ScreenResult
from iceout.api.store import Store
from iceout.domain import Decision
from iceout.i18n.message import text
from iceout.screen.log import Logged
from iceout.screen.scoped import FamilyAwards, awards_in_scope, check_scope, rescope
from iceout.screen.screen import Hit

DEFAULT_SCOPE = "dhs"

VIEWS = ("families",)
"""The views screen() reads; when they are built, screening one name does no I/O."""


def scoped_awards(store: Store, scope: str) -> dict[str, FamilyAwards]:
    """Per family, its awards of the scope's components (a view: no decision changes it)."""
    check_scope(scope)
    return store.view(f"awards-{scope}", lambda con: awards_in_scope(con, scope), keep=True)


def screen(
    store: Store, rows: list[dict[str, str]], scope: str = DEFAULT_SCOPE, lang: str = i18n.DEFAULT
) -> list[ScreenResult]:
    """One result per row, in order; rows have 'name' and optionally 'country', 'id',
    'business_number'. The explanation is in `lang`; logged() keeps it in English."""
    awards = scoped_awards(store, scope)
    with store.reading() as con:
        hits = store.screener.screen(con, rows)
    hits = [rescope(hit, scope, awards, store.screener.kinds) for hit in hits]
    families = summaries(store)
    return [
        _result(
            row,
            hit,
            families.get(hit.family_id) if hit.family_id else None,
            awards.get(hit.family_id or ""),
            scope,
            lang,
        )
        for row, hit in zip(rows, hits, strict=True)
    ]


def logged(results: list[ScreenResult]) -> list[Logged]:
    return [Logged(r.name, r.decision, r.family_id, r._english) for r in results]


def _result(
    row: dict[str, str],
    hit: Hit,
    family: FamilySummary | None,
    in_scope: FamilyAwards | None,
    scope: str,
    lang: str,
) -> ScreenResult:
    found = hit.decision is not Decision.CLEAR
    held = evidence(family) if family and found else None
    if held is not None and in_scope is not None:
        held = held.model_copy(
            update={
                "us_awards": in_scope.awards,
                "us_obligations_usd": in_scope.obligations_usd,
                "components": list(in_scope.components),
            }
        )
    result = ScreenResult(
        name=row["name"],
        country=row.get("country") or None,
        decision=hit.decision,  # type: ignore[arg-type]
        score=None if hit.score is None else round(hit.score, 3),
        family_id=family.family_id if family and found else None,
        family=hit.family or None,
        matched_name=hit.matched_name or None,
        explanation=text(hit.explanation, lang) or None,
        evidence=held,
        dossier_url=f"/families/{family.family_id}" if family and found else None,
        scope=scope,
    )
    result._english = str(hit.explanation) or None
    return result


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
