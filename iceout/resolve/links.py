"""Resolve names (Canadian vendors and grant recipients, or names screened on demand) to
corporate families: candidates from blocking, a score and plain explanation for each link,
then reviewers' judgements applied on top."""

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

from iceout.db import insert_rows
from iceout.resolve.blocking import candidate_pairs
from iceout.resolve.judgements import load_judgements
from iceout.resolve.profile import profile
from iceout.resolve.scoring import REVIEW, Comparator

ORIGIN_PHRASES = {
    "curated alias": "a curated alias of",
    "curated member": "a curated member of",
    "us recipient": "a US award recipient in",
    "us parent": "the USAspending parent in",
}


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

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, corpus: Iterable[str] = ()) -> "Resolver":
        targets = [
            Target(*row)
            for row in con.execute(
                "SELECT n.family_id, f.name, n.name, n.origin FROM res_family_names n "
                "JOIN res_families f USING (family_id) ORDER BY ALL"
            ).fetchall()
        ]
        comparator = Comparator.from_names([*(t.name for t in targets), *corpus])
        return cls(targets, comparator)

    def resolve(self, con: duckdb.DuckDBPyConnection, names: list[str]) -> dict[str, Link]:
        """Best family link per name, for links scoring at least REVIEW."""
        queries = []
        for i, name in enumerate(names):
            p = profile(name)
            queries.append((i, p.key))
            if p.division_of:
                queries.append((i, profile(p.division_of).key))
        pairs = candidate_pairs(
            con, queries, [(i, profile(t.name).key) for i, t in enumerate(self.targets)]
        )
        best: dict[str, Link] = {}
        for query_id, target_id in sorted(set(pairs)):
            name, target = names[query_id], self.targets[target_id]
            result = self.comparator.compare(name, target.name)
            if result.score < REVIEW:
                continue
            current = best.get(name)
            if current is None or result.score > current.score:
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


def _explain(reason: str, target: Target) -> str:
    phrase = ORIGIN_PHRASES.get(target.origin, "a name of")
    return f"{reason}; '{target.name}' is {phrase} {target.family_name}"


def apply_judgements(
    con: duckdb.DuckDBPyConnection, links: dict[str, Link], names: Iterable[str]
) -> dict[str, Link]:
    """Reviewers' decisions win over computed scores: a rejected link is dropped, a confirmed
    one becomes a match (also for names no rule linked)."""
    judged = load_judgements(con)
    if not judged:
        return links
    families = dict(con.execute("SELECT family_id, name FROM res_families").fetchall())
    result = dict(links)
    for name in names:
        key = profile(name).key
        link = result.get(name)
        for (name_key, family_id), judgement in judged.items():
            if name_key != key:
                continue
            note = (
                f"{judgement.judgement} by {judgement.reviewer} on {judgement.decided_at:%Y-%m-%d}"
            )
            if judgement.reason:
                note += f": {judgement.reason}"
            if judgement.judgement == "negative" and link and link.family_id == family_id:
                result.pop(name)
            elif judgement.judgement == "positive" and family_id in families:
                result[name] = Link(
                    name,
                    family_id,
                    families[family_id],
                    name,
                    1.0,
                    "match",
                    f"confirmed by a reviewer ({note})",
                )
            elif judgement.judgement == "unsure" and link and link.family_id == family_id:
                result[name] = Link(
                    name,
                    family_id,
                    link.family_name,
                    link.matched_name,
                    link.score,
                    "review",
                    f"{link.explanation}; marked unsure ({note})",
                )
    return result


def build_ca_links(con: duckdb.DuckDBPyConnection) -> int:
    """res_ca_links: one row per Canadian vendor/recipient spelling linked to a family."""
    names = [
        row[0]
        for row in con.execute(
            "SELECT DISTINCT vendor_name FROM nrm_ca_records ORDER BY 1"
        ).fetchall()
    ]
    resolver = Resolver.load(con, names)
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
