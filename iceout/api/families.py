"""Families as the service lists them: one summary per family (its US side from the watchlist,
its Canadian side from the links as they stand now), search by any of a family's names, and
the evidence summary that goes with a screening result."""

from dataclasses import dataclass, field, replace
from datetime import date

import duckdb

from iceout.api.store import Rederived, Store
from iceout.domain import Decision, money_sum
from iceout.normalize.text import compact
from iceout.resolve.judgements import JudgementGraph
from iceout.resolve.links import ComputedLinks, StandingLinks

FAMILIES_SQL = """
SELECT f.family_id, f.name, f.kind, f.country, w.family_id IS NOT NULL AS on_watchlist,
       coalesce(w.us_awards, 0), w.us_obligations_usd, coalesce(w.components, []), w.first_us_date
FROM res_families f LEFT JOIN wl_families w USING (family_id)
"""

NAMES_SQL = (
    "SELECT family_id, name FROM res_family_names UNION SELECT family_id, name FROM res_families"
)


TOTALS_SQL = f"""
SELECT vendor_name, kind, count(*), {money_sum("value_cad")}, min(coalesce(record_date, period_start))
FROM nrm_ca_records JOIN (SELECT unnest($names) AS vendor_name) USING (vendor_name)
GROUP BY vendor_name, kind
"""


@dataclass
class Totals:
    """A Canadian spelling's records, with a total per kind of money (never added together)."""

    records: int = 0
    by_kind: dict[str, float] = field(default_factory=dict)
    first_date: date | None = None

    @property
    def value_cad(self) -> float | None:
        """The money at stake: the spelling's largest total of one kind."""
        return max(self.by_kind.values()) if self.by_kind else None


@dataclass(frozen=True)
class CurrentLinks:
    """The standing links (iceout/resolve/links.py) and the records of each linked spelling."""

    standing: StandingLinks
    totals: dict[str, Totals]
    # the records of every spelling linked so far, linked now or not: a decision reversed
    # finds them without a query (a 300k-record scan per batch under reviewers' load)
    seen: dict[str, Totals] = field(default_factory=dict)
    # spellings found to have no records: not looked for again after each decision
    recordless: frozenset[str] = frozenset()


def current_links(
    con: duckdb.DuckDBPyConnection, computed: ComputedLinks, graph: JudgementGraph
) -> CurrentLinks:
    return _with_totals(con, computed.standing(graph), {})


def rejudged(
    con: duckdb.DuckDBPyConnection,
    before: CurrentLinks,
    computed: ComputedLinks,
    graph: JudgementGraph,
) -> CurrentLinks:
    """The links after a decision (`computed.standing` under the new graph); the store is read
    only for the records of a spelling no link had before."""
    standing = computed.rejudged(before.standing, graph)
    return _with_totals(con, standing, before.seen, before.recordless)


def _with_totals(
    con: duckdb.DuckDBPyConnection,
    standing: StandingLinks,
    known: dict[str, Totals],
    recordless: frozenset[str] = frozenset(),
) -> CurrentLinks:
    missing = [name for name in standing.links if name not in known and name not in recordless]
    rows = con.execute(TOTALS_SQL, {"names": missing}).fetchall() if missing else []
    found: dict[str, Totals] = {}
    for name, kind, count, value, first in rows:
        entry = found.setdefault(name, Totals())
        entry.records += int(count)
        entry.by_kind[kind] = float(value or 0.0)
        if first and (entry.first_date is None or first < entry.first_date):
            entry.first_date = first
    seen = {**known, **found} if found else known
    totals = {n: t for n in standing.links if (t := seen.get(n)) is not None}
    missed = recordless | {n for n in missing if n not in found}
    return CurrentLinks(standing, totals, recordless=missed, seen=seen)


@dataclass
class FamilySummary:
    family_id: str
    name: str
    kind: str
    country: str | None
    on_watchlist: bool
    us_awards: int
    us_obligations_usd: float | None
    components: list[str]
    first_us_date: date | None
    canadian_records: int = 0
    canadian_by_kind: dict[str, float] = field(default_factory=dict)  # never added together
    first_ca_date: date | None = None
    in_review: int = 0
    canadian_names: list[str] = field(default_factory=list)

    @property
    def both_sides(self) -> bool:
        return self.on_watchlist and self.canadian_records > 0

    @property
    def largest_kind_cad(self) -> float:
        return max(self.canadian_by_kind.values()) if self.canadian_by_kind else 0.0


