"""Resolve names (Canadian vendors and grant recipients, or names screened on demand) to
corporate families: candidates from blocking, a score and plain explanation for each link,
then reviewers' judgements applied on top."""

from collections.abc import Iterable
from dataclasses import dataclass, replace

import duckdb

from iceout.db import insert_rows
from iceout.resolve.blocking import TokenIndex, build_blocking_stats, candidate_pairs
from iceout.resolve.judgements import JudgementGraph, family_node
from iceout.resolve.persons import build_person_table, load_person_table
from iceout.resolve.profile import profile
from iceout.resolve.scoring import REVIEW, Comparator

ORIGIN_PHRASES = {
    "curated alias": "a curated alias of",
    "curated member": "a curated member of",
    "us recipient": "a US award recipient in",
    "us parent": "the USAspending parent in",
}

# On equal scores the more direct statement wins: a family's own alias before a member listed
# under a parent body (ICE is an alias of ICE and a member of DHS).
# Below this many names, candidates come from an in-memory index instead of SQL temp tables.
SMALL_BATCH = 200
ORIGIN_RANK = {origin: rank for rank, origin in enumerate(ORIGIN_PHRASES)}


@dataclass(frozen=True)
class Target:
    family_id: str
    family_name: str
    name: str
    origin: str


@dataclass(frozen=True)
class Link:
    name: str
    family_id: str
    family_name: str
    matched_name: str
    score: float
    decision: str
    explanation: str


class Resolver:
    """Everything needed to resolve names against the families, loaded once."""

    def __init__(self, targets: list[Target], comparator: Comparator) -> None:
        self.targets = targets
        self.comparator = comparator
        self._target_keys = [(i, profile(t.name).key) for i, t in enumerate(targets)]
        self._same_key: dict[str, list[int]] = {}
        for i, key in self._target_keys:
            self._same_key.setdefault(key, []).append(i)
        self._index: TokenIndex | None = None

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, *, watchlist_only: bool = False) -> "Resolver":
        """Targets: every family's names, or (`watchlist_only`) those of families holding
        in-scope ICE/DHS awards plus the government entities themselves."""
        where = (
            "WHERE f.kind = 'government' OR f.family_id IN (SELECT family_id FROM wl_families)"
            if watchlist_only
            else ""
        )
        targets = [
            Target(*row)
            for row in con.execute(
                "SELECT n.family_id, f.name, n.name, n.origin FROM res_family_names n "
                f"JOIN res_families f USING (family_id) {where} ORDER BY ALL"
            ).fetchall()
        ]
        load_person_table(con)
        return cls(targets, Comparator.from_store(con))

    def _candidates(
        self, con: duckdb.DuckDBPyConnection, queries: list[tuple[int, str]]
    ) -> list[tuple[int, int]]:
        # A target with the very same key is always a candidate: among many names sharing
        # only common words ('MANAGEMENT SOLUTIONS INC') the top-k cut could drop it.
        same = [(q, t) for q, key in queries for t in self._same_key.get(key, ())]
        if len(queries) > SMALL_BATCH:
            return same + candidate_pairs(con, queries, self._target_keys)
        if self._index is None:
            self._index = TokenIndex(con, self._target_keys)
        return same + [(q, t) for q, key in queries for t in self._index.candidates(key)]

    def resolve(self, con: duckdb.DuckDBPyConnection, names: list[str]) -> dict[str, Link]:
        """Best family link per name, for links scoring at least REVIEW."""
        queries = []
        for i, name in enumerate(names):
            p = profile(name)
            queries.append((i, p.key))
            if p.division_of:
                queries.append((i, profile(p.division_of).key))
        pairs = self._candidates(con, queries)
        best: dict[str, Link] = {}
        current_origin: dict[str, str] = {}
        for query_id, target_id in sorted(set(pairs)):
            name, target = names[query_id], self.targets[target_id]
            result = self.comparator.compare(name, target.name, target.origin.startswith("curated"))
            if result.score < REVIEW:
                continue
            current = best.get(name)
            if current is None or (result.score, -ORIGIN_RANK[target.origin]) > (
                current.score,
                -ORIGIN_RANK[current_origin[name]],
            ):
                current_origin[name] = target.origin
                best[name] = Link(
                    name,
                    target.family_id,
                    target.family_name,
                    target.name,
                    result.score,
                    result.decision,
                    _explain(result.reason, target),
                )
        return best

    def ranked(
        self, con: duckdb.DuckDBPyConnection, names: list[str], limit: int, floor: float = REVIEW
    ) -> dict[str, list[Link]]:
        """Per name, its best link to each family scoring at least `floor`, best first, at
        most `limit` families: the candidates a reconciliation client ranks. With the default
        floor, resolve() keeps the first of them."""
        queries = []
        for i, name in enumerate(names):
            p = profile(name)
            queries.append((i, p.key))
            if p.division_of:
                queries.append((i, profile(p.division_of).key))
        best: dict[tuple[str, str], tuple[tuple[float, int], Link]] = {}
        for query_id, target_id in sorted(set(self._candidates(con, queries))):
            name, target = names[query_id], self.targets[target_id]
            result = self.comparator.compare(name, target.name, target.origin.startswith("curated"))
            rank = (result.score, -ORIGIN_RANK[target.origin])
            current = best.get((name, target.family_id))
            if result.score < floor or (current is not None and current[0] >= rank):
                continue
            link = Link(
                name,
                target.family_id,
                target.family_name,
                target.name,
                result.score,
                result.decision,
                _explain(result.reason, target),
            )
            best[(name, target.family_id)] = (rank, link)
        out: dict[str, list[tuple[tuple[float, int], Link]]] = {}
        for (name, _), ranked_link in best.items():
            out.setdefault(name, []).append(ranked_link)
        return {
            name: [link for _, link in sorted(links, key=lambda r: r[0], reverse=True)[:limit]]
            for name, links in out.items()
        }


