"""Canadian name -> family links as they stand now.

res_ca_links holds what the last `iceout run` computed, with the judgements of that time
applied. The service applies every judgement again when it reads the links, so a decision
made in the web UI shows on the next read, without a rebuild.
"""

from dataclasses import dataclass, replace
from datetime import date

import duckdb

from iceout.resolve.judgements import JudgementGraph, family_node
from iceout.resolve.links import Link, apply_judgements
from iceout.resolve.profile import profile

LINKS_SQL = """
SELECT l.vendor_name, l.family_id, f.name, l.matched_name, l.score, l.decision, l.explanation
FROM res_ca_links l JOIN res_families f USING (family_id)
"""

# Spellings whose folded letters and digits contain every word of a judged name key: a cheap
# filter before comparing keys, to find the spellings reviewers confirmed that no rule linked.
SPELLINGS_SQL = """
WITH names AS (
    SELECT DISTINCT vendor_name,
           regexp_replace(lower(strip_accents(vendor_name)), '[^a-z0-9]', '', 'g') AS folded
    FROM nrm_ca_records
), keys AS (SELECT unnest($keys) AS name_key)
SELECT name_key, vendor_name FROM names, keys
WHERE list_bool_and([contains(folded, w) FOR w IN string_split(name_key, ' ')])
"""

TOTALS_SQL = """
SELECT vendor_name, count(*), sum(value_cad), min(record_date)
FROM nrm_ca_records JOIN (SELECT unnest($names) AS vendor_name) USING (vendor_name)
GROUP BY vendor_name
"""

# What a rebuild adds to a link when it applies a judgement (iceout/resolve/links.py). Taken
# off before the judgements are applied again, so that a decision is not stated twice.
DECISION_NOTE = "; reviewer decision: "
CONFIRMED_ONLY = "confirmed by a reviewer ("


@dataclass(frozen=True)
class Totals:
    records: int
    value_cad: float | None
    first_date: date | None


@dataclass(frozen=True)
class CurrentLinks:
    links: dict[str, Link]
    """Canadian spelling -> its link, judgements applied."""
    graph: JudgementGraph
    totals: dict[str, Totals]
    """Canadian spelling -> its records, for every linked spelling."""

    def of_family(self, family_id: str) -> list[Link]:
        return [link for link in self.links.values() if link.family_id == family_id]

    def pending(self, link: Link) -> bool:
        """A review link nobody has decided on yet."""
        if link.decision != "review":
            return False
        node = f"name:{profile(link.name).key}"
        return self.graph.decision(node, family_node(link.family_id)) is None


def current_links(con: duckdb.DuckDBPyConnection) -> CurrentLinks:
    graph = JudgementGraph.load(con)
    stored = [Link(*row) for row in con.execute(LINKS_SQL).fetchall()]
    computed = {
        link.name: replace(link, explanation=link.explanation.split(DECISION_NOTE, 1)[0])
        for link in stored
        if not link.explanation.startswith(CONFIRMED_ONLY)
    }
    names = {link.name for link in stored} | confirmed_spellings(con, graph)
    families = dict(con.execute("SELECT family_id, name FROM res_families").fetchall())
    links = apply_judgements(con, computed, sorted(names), graph, families)
    rows = con.execute(TOTALS_SQL, {"names": list(links)}).fetchall() if links else []
    totals = {name: Totals(int(count), value, first) for name, count, value, first in rows}
    return CurrentLinks(links, graph, totals)


def confirmed_spellings(con: duckdb.DuckDBPyConnection, graph: JudgementGraph) -> set[str]:
    """Canadian spellings whose name a reviewer joined to something by a positive decision."""
    nodes = {*graph.parent, *graph.positive}
    keys = sorted({n.removeprefix("name:") for n in nodes if n.startswith("name:")} - {""})
    if not keys:
        return set()
    rows = con.execute(SPELLINGS_SQL, {"keys": keys}).fetchall()
    return {name for key, name in rows if profile(name).key == key}
