"""Families as the service lists them: one summary per family (its US side from the watchlist,
its Canadian side from the links as they stand now), search by any of a family's names, and
the evidence summary that goes with a screening result."""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import duckdb

from iceout.api.links import CurrentLinks, current_links
from iceout.api.store import Store

FAMILIES_SQL = """
SELECT f.family_id, f.name, f.kind, f.country, w.family_id IS NOT NULL AS on_watchlist,
       coalesce(w.us_awards, 0), w.us_obligations_usd, coalesce(w.components, []), w.first_us_date
FROM res_families f LEFT JOIN wl_families w USING (family_id)
"""

# Any name of a family containing the query, compared on folded letters and digits so that
# 'gardaworld', 'Garda World' and 'GARDA-WORLD' meet. rank 3: a name equal to the query,
# 2: a name starting with it, 1: containing it.
SEARCH_SQL = """
WITH names AS (
    SELECT family_id, name FROM res_family_names UNION SELECT family_id, name FROM res_families
), folded AS (
    SELECT family_id, regexp_replace(lower(strip_accents(name)), '[^a-z0-9]', '', 'g') AS name
    FROM names
)
SELECT family_id, max(CASE WHEN name = $q THEN 3 WHEN starts_with(name, $q) THEN 2 ELSE 1 END)
FROM folded WHERE contains(name, $q) GROUP BY family_id
"""


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
    canadian_value_cad: float | None = None
    first_ca_date: date | None = None
    in_review: int = 0
    canadian_names: list[str] = field(default_factory=list)

    @property
    def both_sides(self) -> bool:
        return self.on_watchlist and self.canadian_records > 0


def summaries(store: Store) -> dict[str, FamilySummary]:
    """Every family, by id; kept until the next write."""
    return store.view("families", lambda con: _summaries(con, links_now(store)))


def links_now(store: Store) -> CurrentLinks:
    return store.view("links", current_links)


def _summaries(con: duckdb.DuckDBPyConnection, current: CurrentLinks) -> dict[str, FamilySummary]:
    out = {row[0]: FamilySummary(*row) for row in con.execute(FAMILIES_SQL).fetchall()}
    for link in current.links.values():
        family = out.get(link.family_id)
        totals = current.totals.get(link.name)
        if family is None or totals is None:
            continue
        if link.decision == "match":
            family.canadian_records += totals.records
            family.canadian_names.append(link.name)
            if totals.value_cad is not None:
                family.canadian_value_cad = (family.canadian_value_cad or 0.0) + totals.value_cad
            if totals.first_date and (
                family.first_ca_date is None or totals.first_date < family.first_ca_date
            ):
                family.first_ca_date = totals.first_date
        elif current.pending(link):
            family.in_review += 1
    return out


def ranked(families: list[FamilySummary]) -> list[FamilySummary]:
    """Money on both sides first (largest Canadian value), then by US obligations."""
    return sorted(
        families,
        key=lambda f: (
            not f.both_sides,
            -(f.canadian_value_cad or 0.0) if f.both_sides else 0.0,
            -(f.us_obligations_usd or 0.0),
            f.name,
        ),
    )


def search(store: Store, query: str) -> list[FamilySummary]:
    """Families with a name containing the query, best first; all families when it is empty."""
    if not query.strip():
        return store.view("ranked", lambda _: ranked(list(summaries(store).values())))
    folded = fold(query)
    if not folded:
        return []
    families = summaries(store)
    with store.reading() as con:
        ranks = dict(con.execute(SEARCH_SQL, {"q": folded}).fetchall())
    found = ranked([families[fid] for fid in ranks if fid in families])
    return sorted(found, key=lambda f: -ranks[f.family_id])


def fold(text: str) -> str:
    """As SEARCH_SQL folds names: lower case, accents off, only a-z and 0-9 kept."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)))