def _explain(reason: str, target: Target) -> str:
    phrase = ORIGIN_PHRASES.get(target.origin, "a name of")
    return f"{reason}; '{target.name}' is {phrase} {target.family_name}"


def apply_judgements(
    con: duckdb.DuckDBPyConnection,
    links: dict[str, Link],
    names: Iterable[str],
    graph: JudgementGraph | None = None,
    families: dict[str, str] | None = None,
) -> dict[str, Link]:
    """Reviewers' decisions win over computed scores: a rejected link is dropped, an unsure one
    goes to review, a confirmed one becomes a match (also for names no rule linked)."""
    graph = graph if graph is not None else JudgementGraph.load(con)
    if not graph:
        return links
    if families is None:
        families = dict(con.execute("SELECT family_id, name FROM res_families").fetchall())
    result = dict(links)
    for name in names:
        node = f"name:{profile(name).key}"
        link = result.get(name)
        if link:
            decided = graph.decision(node, family_node(link.family_id))
            if decided and decided[0] == "negative":
                result.pop(name)
                link = None
            elif decided:
                judgement, why = decided
                result[name] = replace(
                    link,
                    score=1.0 if judgement == "positive" else link.score,
                    decision="match" if judgement == "positive" else "review",
                    explanation=f"{link.explanation}; reviewer decision: {why}",
                )
                continue
        confirmed = [f for f in graph.confirmed_families(node) if f in families]
        if confirmed and link is None:
            _, why = graph.decision(node, family_node(confirmed[0])) or ("", "")
            result[name] = Link(
                name,
                confirmed[0],
                families[confirmed[0]],
                name,
                1.0,
                "match",
                f"confirmed by a reviewer ({why})",
            )
    return result


def build_rarity(con: duckdb.DuckDBPyConnection, names: list[str]) -> None:
    """Measure word rarity over the family names and the Canadian names, for scoring
    (res_token_stats) and blocking (res_blocking_stats)."""
    rows = con.execute("SELECT DISTINCT family_id, name FROM res_family_names").fetchall()
    families: dict[str, set[str]] = {}
    for family_id, name in rows:
        families.setdefault(family_id, set()).update(profile(name).tokens)
    Comparator.from_documents([*families.values(), *(set(profile(n).tokens) for n in names)]).save(
        con
    )
    corpus = sorted({name for _, name in rows}) + names
    build_blocking_stats(con, [profile(name).key for name in corpus])
    build_person_table(con, corpus)


def build_ca_links(con: duckdb.DuckDBPyConnection) -> int:
    """res_ca_links: one row per Canadian vendor/recipient spelling linked to a family."""
    names = [
        row[0]
        for row in con.execute(
            "SELECT DISTINCT vendor_name FROM nrm_ca_records ORDER BY 1"
        ).fetchall()
    ]
    build_rarity(con, names)
    resolver = Resolver.load(con)
    links = apply_judgements(con, resolver.resolve(con, names), names)
    con.execute(
        "CREATE OR REPLACE TABLE res_ca_links (vendor_name VARCHAR PRIMARY KEY, family_id VARCHAR, "
        "matched_name VARCHAR, score DOUBLE, decision VARCHAR, explanation VARCHAR)"
    )
    insert_rows(
        con,
        "res_ca_links",
        [
            {
                "vendor_name": link.name,
                "family_id": link.family_id,
                "matched_name": link.matched_name,
                "score": link.score,
                "decision": link.decision,
                "explanation": link.explanation,
            }
            for link in links.values()
        ],
    )
    return len(links)
