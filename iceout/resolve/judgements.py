"""Reviewers' decisions, kept apart from computed scores and applied at every rebuild.

rev_judgements is append-only: the latest decision on a pair is in force, and the history of
who decided what, when and why stays readable. A pair links two nodes, each a name or a family.
A name node is the exact name judged, with only case and spacing set aside: a decision on
'OPTECH INCORPORATED' says nothing about 'OPTECH LLC'. Decisions are transitive: positive
decisions join nodes into clusters (A=B and B=C gives A=C), and a negative decision between two
nodes keeps their whole clusters apart (A!=B and B=C gives A!=C).
"""

import copy
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

import duckdb

from iceout.domain import Judgement
from iceout.errors import InputError
from iceout.i18n import N_
from iceout.resolve.clusters import UnionFind

NAME, FAMILY = "name", "family"


class Node(NamedTuple):
    """One side of a decision; stored as 'name:<name>' or 'family:<id>'. A named tuple (as
    EntityNode in us_families.py): hashed and compared in C, which the service's writer does
    hundreds of thousands of times a minute when applying decisions."""

    kind: str
    value: str

    @classmethod
    def of_name(cls, name: str) -> "Node":
        """The name as judged, case and spacing aside. Stored names are already tidied by
        clean_text, so SQL finds them with lower(name) (see NAME_VALUE_SQL)."""
        value = " ".join(name.split()).lower()
        if not any(c.isalnum() for c in value):
            raise InputError(N_("%(name)r has no letters or digits to judge"), name=name)
        return cls(NAME, value)

    @classmethod
    def of_family(cls, family_id: str) -> "Node":
        return cls(FAMILY, family_id)

    @classmethod
    def parse(cls, text: str) -> "Node":
        kind, _, value = text.partition(":")
        return cls(kind, value)

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


# Node.of_name(x).value for a name stored through clean_text (single spaces, trimmed).
NAME_VALUE_SQL = "lower({column})"


@dataclass(frozen=True)
class Edge:
    """One stored decision between two nodes (left < right)."""

    left: Node
    right: Node
    judgement: Judgement
    reviewer: str
    reason: str | None
    decided_at: datetime

    @property
    def note(self) -> str:
        text = f"{self.judgement} by {self.reviewer} on {self.decided_at:%Y-%m-%d}"
        return f"{text}: {self.reason}" if self.reason else text


def judgement_of(value: str) -> Judgement:
    try:
        return Judgement(value)
    except ValueError:
        choices = ", ".join(j.value for j in Judgement)
        raise InputError(
            N_("judgement must be one of %(choices)s, not %(value)r"), choices=choices, value=value
        ) from None


def record(
    con: duckdb.DuckDBPyConnection,
    left: Node,
    right: Node,
    judgement: Judgement | str,
    reviewer: str,
    reason: str | None = None,
) -> Edge:
    edge = decision(left, right, judgement, reviewer, reason)
    store_edges(con, [edge])
    return edge


def decision(
    left: Node,
    right: Node,
    judgement: Judgement | str,
    reviewer: str,
    reason: str | None = None,
    decided_at: datetime | None = None,
) -> Edge:
    """A decision checked and ready to store (`decided_at`: now, unless given)."""
    judgement = judgement_of(judgement)
    if any("\x00" in text for text in (left.value, right.value, reviewer, reason or "")):
        raise InputError(N_("a judgement cannot hold NUL characters"))
    if not reviewer.strip():
        raise InputError(N_("a judgement needs the reviewer's name"))
    if left == right:
        raise InputError(N_("a judgement needs two different names or families"))
    left, right = sorted((left, right))
    return Edge(
        left,
        right,
        judgement,
        reviewer.strip(),
        reason or None,
        decided_at or datetime.now(UTC).replace(tzinfo=None),
    )


def store_edges(con: duckdb.DuckDBPyConnection, edges: list[Edge]) -> None:
    """Append decisions to rev_judgements: one statement for all of them."""
    if not edges:
        return
    values = ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(edges))
    params = [
        value
        for e in edges
        for value in (str(e.left), str(e.right), e.judgement.value, e.reviewer, e.reason,
                      e.decided_at)
    ]  # fmt: skip
    con.execute(f"INSERT INTO rev_judgements VALUES {values}", params)


def record_judgement(
    con: duckdb.DuckDBPyConnection,
    name: str,
    family_id: str,
    judgement: Judgement | str,
    reviewer: str,
    reason: str | None = None,
) -> Edge:
    """A decision on a name -> family link."""
    known = con.execute("SELECT 1 FROM res_families WHERE family_id = ?", [family_id]).fetchone()
    if not known:
        raise InputError(
            N_("no family with id %(id)r (see exposure.json or /api/families)"), id=family_id
        )
    return record(con, Node.of_name(name), Node.of_family(family_id), judgement, reviewer, reason)


