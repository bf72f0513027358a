"""Roll US recipients up to corporate families.

A recipient joins a family through: the same UEI, DUNS or normalised name as another recipient;
USAspending's parent fields (parent UEI/DUNS/name); research-curated parent links; or a name,
UEI or DUNS listed in the curated families file. Families are the connected components of
that graph (union-find over a few thousand recipients: small enough for memory, and the links
are read with set-based SQL).
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import duckdb

from iceout.db import insert_rows
from iceout.resolve.compare.qualifiers import subsidiary_core
from iceout.resolve.families import Family
from iceout.resolve.profile import profile

# Placeholders USAspending puts in parent fields; they must not join unrelated recipients.
PLACEHOLDER_PARENTS = {
    "multiple parents",
    "not applicable",
    "miscellaneous foreign awardees",
    "unknown",
    "na",
    "n a",
    "redacted due to pii",
    "none",
}


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, node: str) -> str:
        self.parent.setdefault(node, node)
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class Award:
    award_key: str
    recipient_name: str
    recipient_uei: str | None
    recipient_duns: str | None
    parent_name: str | None
    parent_uei: str | None
    parent_duns: str | None
    parent_followed: bool = True


def _name_node(name: str | None) -> str | None:
    key = profile(name).key if name else ""
    return f"k:{key}" if key and key not in PLACEHOLDER_PARENTS else None


def _entity_nodes(name: str | None, uei: str | None, duns: str | None) -> list[str]:
    nodes = [_name_node(name), f"u:{uei}" if uei else None, f"d:{duns}" if duns else None]
    return [n for n in nodes if n]


def _core_node(name: str | None) -> str | None:
    """'CAP GEMINI ERNST AND YOUNG U.S' and the curated 'Cap Gemini Ernst & Young' share a core:
    the name without its country or group words. Used only to reach curated families."""
    core = subsidiary_core(profile(name).body) if name else ()
    return f"c:{' '.join(core)}" if core and len(" ".join(core)) >= 3 else None


def _link(uf: UnionFind, nodes: list[str]) -> None:
    for other in nodes[1:]:
        uf.union(nodes[0], other)


def build_us_families(con: duckdb.DuckDBPyConnection, families: list[Family]) -> None:
    companies = [f for f in families if f.kind == "company"]
    awards = [
        Award(*row)
        for row in con.execute(
            "SELECT award_key, recipient_name, recipient_uei, recipient_duns, parent_name, parent_uei, "
            "parent_duns FROM nrm_us_awards"
        ).fetchall()
    ]
    uf = UnionFind()
    curated_nodes: dict[str, str] = {}
    for family in companies:
        for fname in family.names:
            for node in [*_entity_nodes(fname.name, fname.uei, fname.duns), _core_node(fname.name)]:
                # A name listed in two families (G4S Cash Solutions, sold to GardaWorld in 2014)
                # must not merge them: the first family listing it keeps it for US awards.
                if node and curated_nodes.setdefault(node, family.family_id) == family.family_id:
                    uf.union(f"f:{family.family_id}", node)
    for award in awards:
        recipient = _entity_nodes(award.recipient_name, award.recipient_uei, award.recipient_duns)
        parent = _entity_nodes(award.parent_name, award.parent_uei, award.parent_duns)
        own_core = _core_node(award.recipient_name)
        if any(n in curated_nodes for n in [*recipient, own_core]):
            # The curated file decides the family of its members: USAspending's parent of a
            # member may be a former owner (Micro Focus Government Solutions -> HPE before 2017).
            _link(uf, recipient + ([own_core] if own_core in curated_nodes else []))
            award.parent_followed = False
            continue
        cores = [c for c in (own_core, _core_node(award.parent_name)) if c in curated_nodes]
        _link(uf, recipient + parent + cores)
    for recipient_name, parent_name in con.execute(
        "SELECT recipient_name, parent_name FROM src_us_parent_links"
    ).fetchall():
        _link(uf, [n for n in (_name_node(recipient_name), _name_node(parent_name)) if n])
    _write_tables(con, families, awards, uf, curated_nodes)


def _family_of_root(
    uf: UnionFind, companies: list[Family], awards: list[Award]
) -> dict[str, tuple[str, str]]:
    """root -> (family_id, display name): a curated family where one is in the component."""
    chosen: dict[str, tuple[str, str]] = {}
    for family in companies:
        chosen.setdefault(uf.find(f"f:{family.family_id}"), (family.family_id, family.name))
    parents: dict[str, Counter] = defaultdict(Counter)
    recipients: dict[str, Counter] = defaultdict(Counter)
    for award in awards:
        root = uf.find(_entity_nodes(award.recipient_name, None, None)[0])
        recipients[root][award.recipient_name] += 1
        if award.parent_name and _name_node(award.parent_name):
            parents[root][award.parent_name] += 1
    for root, names in recipients.items():
        if root not in chosen:
            # named after its most cited parent, else its most frequent recipient
            name = (parents.get(root) or names).most_common(1)[0][0]
            chosen[root] = ("us-" + re.sub(r"[^a-z0-9]+", "-", profile(name).key).strip("-"), name)
    return chosen


def _via(award: Award, family_name: str, curated_nodes: dict[str, str]) -> str:
    if (
        _name_node(award.recipient_name) in curated_nodes
        or _core_node(award.recipient_name) in curated_nodes
    ):
        return f"recipient '{award.recipient_name}' is listed in the curated family {family_name}"
    for node in _entity_nodes(None, award.recipient_uei, award.recipient_duns):
        if node in curated_nodes:
            return f"recipient identifier {node[2:]} is listed in the curated family {family_name}"
    if not award.parent_followed:
        return f"recipient '{award.recipient_name}' is listed in the curated family {family_name}"
    if award.parent_name and _name_node(award.parent_name) in curated_nodes:
        return f"USAspending names parent '{award.parent_name}', listed in the curated family {family_name}"
    if award.parent_name:
        return f"USAspending names parent '{award.parent_name}'"
    return (
        f"recipient '{award.recipient_name}' (same name, UEI or DUNS as the family's other awards)"
    )


def _write_tables(
    con: duckdb.DuckDBPyConnection,
    families: list[Family],
    awards: list[Award],
    uf: UnionFind,
    curated_nodes: dict[str, str],
) -> None:
    # Government families (ICE, CBP, DHS) hold no awards; they are on the watchlist by name.
    companies = [f for f in families if f.kind == "company"]
    chosen = _family_of_root(uf, companies, awards)
    curated = {f.family_id: f for f in families}
    award_rows, name_rows = [], set()
    for award in awards:
        family_id, family_name = chosen[uf.find(_entity_nodes(award.recipient_name, None, None)[0])]
        award_rows.append((award.award_key, family_id, _via(award, family_name, curated_nodes)))
        name_rows.add((family_id, award.recipient_name, "us recipient"))
        if award.parent_followed and award.parent_name and _name_node(award.parent_name):
            name_rows.add((family_id, award.parent_name, "us parent"))
    for family in families:
        for fname in family.names:
            name_rows.add((family.family_id, fname.name, fname.origin))
    derived = {fid: name for fid, name in chosen.values() if fid not in curated}
    con.execute(
        "CREATE OR REPLACE TABLE res_families (family_id VARCHAR PRIMARY KEY, name VARCHAR, "
        "kind VARCHAR, country VARCHAR, description VARCHAR, sources VARCHAR[], origin VARCHAR)"
    )
    insert_rows(
        con,
        "res_families",
        [
            {
                "family_id": f.family_id,
                "name": f.name,
                "kind": f.kind,
                "country": f.country,
                "description": f.description,
                "sources": list(f.sources),
                "origin": "curated",
            }
            for f in families
        ]
        + [
            {
                "family_id": fid,
                "name": name,
                "kind": "company",
                "country": None,
                "description": None,
                "sources": [],
                "origin": "derived from USAspending parents",
            }
            for fid, name in derived.items()
        ],
    )
    con.execute(
        "CREATE OR REPLACE TABLE res_award_families (award_key VARCHAR, family_id VARCHAR, via VARCHAR)"
    )
    insert_rows(
        con,
        "res_award_families",
        [dict(zip(("award_key", "family_id", "via"), r, strict=True)) for r in award_rows],
    )
    con.execute(
        "CREATE OR REPLACE TABLE res_family_names (family_id VARCHAR, name VARCHAR, origin VARCHAR)"
    )
    insert_rows(
        con,
        "res_family_names",
        [dict(zip(("family_id", "name", "origin"), r, strict=True)) for r in sorted(name_rows)],
    )
