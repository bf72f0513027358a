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
from typing import Any, NamedTuple

import duckdb

from iceout.db import insert_rows
from iceout.i18n import N_
from iceout.resolve.clusters import UnionFind
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


class EntityNode(NamedTuple):
    """A vertex of the family graph: a recipient's name key, UEI or DUNS, a name's core, or a
    curated family."""

    kind: str  # name | uei | duns | core | family
    value: str


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


def _name_node(name: str | None) -> EntityNode | None:
    key = profile(name).key if name else ""
    return EntityNode("name", key) if key and key not in PLACEHOLDER_PARENTS else None


def _entity_nodes(name: str | None, uei: str | None, duns: str | None) -> list[EntityNode]:
    nodes = [
        _name_node(name),
        EntityNode("uei", uei) if uei else None,
        EntityNode("duns", duns) if duns else None,
    ]
    return [n for n in nodes if n]


def _core_node(name: str | None) -> EntityNode | None:
    """'CAP GEMINI ERNST AND YOUNG U.S' and the curated 'Cap Gemini Ernst & Young' share a core:
    the name without its country or group words. Used only to reach curated families."""
    core = subsidiary_core(profile(name).body) if name else ()
    text = " ".join(core)
    return EntityNode("core", text) if len(text) >= 3 else None


# In key order: a family is named after its most frequent name, and on equal counts the first
# seen wins, which must not depend on how an engine happens to scan the table.
AWARDS_SQL = """
SELECT award_key, recipient_name, recipient_uei, recipient_duns, parent_name, parent_uei,
       parent_duns
FROM nrm_us_awards ORDER BY award_key
"""


def build_us_families(con: duckdb.DuckDBPyConnection, families: list[Family]) -> None:
    awards = [Award(*row) for row in con.execute(AWARDS_SQL).fetchall()]
    uf, curated_nodes = _curated_graph([f for f in families if f.kind == "company"])
    for award in awards:
        _join(uf, award, curated_nodes)
    for recipient_name, parent_name in con.execute(
        "SELECT recipient_name, parent_name FROM nrm_us_parent_links"
    ).fetchall():
        uf.link([n for n in (_name_node(recipient_name), _name_node(parent_name)) if n])
    _write_tables(con, families, awards, uf, curated_nodes)


def _curated_graph(companies: list[Family]) -> tuple[UnionFind[EntityNode], dict[EntityNode, str]]:
    """Each curated family joined to its names, identifiers and name cores; returns the graph
    and node -> the curated family that claims it."""
    uf: UnionFind[EntityNode] = UnionFind()
    curated_nodes: dict[EntityNode, str] = {}
    for family in companies:
        for fname in family.names:
            for node in [*_entity_nodes(fname.name, fname.uei, fname.duns), _core_node(fname.name)]:
                # A name listed in two families (G4S Cash Solutions, sold to GardaWorld in 2014)
                # must not merge them: the first family listing it keeps it for US awards.
                if node and curated_nodes.setdefault(node, family.family_id) == family.family_id:
                    uf.union(EntityNode("family", family.family_id), node)
    return uf, curated_nodes


def _join(uf: UnionFind[EntityNode], award: Award, curated_nodes: dict[EntityNode, str]) -> None:
    """Join an award's recipient to its identifiers and (unless curated) its parent."""
    recipient = _entity_nodes(award.recipient_name, award.recipient_uei, award.recipient_duns)
    own_core = _core_node(award.recipient_name)
    if any(n in curated_nodes for n in [*recipient, own_core]):
        # The curated file decides the family of its members: USAspending's parent of a
        # member may be a former owner (Micro Focus Government Solutions -> HPE before 2017).
        uf.link(recipient + ([own_core] if own_core in curated_nodes else []))
        award.parent_followed = False
        return
    parent = _entity_nodes(award.parent_name, award.parent_uei, award.parent_duns)
    cores = [c for c in (own_core, _core_node(award.parent_name)) if c in curated_nodes]
    uf.link(recipient + parent + cores)


def corroborated_parents(awards: list[Award]) -> set[EntityNode]:
    """The USAspending parents whose name can stand for a family: cited by at least two
    recipients, a recipient of awards itself, or sharing a word of substance with the recipient
    that cites it. A parent cited by one recipient with nothing in common ('HILTON HOTELS
    CORPORATION' -> 'NEVADA PROPERTY 1 LLC'; a franchisee -> the brand) may be an error or a
    franchise: it neither names the family nor becomes a name the family is matched by."""
    cited: dict[EntityNode, set[EntityNode]] = defaultdict(set)
    own_names = {_name_node(a.recipient_name) for a in awards}
    for award in awards:
        parent = _name_node(award.parent_name)
        recipient = _name_node(award.recipient_name)
        if parent is None or recipient is None or not award.parent_followed:
            continue
        cited[parent].add(recipient)
        if set(profile(award.parent_name or "").core) & set(profile(award.recipient_name).core):
            cited[parent].add(parent)  # shares a word: as good as a second citation
    return {p for p, by in cited.items() if len(by) >= 2 or p in own_names}