def summaries(store: Store) -> dict[str, FamilySummary]:
    """Every family, by id; kept until the next write, which updates the families it touches."""
    return store.view(
        "families", lambda con: _summaries(con, links_now(store)), update=_resummarised
    )


def links_now(store: Store) -> CurrentLinks:
    """The standing links; a decision re-derives them from the computed ones (kept apart)."""
    computed = store.view("computed_links", ComputedLinks.load, keep=True)
    return store.view(
        "links",
        lambda con: current_links(con, computed, store.screener.judgements),
        update=lambda con, before, _: rejudged(con, before, computed, store.screener.judgements),
    )


def _summaries(con: duckdb.DuckDBPyConnection, current: CurrentLinks) -> dict[str, FamilySummary]:
    out = {row[0]: FamilySummary(*row) for row in con.execute(FAMILIES_SQL).fetchall()}
    _add_canadian(out, current)
    return out


def _resummarised(
    _: duckdb.DuckDBPyConnection, before: dict[str, FamilySummary], views: Rederived
) -> dict[str, FamilySummary] | None:
    """After a decision: the families whose links changed, summarised again; the others kept."""
    if "links" not in views:
        return None
    old, new = views["links"]
    before_links, after_links = old.standing.links, new.standing.links
    changed = [
        link
        for name in before_links.keys() | after_links.keys()
        for pair in [(before_links.get(name), after_links.get(name))]
        if pair[0] is not pair[1] and pair[0] != pair[1]  # unchanged links are the same objects
        for link in pair
        if link is not None
    ]
    fresh = {
        f.family_id: replace(
            f,
            canadian_records=0,
            canadian_by_kind={},
            first_ca_date=None,
            in_review=0,
            canadian_names=[],
        )
        for link in changed
        if (f := before.get(link.family_id)) is not None
    }
    _add_canadian(fresh, new)
    return {**before, **fresh}


def _add_canadian(out: dict[str, FamilySummary], current: CurrentLinks) -> None:
    for link in current.standing.links.values():
        family = out.get(link.family_id)
        totals = current.totals.get(link.name)
        if family is None or totals is None:
            continue
        if link.decision is Decision.MATCH:
            family.canadian_records += totals.records
            family.canadian_names.append(link.name)
            for kind, value in totals.by_kind.items():
                family.canadian_by_kind[kind] = family.canadian_by_kind.get(kind, 0.0) + value
            if totals.first_date and (
                family.first_ca_date is None or totals.first_date < family.first_ca_date
            ):
                family.first_ca_date = totals.first_date
        elif current.standing.pending(link):
            family.in_review += 1


def ranked(families: list[FamilySummary]) -> list[FamilySummary]:
    """Money on both sides first (largest Canadian total of one kind), then US obligations."""
    return sorted(
        families,
        key=lambda f: (
            not f.both_sides,
            -f.largest_kind_cad if f.both_sides else 0.0,
            -(f.us_obligations_usd or 0.0),
            f.name,
        ),
    )


def search(store: Store, query: str) -> list[FamilySummary]:
    """Families with a name containing the query, best first; all families when it is empty.
    Names are compared compacted (normalize/text.py) so that 'gardaworld', 'Garda World' and
    'GARDA-WORLD' meet. A name equal to the query ranks first, then one starting with it."""
    if not query.strip():
        return store.view("ranked", lambda _: ranked(list(summaries(store).values())))
    wanted = compact(query)
    if not wanted:
        return []
    families = summaries(store)
    ranks: dict[str, int] = {}
    for family_id, name in store.view("search_names", _search_names, keep=True):
        if wanted in name:
            rank = 3 if name == wanted else 2 if name.startswith(wanted) else 1
            ranks[family_id] = max(rank, ranks.get(family_id, 0))
    found = ranked([families[fid] for fid in ranks if fid in families])
    return sorted(found, key=lambda f: -ranks[f.family_id])


def _search_names(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Every name of every family, compacted."""
    return [(fid, compact(name)) for fid, name in con.execute(NAMES_SQL).fetchall()]
