"""Decisions update the service's views in place: after every decision the standing links,
their records and the family summaries equal what a rebuild from the store gives, in the same
order. The store is a copy of the one built from ../shared/data, opened in this process."""

import shutil
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from iceout.api.families import _summaries, current_links, links_now, summaries
from iceout.api.review import review_queue
from iceout.api.store import Store
from iceout.resolve.judgements import JudgementGraph, Node, record, record_judgement
from iceout.resolve.links import ComputedLinks, standing_links


@pytest.fixture
def store(built_store: dict, tmp_path: Path) -> Iterator[Store]:
    db = tmp_path / "store.duckdb"
    shutil.copyfile(built_store["db"], db)
    opened = Store(db)
    yield opened
    opened.close()


def _assert_as_rebuilt(store: Store) -> None:
    with store.reading() as con:
        graph = JudgementGraph.load(con)
        fresh = current_links(con, ComputedLinks.load(con), graph)
        families = _summaries(con, fresh)
        reported = standing_links(con)
    now = links_now(store)
    assert list(now.standing.links.items()) == list(fresh.standing.links.items())
    assert list(reported.links.items()) == list(fresh.standing.links.items())
    # DuckDB may add a spelling's amounts in any order: equal to the cent
    assert _cents(now.totals) == _cents(fresh.totals)
    assert _cents(summaries(store)) == _cents(families)


def _cents(values: dict) -> dict:
    return {key: {k: _cent(v) for k, v in vars(value).items()} for key, value in values.items()}


def _cent(value: object) -> object:
    """Amounts to the cent, also inside the totals per kind of money."""
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, dict):
        return {k: _cent(v) for k, v in value.items()}
    return value


def test_decisions_update_the_views_as_a_rebuild_would(store: Store) -> None:
    summaries(store)
    queue = review_queue(store)
    assert len(queue) >= 12
    families = sorted(summaries(store))
    decisions = [
        *(
            (item.name, item.family_id, kind)
            for item, kind in zip(queue[:9], ["positive", "negative", "unsure"] * 3, strict=True)
        ),  # fmt: skip
        (queue[0].name, queue[0].family_id, "negative"),  # a decision changed
        (queue[1].name, queue[10].family_id, "positive"),  # a spelling moved to another family
        (queue[11].name, families[0], "positive"),  # joined to a family no rule linked
        ("A NAME NO RECORD HAS", queue[2].family_id, "positive"),
    ]
    for name, family_id, judgement in decisions:
        store.decide(
            partial(
                record_judgement,
                name=name,
                family_id=family_id,
                judgement=judgement,
                reviewer="Rita",
                reason="checked",
            )
        )
        _assert_as_rebuilt(store)
    # transitive: N != M, then M = N's family, keeps N apart from that family
    spelling, family_id = queue[4].name, queue[4].family_id
    other = Node.of_name("A SPELLING ONLY A REVIEWER KNOWS")
    store.decide(lambda con: record(con, Node.of_name(spelling), other, "negative", "Rita"))
    _assert_as_rebuilt(store)
    store.decide(lambda con: record(con, other, Node.of_family(family_id), "positive", "Rita"))
    _assert_as_rebuilt(store)
    assert spelling not in links_now(store).standing.links
    assert review_queue(store) != queue