def _family_of_root(
    uf: UnionFind[EntityNode], companies: list[Family], awards: list[Award]
) -> dict[EntityNode, tuple[str, str]]:
    """root -> (family_id, display name): a curated family where one is in the component."""
    chosen: dict[EntityNode, tuple[str, str]] = {}
    for family in companies:
        chosen.setdefault(
            uf.find(EntityNode("family", family.family_id)), (family.family_id, family.name)
        )
    parents: dict[EntityNode, Counter] = defaultdict(Counter)
    recipients: dict[EntityNode, Counter] = defaultdict(Counter)
    vouched = corroborated_parents(awards)
    for award in awards:
        root = uf.find(_entity_nodes(award.recipient_name, None, None)[0])
        recipients[root][award.recipient_name] += 1
        if _name_node(award.parent_name) in vouched:
            parents[root][award.parent_name] += 1
    for root, names in recipients.items():
        if root not in chosen:
            # named after its most cited corroborated parent, else its most frequent recipient
            name = (parents.get(root) or names).most_common(1)[0][0]
            chosen[root] = ("us-" + re.sub(r"[^a-z0-9]+", "-", profile(name).key).strip("-"), name)
    return chosen


# How an award joined its family, stored in English (res_award_families.via); pages show it
# in their reader's language (i18n/message.py `reread` with these templates).
VIA_CURATED = N_("recipient '%(name)s' is listed in the curated family %(family)s")
VIA_IDENTIFIER = N_("recipient identifier %(id)s is listed in the curated family %(family)s")
VIA_CURATED_PARENT = N_(
    "USAspending names parent '%(parent)s', listed in the curated family %(family)s"
)
VIA_PARENT = N_("USAspending names parent '%(parent)s'")
VIA_SAME = N_("recipient '%(name)s' (same name, UEI or DUNS as the family's other awards)")
VIAS = (VIA_CURATED_PARENT, VIA_CURATED, VIA_IDENTIFIER, VIA_PARENT, VIA_SAME)


def _via(award: Award, family_name: str, curated_nodes: dict[EntityNode, str]) -> str:
    name, family = award.recipient_name, family_name
    if _name_node(name) in curated_nodes or _core_node(name) in curated_nodes:
        return VIA_CURATED % {"name": name, "family": family}
    for node in _entity_nodes(None, award.recipient_uei, award.recipient_duns):
        if node in curated_nodes:
            return VIA_IDENTIFIER % {"id": node.value, "family": family}
    if not award.parent_followed:
        return VIA_CURATED % {"name": name, "family": family}
    if award.parent_name and _name_node(award.parent_name) in curated_nodes:
        return VIA_CURATED_PARENT % {"parent": award.parent_name, "family": family}
    if award.parent_name:
        return VIA_PARENT % {"parent": award.parent_name}
    return VIA_SAME % {"name": name}


FAMILIES_DDL = """
CREATE OR REPLACE TABLE res_families (family_id VARCHAR PRIMARY KEY, name VARCHAR, kind VARCHAR,
    country VARCHAR, description VARCHAR, sources VARCHAR[], origin VARCHAR)"""
AWARD_FAMILIES_DDL = """
CREATE OR REPLACE TABLE res_award_families (award_key VARCHAR, family_id VARCHAR, via VARCHAR)"""
FAMILY_NAMES_DDL = """
CREATE OR REPLACE TABLE res_family_names (family_id VARCHAR, name VARCHAR, origin VARCHAR)"""


def _write_tables(
    con: duckdb.DuckDBPyConnection,
    families: list[Family],
    awards: list[Award],
    uf: UnionFind[EntityNode],
    curated_nodes: dict[EntityNode, str],
) -> None:
    # Government families (ICE, CBP, DHS) hold no awards; they are on the watchlist by name.
    chosen = _family_of_root(uf, [f for f in families if f.kind == "company"], awards)
    placed = [
        (award, chosen[uf.find(_entity_nodes(award.recipient_name, None, None)[0])])
        for award in awards
    ]
    curated = {f.family_id for f in families}
    derived = {fid: name for fid, name in chosen.values() if fid not in curated}
    con.execute(FAMILIES_DDL)
    insert_rows(con, "res_families", _family_rows(families, derived))
    con.execute(AWARD_FAMILIES_DDL)
    insert_rows(
        con,
        "res_award_families",
        [
            {"award_key": a.award_key, "family_id": fid, "via": _via(a, name, curated_nodes)}
            for a, (fid, name) in placed
        ],
    )
    con.execute(FAMILY_NAMES_DDL)
    insert_rows(con, "res_family_names", _name_rows(families, placed))


def _family_rows(families: list[Family], derived: dict[str, str]) -> list[dict[str, Any]]:
    curated: list[dict[str, Any]] = [
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
    from_data: list[dict[str, Any]] = [
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
    ]
    return curated + from_data


def _name_rows(
    families: list[Family], placed: list[tuple[Award, tuple[str, str]]]
) -> list[dict[str, str]]:
    """Every name a family is known by, with its origin: curated names, US recipients and the
    parents USAspending names for them (when followed and corroborated)."""
    rows = {(f.family_id, n.name, n.origin) for f in families for n in f.names}
    vouched = corroborated_parents([award for award, _ in placed])
    for award, (family_id, _) in placed:
        rows.add((family_id, award.recipient_name, "us recipient"))
        if award.parent_name and _name_node(award.parent_name) in vouched:
            rows.add((family_id, award.parent_name, "us parent"))
    return [{"family_id": f, "name": n, "origin": o} for f, n, o in sorted(rows)]
