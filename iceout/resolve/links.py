"""Resolve names (Canadian vendors and grant recipients, or names screened on demand) to
corporate families: candidates from blocking, a score and plain explanation for each link,
then reviewers' judgements applied on top."""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import duckdb

from iceout.db import insert_rows
from iceout.domain import Decision, Judgement
from iceout.i18n import N_
from iceout.i18n.message import Message
from iceout.normalize.names import name_key, split_division
from iceout.resolve.blocking import TokenIndex, candidate_pairs
from iceout.resolve.judgements import NAME, NAME_VALUE_SQL, JudgementGraph, Node
from iceout.resolve.persons import build_person_table, load_person_table
from iceout.resolve.rarity import build_word_rarity
from iceout.resolve.scoring import REVIEW, Comparator, Comparison, decide

ORIGIN_PHRASES = {
    "curated alias": N_("%(reason)s; '%(name)s' is a curated alias of %(family)s"),
    "curated member": N_("%(reason)s; '%(name)s' is a curated member of %(family)s"),
    "us recipient": N_("%(reason)s; '%(name)s' is a US award recipient in %(family)s"),
    "us parent": N_("%(reason)s; '%(name)s' is the USAspending parent in %(family)s"),
}
NAME_OF = N_("%(reason)s; '%(name)s' is a name of %(family)s")

# Below this many names, candidates come from an in-memory index instead of SQL temp tables.
SMALL_BATCH = 200
# On equal scores the more direct statement wins: a family's own alias before a member listed
# under a parent body (ICE is an alias of ICE and a member of DHS).
ORIGIN_RANK = {origin: rank for rank, origin in enumerate(ORIGIN_PHRASES)}
# (score, written the same way, -origin rank, -target id): of a name's links, the greatest wins.
Rank = tuple[float, bool, int, int]


@dataclass(frozen=True)
class Target:
    family_id: str
    family_name: str
    name: str
    origin: str


@dataclass(frozen=True)
class Link:
    """A name linked to a family: what the matcher computed, and the reviewer's decision in
    force on top. `score` and `explanation` are always the matcher's (None / a plain statement
    when no rule linked the name and only a reviewer did); `decision` is what counts."""

    name: str
    family_id: str
    family_name: str
    matched_name: str | None
    score: float | None
    decision: Decision
    explanation: "str | Message"  # a Message when computed now; English text when stored
    judgement: Judgement | None = None
    judgement_note: str | None = None

    @property
    def computed(self) -> Decision:
        """The matcher's own decision, before any reviewer's."""
        return decide(self.score) if self.score is not None else Decision.CLEAR

    @property
    def reasons(self) -> "str | Message":
        """The matcher's explanation followed by the reviewer's decision, if any."""
        if self.judgement_note is None:
            return self.explanation
        return Message(
            "%(reason)s; reviewer decision: %(note)s",
            reason=self.explanation,
            note=self.judgement_note,
        )

    @property
    def is_own_name(self) -> bool:
        """The name is one of the family's own names (as judged: case and spacing aside)."""
        return self.matched_name is not None and Node.of_name(self.matched_name) == Node.of_name(
            self.name
        )


