"""The judgement graph and how decisions apply to links, without a store: the nodes a decision
is about, transitivity, conflicts, and what a decision changes (and never changes) in a link."""

import random
from datetime import datetime

import pytest

from iceout.domain import Decision, Judgement
from iceout.errors import InputError
from iceout.resolve.judgements import Edge, JudgementGraph, Node
from iceout.resolve.links import Link, apply_judgements

FAMILIES = {"optech": "Optech", "gardaworld": "GardaWorld", "g4s": "G4S"}


def _edge(left: Node, right: Node, judgement: Judgement, day: int = 1) -> Edge:
    left, right = sorted((left, right))
    return Edge(left, right, judgement, "R. Reviewer", "checked", datetime(2026, 1, day))


def _rebuilt(in_force: dict[tuple[Node, Node], Edge], batch: list[Edge]) -> JudgementGraph:
    """The graph built anew from every decision in force once `batch` is added (a pair's
    latest decision replaces its earlier one, as the store keeps it)."""
    for edge in batch:
        in_force.pop((edge.left, edge.right), None)
        in_force[(edge.left, edge.right)] = edge
    return JudgementGraph(list(in_force.values()))


def _link(name: str, family_id: str, matched: str, score: float) -> Link:
    decision = Decision.MATCH if score >= 0.9 else Decision.REVIEW
    return Link(name, family_id, FAMILIES[family_id], matched, score, decision, "computed")


def test_a_name_node_is_the_exact_name_with_case_and_spacing_aside() -> None:
    assert Node.of_name("OPTECH  Incorporated ") == Node.of_name("optech incorporated")
    assert Node.of_name("OPTECH INCORPORATED") != Node.of_name("OPTECH LLC")
    assert str(Node.of_family("optech")) == "family:optech"
    assert Node.parse(str(Node.of_name("Garda du Canada"))) == Node.of_name("GARDA DU CANADA")
    with pytest.raises(InputError, match="no letters or digits"):
        Node.of_name(" -- ")


def test_rejecting_one_spelling_leaves_the_familys_own_names_alone() -> None:
    rejected = _edge(
        Node.of_name("OPTECH INCORPORATED"), Node.of_family("optech"), Judgement.NEGATIVE
    )
    graph = JudgementGraph([rejected])
    links = {
        "OPTECH INCORPORATED": _link("OPTECH INCORPORATED", "optech", "OPTECH LLC", 1.0),
        "OPTECH LLC": _link("OPTECH LLC", "optech", "OPTECH LLC", 1.0),
    }
    after = apply_judgements(links, list(links), graph, FAMILIES)
    assert list(after) == ["OPTECH LLC"]
    assert after["OPTECH LLC"].judgement is None


def test_screening_keeps_a_familys_own_name_even_when_a_spelling_like_it_was_rejected() -> None:
    rejected = _edge(Node.of_name("Optech LLC"), Node.of_family("optech"), Judgement.NEGATIVE)
    graph = JudgementGraph([rejected])
    own = {"OPTECH LLC": _link("OPTECH LLC", "optech", "OPTECH LLC", 1.0)}
    assert apply_judgements(own, list(own), graph, FAMILIES) == {}
    kept = apply_judgements(own, list(own), graph, FAMILIES, keep_own_names=True)
    assert kept["OPTECH LLC"].decision is Decision.MATCH


def test_the_score_stays_the_computed_one_whatever_was_decided() -> None:
    name = "Garda Securite"
    link = _link(name, "gardaworld", "GARDA", 0.7)
    confirmed = _edge(Node.of_name(name), Node.of_family("gardaworld"), Judgement.POSITIVE, 1)
    unsure = _edge(Node.of_name(name), Node.of_family("gardaworld"), Judgement.UNSURE, 2)
    after = apply_judgements({name: link}, [name], JudgementGraph([confirmed]), FAMILIES)
    assert (after[name].decision, after[name].score) == (Decision.MATCH, 0.7)
    # the latest decision on a pair is the one in force (JudgementGraph.load keeps it)
    later = apply_judgements({name: link}, [name], JudgementGraph([unsure]), FAMILIES)
    assert (later[name].decision, later[name].score) == (Decision.REVIEW, 0.7)
    assert later[name].judgement is Judgement.UNSURE
    assert "unsure by R. Reviewer" in str(later[name].reasons)
    assert later[name].explanation == "computed"