LATEST_SQL = """
SELECT left_id, right_id, judgement, reviewer, reason, decided_at FROM rev_judgements
QUALIFY row_number() OVER (PARTITION BY left_id, right_id ORDER BY decided_at DESC) = 1
ORDER BY decided_at
"""


class JudgementGraph:
    """The decisions in force, with their transitive consequences."""

    def __init__(self, edges: list[Edge]) -> None:
        self.clusters: UnionFind[Node] = UnionFind()
        self.positive: dict[Node, Edge] = {}
        self.negative: list[Edge] = []
        self.unsure: dict[tuple[Node, Node], Edge] = {}
        for edge in edges:
            if edge.judgement is Judgement.POSITIVE:
                self.clusters.union(edge.left, edge.right)
                self.positive[edge.left] = self.positive[edge.right] = edge
            elif edge.judgement is Judgement.NEGATIVE:
                self.negative.append(edge)
            else:
                self.unsure[(edge.left, edge.right)] = edge
        find = self.clusters.find
        self.apart = {frozenset((find(e.left), find(e.right))): e for e in self.negative}
        # per cluster, its members and families: lookups rather than scans
        self._families: dict[Node, list[str]] = {}
        self._members: dict[Node, list[Node]] = {}
        for node in sorted(self.clusters.parent):
            self._members.setdefault(find(node), []).append(node)
            if node.kind == FAMILY:
                self._families.setdefault(find(node), []).append(node.value)
        self.edges = {(e.left, e.right): e for e in edges}  # the decision in force per pair
        # the graph this one was made from by with_edges (weakly: a chain of every graph
        # since start would never be freed), and the nodes its batch changed
        self._since: tuple[weakref.ref[JudgementGraph] | None, set[Node]] = (None, set())

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> "JudgementGraph":
        edges = [
            Edge(Node.parse(left), Node.parse(right), Judgement(j), reviewer, reason, at)
            for left, right, j, reviewer, reason, at in con.execute(LATEST_SQL).fetchall()
        ]
        return cls(edges)

    def with_edges(self, edges: list[Edge]) -> "JudgementGraph":
        """This graph with later decisions added, as `load` would read it after they are
        stored (the latest decision per pair, in the order they were made). Extended in a
        copy (12 ms saved per batch of decisions over 2,000 in force); when a positive
        decision is withdrawn (clusters never split), only the clusters the batch touches are
        built again from the positive decisions within them."""
        withdrawn = self._withdraws_positive(edges)
        graph = copy.copy(self)
        graph.clusters = UnionFind()
        graph.clusters.parent = dict(self.clusters.parent)
        graph.positive, graph.unsure = dict(self.positive), dict(self.unsure)
        graph.negative, graph.edges = list(self.negative), dict(self.edges)
        graph._families, graph._members = dict(self._families), dict(self._members)
        for edge in edges:
            pair = (edge.left, edge.right)
            before = graph.edges.pop(pair, None)
            graph.edges[pair] = edge
            if before is None or before.judgement is Judgement.POSITIVE:
                pass
            elif before.judgement is Judgement.NEGATIVE:
                graph.negative = [e for e in graph.negative if e is not before]
            else:
                graph.unsure.pop(pair, None)
            if not withdrawn or edge.judgement is not Judgement.POSITIVE:
                graph._add(edge)
        if withdrawn:
            graph._recluster(self._clusters_of({n for e in edges for n in (e.left, e.right)}))
        find = graph.clusters.find
        graph.apart = {frozenset((find(e.left), find(e.right))): e for e in graph.negative}
        changed = {
            node
            for edge in edges
            for pair in [(edge.left, edge.right)]
            if (was := self.edges.get(pair)) is not (now := graph.edges[pair]) and was != now
            for node in pair
        }
        graph._since = (weakref.ref(self), changed)
        return graph

    def _withdraws_positive(self, edges: list[Edge]) -> bool:
        """Whether a pair confirmed (before or earlier in the batch) is decided again."""
        confirmed: set[tuple[Node, Node]] = set()
        for edge in edges:
            pair = (edge.left, edge.right)
            was = self.edges.get(pair)
            if pair in confirmed or (was is not None and was.judgement is Judgement.POSITIVE):
                return True
            if edge.judgement is Judgement.POSITIVE:
                confirmed.add(pair)
        return False

    def _clusters_of(self, nodes: set[Node]) -> set[Node]:
        """These nodes and every member of their clusters."""
        find = self.clusters.find
        region = set(nodes)
        for root in {find(n) for n in nodes if n in self.clusters}:
            region.update(self._members.get(root, ()))
        return region

    def _recluster(self, region: set[Node]) -> None:
        """Build the clusters of `region` (whole clusters, as they were before a batch, with
        every node the batch is about) again from the positive decisions in force, as
        `__init__` would: a positive decision in force joins two nodes of the region or two
        of a cluster the batch did not touch."""
        parent = self.clusters.parent
        for node in region:
            if node in parent:
                root = self.clusters.find(node)
                self._members.pop(root, None)
                self._families.pop(root, None)
        for node in region:
            parent.pop(node, None)
            self.positive.pop(node, None)
        for (left, right), edge in self.edges.items():
            if edge.judgement is Judgement.POSITIVE and left in region:
                self.clusters.union(left, right)
                self.positive[left] = self.positive[right] = edge
        find = self.clusters.find
        for node in sorted(n for n in region if n in parent):
            self._members.setdefault(find(node), []).append(node)
            if node.kind == FAMILY:
                self._families.setdefault(find(node), []).append(node.value)

    def _add(self, edge: Edge) -> None:
        if edge.judgement is Judgement.NEGATIVE:
            self.negative.append(edge)
            return
        if edge.judgement is not Judgement.POSITIVE:
            self.unsure[(edge.left, edge.right)] = edge
            return
        clusters = self.clusters
        for node in (edge.left, edge.right):
            if node not in clusters:
                clusters.parent[node] = node
                self._members[node] = [node]
                if node.kind == FAMILY:
                    self._families[node] = [node.value]
        left, right = clusters.find(edge.left), clusters.find(edge.right)
        if left != right:
            clusters.union(left, right)
            root = clusters.find(left)
            other = right if root == left else left
            self._members[root] = sorted(self._members[root] + self._members.pop(other))
            families = self._families.get(root, []) + self._families.pop(other, [])
            if families:
                self._families[root] = sorted(families)
        self.positive[edge.left] = self.positive[edge.right] = edge

    def __bool__(self) -> bool:
        return bool(self.positive or self.negative or self.unsure)

    def decision(self, left: Node, right: Node) -> tuple[Judgement, str] | None:
        """(judgement, why) for two nodes, or None when nobody decided."""
        ra, rb = self.clusters.find(left), self.clusters.find(right)
        against = self.apart.get(frozenset((ra, rb)))
        if ra == rb:
            if against:  # a negative decision inside a cluster of positives: ask again
                return Judgement.UNSURE, f"conflicting decisions ({against.note})"
            direct = self.positive.get(left)
            return Judgement.POSITIVE, (
                direct.note if direct else "confirmed through linked decisions"
            )
        if against:
            return Judgement.NEGATIVE, against.note
        pair = (left, right) if left < right else (right, left)
        if pair in self.unsure:
            return Judgement.UNSURE, self.unsure[pair].note
        return None

    def confirmed_families(self, node: Node) -> list[str]:
        """Families joined to this node by positive decisions (directly or through others)."""
        if node not in self.clusters:
            return []
        return list(self._families.get(self.clusters.find(node), ()))

    def changed_since(self, before: "JudgementGraph") -> set[Node]:
        """The nodes of the pairs decided differently from `before`."""
        parent, changed = self._since
        if (
            parent is not None and parent() is before
        ):  # made from `before` by with_edges: the batch says what changed
            return set(changed)
        earlier = before.edges
        return {
            node
            for pair, edge in self.edges.items()
            # the same object when carried over by with_edges: no field to compare
            if (was := earlier.get(pair)) is not edge and was != edge
            for node in pair
        }

    def affected_names(self, nodes: set[Node]) -> set[str]:
        """The names (Node values) whose decisions can depend on these nodes: those in their
        clusters, and those kept apart from these clusters by a negative decision."""
        find = self.clusters.find
        roots = {find(n) for n in nodes}
        members = set(nodes)
        for root in roots:
            members.update(self._members.get(root, ()))
        for apart in self.apart:  # the clusters of each negative decision's two sides
            if not apart.isdisjoint(roots):
                for root in apart:
                    members.update(self._members.get(root, (root,)))
        return {n.value for n in members if n.kind == NAME}

    def name_values(self) -> set[str]:
        """The names any decision is about (Node values): only their links can differ from
        what the matcher computed."""
        nodes = [*self.positive, *(n for e in self.negative for n in (e.left, e.right))]
        nodes += [n for pair in self.unsure for n in pair]
        return {n.value for n in nodes if n.kind == NAME}

    def judged_names(self) -> set[Node]:
        """Name nodes in a positive cluster with at least one family."""
        return {n for n in self.positive if n.kind == NAME and self.confirmed_families(n)}