class Resolver:
    """Everything needed to resolve names against the families, loaded once."""

    def __init__(self, targets: list[Target], comparator: Comparator) -> None:
        self.targets = targets
        self.comparator = comparator
        # the key alone (profile(name).key): a target is profiled whole only when compared
        self._target_keys = [(i, name_key(t.name)) for i, t in enumerate(targets)]
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
        return {name: links[0] for name, links in self.ranked(con, names, 1).items()}

    def ranked(
        self, con: duckdb.DuckDBPyConnection, names: list[str], limit: int, floor: float = REVIEW
    ) -> dict[str, list[Link]]:
        """Per name, its best link to each family scoring at least `floor`, best first, at
        most `limit` families: the candidates a reconciliation client ranks. With the default
        floor, resolve() keeps the first of them."""
        queries = []
        for i, name in enumerate(names):
            # profile(name).key and .division_of, without the rest of the profile: most names
            # screened meet no candidate, and are never compared
            queries.append((i, name_key(name)))
            _, division_of = split_division(name)
            if division_of:
                queries.append((i, name_key(division_of)))
        best: dict[tuple[str, str], tuple[Rank, Link]] = {}
        seen, last = _Seen(), -1
        for query_id, target_id in sorted(set(self._candidates(con, queries))):
            if query_id != last:  # a name's pairs come together: what it met is kept no longer
                seen.compared.clear()
                last = query_id
            name, target = names[query_id], self.targets[target_id]
            rank, result = self._rank(name, target_id, seen)
            current = best.get((name, target.family_id))
            if result.score < floor or (current is not None and current[0] >= rank):
                continue
            best[(name, target.family_id)] = (rank, self.link(name, target_id, result))
        out: dict[str, list[tuple[Rank, Link]]] = {}
        for (name, _), ranked_link in best.items():
            out.setdefault(name, []).append(ranked_link)
        return {
            name: [link for _, link in sorted(links, key=lambda r: r[0], reverse=True)[:limit]]
            for name, links in out.items()
        }

    def rank(self, name: str, target_id: int) -> tuple[Rank, Comparison]:
        """The matcher's comparison of `name` with one target, and its rank among the name's
        links (the greater wins): on equal scores the family's name written the same way (as
        judged: case and spacing aside), then the more direct statement, then the first target."""
        return self._rank(name, target_id, _Seen())

    def _rank(self, name: str, target_id: int, seen: "_Seen") -> tuple[Rank, Comparison]:
        target = self.targets[target_id]
        curated = target.origin.startswith("curated")
        pair = (name, target.name, curated)
        result = seen.compared.get(pair)
        if result is None:
            result = seen.compared[pair] = self.comparator.compare(*pair)
        same = seen.node(target.name) == seen.node(name)
        return (result.score, same, -ORIGIN_RANK[target.origin], -target_id), result

    def link(self, name: str, target_id: int, result: Comparison) -> Link:
        target = self.targets[target_id]
        return Link(
            name,
            target.family_id,
            target.family_name,
            target.name,
            result.score,
            result.decision,
            _explain(result.reason, target),
        )


@dataclass
class _Seen:
    """What one batch already worked out: a family's name may stand in several families
    (one name, one comparison, kept while that name's candidates are ranked), and each name
    meets many candidates."""

    compared: dict[tuple[str, str, bool], Comparison] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)

    def node(self, name: str) -> Node:
        found = self.nodes.get(name)
        if found is None:
            found = self.nodes[name] = Node.of_name(name)
        return found


def _explain(reason: "str | Message", target: Target) -> Message:
    phrase = ORIGIN_PHRASES.get(target.origin, NAME_OF)
    return Message(phrase, reason=reason, name=target.name, family=target.family_name)


def judge(link: Link, graph: JudgementGraph, keep_own_names: bool = False) -> Link | None:
    """One link with the reviewers' decision on its name and family applied: None when
    rejected; otherwise the decision in force, the matcher's score kept as it was."""
    decided = graph.decision(Node.of_name(link.name), Node.of_family(link.family_id))
    if decided is None:
        return link
    judgement, note = decided
    if judgement is Judgement.NEGATIVE:
        return link if keep_own_names and link.is_own_name else None
    decision = Decision.MATCH if judgement is Judgement.POSITIVE else Decision.REVIEW
    return replace(link, decision=decision, judgement=judgement, judgement_note=note)


def apply_judgements(
    links: dict[str, Link],
    names: Iterable[str],
    graph: JudgementGraph,
    families: dict[str, str],
    *,
    keep_own_names: bool = False,
) -> dict[str, Link]:
    """Reviewers' decisions win over computed decisions: a rejected link is dropped, an unsure
    one goes to review, a confirmed one becomes a match (also for names no rule linked).
    `families`: family id -> display name. `keep_own_names` (screening): a family's own name
    stays linked to it whatever was decided about a Canadian spelling written the same way."""
    if not graph:
        return links
    result = dict(links)
    for name in names:
        node = Node.of_name(name)
        link = result.get(name)
        if link:
            judged = judge(link, graph, keep_own_names)
            if judged is not None:
                result[name] = judged
                continue
            result.pop(name)
        confirmed = [f for f in graph.confirmed_families(node) if f in families]
        if confirmed:
            family_id = confirmed[0]
            _, note = graph.decision(node, Node.of_family(family_id)) or (None, "")
            result[name] = Link(
                name,
                family_id,
                families[family_id],
                None,
                None,
                Decision.MATCH,
                "no rule linked this name",
                Judgement.POSITIVE,
                note,
            )
    return result


