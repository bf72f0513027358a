"""Reviewers' decisions, kept apart from computed scores and applied at every rebuild.

rev_judgements is append-only: the latest decision on a pair is in force, and the history of
who decided what, when and why stays readable. A pair links two nodes, each a name
('name:<key>') or a family ('family:<id>'). Decisions are transitive: positive decisions join
nodes into clusters (A=B and B=C gives A=C), and a negative decision between two nodes keeps
their whole clusters apart (A!=B and B=C gives A!=C).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from iceout.errors import InputError
from iceout.resolve.profile import profile

JUDGEMENTS = ("positive", "negative", "unsure")


@dataclass(frozen=True)
class Judgement:
    left: str
    right: str
    judgement: str
    reviewer: str
    reason: str | None
    decided_at: datetime

    @property
    def note(self) -> str:
        text = f"{self.judgement} by {self.reviewer} on {self.decided_at:%Y-%m-%d}"
        return f"{text}: {self.reason}" if self.reason else text


def name_node(name: str) -> str:
    key = profile(name).key
    if not key:
        raise InputError(f"{name!r} has no letters or digits to judge")
    return f"name:{key}"


def family_node(family_id: str) -> str:
    return f"family:{family_id}"


def record(
    con: duckdb.DuckDBPyConnection,
    left: str,
    right: str,
    judgement: str,
    reviewer: str,
    reason: str | None = None,
) -> Judgement:
    if judgement not in JUDGEMENTS:
        raise InputError(f"judgement must be one of {', '.join(JUDGEMENTS)}, not {judgement!r}")
    if not reviewer.strip():
        raise InputError("a judgement needs the reviewer's name")
    if left == right:
        raise InputError("a judgement needs two different names or families")
    left, right = sorted((left, right))
    decided = Judgement(
        left,
        right,
        judgement,
        reviewer.strip(),
        reason or None,
        datetime.now(UTC).replace(tzinfo=None),
    )
    con.execute(
        "INSERT INTO rev_judgements VALUES (?, ?, ?, ?, ?, ?)",
        [
            decided.left,
            decided.right,
            decided.judgement,
            decided.reviewer,
            decided.reason,
            decided.decided_at,
        ],
    )
    return decided


def record_judgement(
    con: duckdb.DuckDBPyConnection,
    name: str,
    family_id: str,
    judgement: str,
    reviewer: str,
    reason: str | None = None,
) -> Judgement:
    """A decision on a name -> family link."""
    known = con.execute("SELECT 1 FROM res_families WHERE family_id = ?", [family_id]).fetchone()
    if not known:
        raise InputError(f"no family with id {family_id!r} (see exposure.json or /api/families)")
    return record(con, name_node(name), family_node(family_id), judgement, reviewer, reason)


class JudgementGraph:
    """The decisions in force, with their transitive consequences."""

    def __init__(self, judgements: list[Judgement]) -> None:
        self.parent: dict[str, str] = {}
        self.positive: dict[str, Judgement] = {}
        self.negative: list[Judgement] = []
        self.unsure: dict[tuple[str, str], Judgement] = {}
        for j in judgements:
            if j.judgement == "positive":
                self._union(j.left, j.right)
                self.positive[j.left] = self.positive[j.right] = j
            elif j.judgement == "negative":
                self.negative.append(j)
            else:
                self.unsure[(j.left, j.right)] = j
        self.apart = {
            frozenset((self._find(j.left), self._find(j.right))): j for j in self.negative
        }

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> "JudgementGraph":
        rows = con.execute(
            "SELECT left_id, right_id, judgement, reviewer, reason, decided_at FROM rev_judgements "
            "QUALIFY row_number() OVER (PARTITION BY left_id, right_id ORDER BY decided_at DESC) = 1 "
            "ORDER BY decided_at"
        ).fetchall()
        return cls([Judgement(*row) for row in rows])

    def __bool__(self) -> bool:
        return bool(self.positive or self.negative or self.unsure)

    def _find(self, node: str) -> str:
        while self.parent.get(node, node) != node:
            node = self.parent[node]
        return node

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def decision(self, left: str, right: str) -> tuple[str, str] | None:
        """('positive'|'negative'|'unsure', why) for two nodes, or None when nobody decided."""
        ra, rb = self._find(left), self._find(right)
        against = self.apart.get(frozenset((ra, rb)))
        if ra == rb:
            if against:  # a negative decision inside a cluster of positives: ask again
                return "unsure", f"conflicting decisions ({against.note})"
            direct = self.positive.get(left) if left in self.positive else None
            note = direct.note if direct else "confirmed through linked decisions"
            return "positive", note
        if against:
            return "negative", against.note
        pair = tuple(sorted((left, right)))
        if pair in self.unsure:
            return "unsure", self.unsure[pair].note  # type: ignore[index]
        return None

    def confirmed_families(self, node: str) -> list[str]:
        """Families joined to this node by positive decisions (directly or through others)."""
        root = self._find(node)
        if root == node and node not in self.parent and node not in self.positive:
            return []
        members = [n for n in {*self.parent, *self.positive} if self._find(n) == root]
        return sorted(n.removeprefix("family:") for n in members if n.startswith("family:"))