def test_positive_decisions_are_transitive_and_negatives_keep_clusters_apart() -> None:
    a, b, c = Node.of_name("Acme Guarding"), Node.of_name("Acme Guard"), Node.of_name("ACME")
    garda, g4s = Node.of_family("gardaworld"), Node.of_family("g4s")
    graph = JudgementGraph(
        [
            _edge(a, b, Judgement.POSITIVE),
            _edge(b, g4s, Judgement.POSITIVE),
            _edge(c, garda, Judgement.NEGATIVE),
            _edge(c, a, Judgement.POSITIVE),
        ]
    )
    assert graph.confirmed_families(a) == ["g4s"]
    assert graph.decision(b, g4s) == (Judgement.POSITIVE, graph.positive[b].note)
    # c = a = b, and c != gardaworld: so b != gardaworld
    assert graph.decision(b, garda) is not None
    assert graph.decision(b, garda)[0] is Judgement.NEGATIVE  # type: ignore[index]
    assert graph.decision(Node.of_name("unrelated"), garda) is None


def test_a_negative_inside_a_positive_cluster_asks_again() -> None:
    a, b = Node.of_name("Garda"), Node.of_name("Garda du Canada")
    garda = Node.of_family("gardaworld")
    graph = JudgementGraph(
        [
            _edge(a, garda, Judgement.POSITIVE),
            _edge(a, b, Judgement.POSITIVE),
            _edge(b, garda, Judgement.NEGATIVE),
        ]
    )
    judgement, why = graph.decision(b, garda) or (None, "")
    assert judgement is Judgement.UNSURE and "conflicting" in why


def test_a_name_no_rule_linked_is_linked_by_a_confirmation_without_a_score() -> None:
    name = "Northern Lights Patrol"
    graph = JudgementGraph(
        [_edge(Node.of_name(name), Node.of_family("gardaworld"), Judgement.POSITIVE)]
    )
    link = apply_judgements({}, [name], graph, FAMILIES)[name]
    assert (link.family_id, link.decision, link.score) == ("gardaworld", Decision.MATCH, None)
    assert link.computed is Decision.CLEAR and link.judgement is Judgement.POSITIVE


def test_decisions_added_to_a_graph_decide_as_the_graph_rebuilt_from_all_of_them() -> None:
    """with_edges extends a copy rather than rebuilding (the service does it per batch of
    decisions): over batches of random decisions, some changing earlier ones (a confirmed
    pair rejected), every pair is decided as a graph built from the decisions in force."""
    rng = random.Random(12)
    names = [Node.of_name(f"Vendor {n}") for n in range(12)]
    families = [Node.of_family(f) for f in FAMILIES]
    nodes = names + families
    graph, in_force = JudgementGraph([]), {}
    for day in range(1, 29):
        batch = []
        for _ in range(rng.randint(1, 4)):
            left, right = rng.sample(nodes, 2)
            batch.append(_edge(left, right, rng.choice(list(Judgement)), day))
        graph = graph.with_edges(batch)
        rebuilt = _rebuilt(in_force, batch)
        assert list(graph.edges.items()) == list(rebuilt.edges.items())
        for left in nodes:
            assert graph.confirmed_families(left) == rebuilt.confirmed_families(left)
            assert [graph.decision(left, r) for r in nodes if r != left] == [
                rebuilt.decision(left, r) for r in nodes if r != left
            ]
        assert graph.affected_names(set(names[:3])) == rebuilt.affected_names(set(names[:3]))
        assert graph.name_values() == rebuilt.name_values()


def test_many_batches_withdrawing_confirmations_decide_as_the_graph_rebuilt() -> None:
    """Confirmations withdrawn and made again batch after batch (as reviewers under load do):
    clusters, decisions, what each batch changed and the names it reaches are those of a
    graph built from all the decisions in force."""
    rng = random.Random(7)
    names = [Node.of_name(f"Vendor {n}") for n in range(30)]
    families = [Node.of_family(f) for f in FAMILIES]
    nodes = names + families
    graph, in_force = JudgementGraph([]), {}
    for day in range(1, 151):
        batch = []
        for _ in range(rng.randint(1, 8)):
            left, right = rng.choice(names), rng.choice(nodes)
            if left != right:
                batch.append(_edge(left, right, rng.choice(list(Judgement)), day % 28 + 1))
        before, graph = graph, graph.with_edges(batch)
        changed = {
            node
            for pair, edge in graph.edges.items()
            if before.edges.get(pair) != edge
            for node in pair
        }
        assert graph.changed_since(before) == changed
        rebuilt = _rebuilt(in_force, batch)
        assert graph.clusters.parent.keys() == rebuilt.clusters.parent.keys()
        assert graph.positive == rebuilt.positive
        for left in nodes:
            assert graph.confirmed_families(left) == rebuilt.confirmed_families(left)
            assert [graph.decision(left, r) for r in families] == [
                rebuilt.decision(left, r) for r in families
            ]
        assert graph.affected_names(changed) == rebuilt.affected_names(changed)