@dataclass(frozen=True)
class StandingLinks:
    """The Canadian name -> family links as they stand now: what the last rebuild computed
    (res_ca_links) with every reviewer's decision in force applied. The report, the API and
    the review queue all read links through this."""

    links: dict[str, Link]
    graph: JudgementGraph
    # names linked only through a reviewer's confirmation, after the computed ones (in order)
    confirmed_only: tuple[str, ...] = ()

    def of_family(self, family_id: str) -> list[Link]:
        return [link for link in self.links.values() if link.family_id == family_id]

    def matched(self) -> list[Link]:
        return [link for link in self.links.values() if link.decision is Decision.MATCH]

    def pending(self, link: Link) -> bool:
        """A review link nobody has decided on yet."""
        return link.decision is Decision.REVIEW and link.judgement is None


COMPUTED_SQL = """
SELECT l.vendor_name, l.family_id, f.name, l.matched_name, l.score, l.explanation
FROM res_ca_links l JOIN res_families f USING (family_id)
WHERE l.matched_name IS NOT NULL
"""

# Canadian spellings that are, as judged, a name a reviewer joined to a family.
CONFIRMED_SQL = f"""
SELECT {NAME_VALUE_SQL.format(column="vendor_name")} AS value, list(DISTINCT vendor_name ORDER BY vendor_name)
FROM nrm_ca_records WHERE value IN (SELECT unnest($values)) GROUP BY value
"""
SPELLINGS_SQL = f"""
SELECT {NAME_VALUE_SQL.format(column="vendor_name")} AS value, list(DISTINCT vendor_name ORDER BY vendor_name)
FROM nrm_ca_records GROUP BY value
"""


@dataclass(frozen=True)
class ComputedLinks:
    """What the last rebuild computed (res_ca_links), before reviewers' decisions, with what
    applying them needs: the families' names and the stored Canadian spellings of judged names.
    It changes only with a rebuild, so a new decision re-derives the standing links from it in
    milliseconds, without reading the store again."""

    links: dict[str, Link]
    families: dict[str, str]
    spellings: dict[str, tuple[str, ...]]  # Node.of_name(...).value -> stored spellings
    by_value: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the same, of `links`

    def __post_init__(self) -> None:
        for name in self.links:
            if any(c.isalnum() for c in name):  # a name without any cannot be judged
                value = Node.of_name(name).value
                self.by_value[value] = (*self.by_value.get(value, ()), name)

    @classmethod
    def load(
        cls, con: duckdb.DuckDBPyConnection, judged: JudgementGraph | None = None
    ) -> "ComputedLinks":
        """With `judged`, the spellings of its judged names only; without, of every name (an
        index for a process that applies decisions as they come)."""
        links = {
            name: Link(name, fid, family, matched, score, decide(score), explanation)
            for name, fid, family, matched, score, explanation in con.execute(
                COMPUTED_SQL
            ).fetchall()
        }
        families = dict(con.execute("SELECT family_id, name FROM res_families").fetchall())
        if judged is None:
            rows = con.execute(SPELLINGS_SQL).fetchall()
        else:
            values = sorted(node.value for node in judged.judged_names())
            rows = con.execute(CONFIRMED_SQL, {"values": values}).fetchall() if values else []
        return cls(links, families, {value: tuple(names) for value, names in rows})

    def standing(self, graph: JudgementGraph) -> StandingLinks:
        """The links with the decisions in `graph` applied: only names a decision is about can
        change, so only they are judged (in time proportional to the decisions, not links)."""
        return self._judged(self.links, graph, graph.name_values(), ())

    def rejudged(self, before: StandingLinks, graph: JudgementGraph) -> StandingLinks:
        """`standing(graph)` from the links standing under an earlier graph: only the names
        the changed decisions can reach are judged again."""
        changed = graph.changed_since(before.graph)
        values = before.graph.affected_names(changed) | graph.affected_names(changed)
        return self._judged(before.links, graph, values, before.confirmed_only)

    def _judged(
        self,
        before: dict[str, Link],
        graph: JudgementGraph,
        values: set[str],
        confirmed_before: tuple[str, ...],
    ) -> StandingLinks:
        names: set[str] = set()
        for value in values:
            names.update(self.by_value.get(value, ()))
            if graph.confirmed_families(Node(NAME, value)):
                names.update(self.spellings.get(value, ()))
        if not graph:
            return StandingLinks(self.links, graph)
        computed = {n: self.links[n] for n in names if n in self.links}
        fresh = apply_judgements(computed, sorted(names), graph, self.families)
        # as apply_judgements over every name orders them: the computed links that stand, in
        # their order, then the names only a reviewer linked, sorted
        links = {}
        for name in self.links:
            if name in names:
                if name in fresh and judge(self.links[name], graph) is not None:
                    links[name] = fresh[name]
            elif name in before and name not in confirmed_before:
                links[name] = before[name]
        extra = {n for n in confirmed_before if n not in names} | {
            n for n in fresh if n not in links
        }
        for name in sorted(extra):
            links[name] = fresh[name] if name in names else before[name]
        return StandingLinks(links, graph, tuple(sorted(extra)))


def standing_links(
    con: duckdb.DuckDBPyConnection, graph: JudgementGraph | None = None
) -> StandingLinks:
    graph = graph if graph is not None else JudgementGraph.load(con)
    return ComputedLinks.load(con, graph).standing(graph)


def build_rarity(con: duckdb.DuckDBPyConnection, names: list[str]) -> None:
    """Measure word rarity over the family names and the Canadian names, for scoring and
    blocking alike (res_word_rarity), and the person-name table."""
    build_word_rarity(con, names)
    family_names = [
        r[0]
        for r in con.execute("SELECT DISTINCT name FROM res_family_names ORDER BY 1").fetchall()
    ]
    build_person_table(con, family_names + names)


LINKS_DDL = """
CREATE OR REPLACE TABLE res_ca_links (
    vendor_name VARCHAR PRIMARY KEY,  -- the Canadian spelling
    family_id VARCHAR NOT NULL,
    matched_name VARCHAR,             -- the family's name it was compared with (NULL: only a reviewer linked it)
    score DOUBLE,                     -- the matcher's score (NULL: only a reviewer linked it)
    computed_decision VARCHAR NOT NULL,
    explanation VARCHAR NOT NULL,     -- the matcher's reasons
    decision VARCHAR NOT NULL,        -- with the reviewers' decisions at rebuild time applied
    judgement VARCHAR,
    judgement_note VARCHAR
)"""


def build_ca_links(con: duckdb.DuckDBPyConnection) -> int:
    """res_ca_links: one row per Canadian vendor/recipient spelling linked to a family, with
    what the matcher computed and the decision standing after the reviewers' judgements."""
    names = canadian_names(con)
    build_rarity(con, names)
    return store_ca_links(con, Resolver.load(con).resolve(con, names))


def canadian_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every Canadian vendor or recipient spelling to resolve, in a stable order."""
    rows = con.execute("SELECT DISTINCT vendor_name FROM nrm_ca_records ORDER BY 1").fetchall()
    return [row[0] for row in rows]


def store_ca_links(con: duckdb.DuckDBPyConnection, computed: dict[str, Link]) -> int:
    """res_ca_links from the computed links (whichever engine computed them), with the
    reviewers' decisions at rebuild applied."""
    con.execute(LINKS_DDL)
    insert_rows(con, "res_ca_links", [_link_row(link) for link in computed.values()])
    standing = standing_links(con)
    final = {name: _rejected(link, standing.graph) for name, link in computed.items()}
    final.update(standing.links)
    con.execute(LINKS_DDL)
    insert_rows(con, "res_ca_links", [_link_row(link) for link in final.values()])
    return len(standing.links)


def _rejected(link: Link, graph: JudgementGraph) -> Link:
    """A computed link as stored when a reviewer's decision removes it."""
    decided = graph.decision(Node.of_name(link.name), Node.of_family(link.family_id))
    note = decided[1] if decided else None
    return replace(link, decision=Decision.CLEAR, judgement=Judgement.NEGATIVE, judgement_note=note)


def _link_row(link: Link) -> dict[str, object]:
    return {
        "vendor_name": link.name,
        "family_id": link.family_id,
        "matched_name": link.matched_name,
        "score": link.score,
        "computed_decision": link.computed.value,
        "explanation": str(link.explanation),
        "decision": link.decision.value,
        "judgement": link.judgement.value if link.judgement else None,
        "judgement_note": link.judgement_note,
    }
