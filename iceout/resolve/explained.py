"""A stored link's explanation in the reader's language.

The links table keeps the matcher's English (res_ca_links.explanation). Run again on the
link's pair, the comparator gives the Message the sentence was made from, which a page shows
in its language; only when it reads exactly as stored, so that a store built by another
version of the matcher keeps its own (English) words rather than new ones. The service's
pages (api/explained.py) and the report (report/html.py, report/site.py) both ask here."""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from functools import lru_cache

import duckdb

from iceout import i18n
from iceout.i18n.message import text
from iceout.resolve.links import Link, Resolver, standing_links

Why = Callable[[str, str | None], str | None]


def as_stored(_: str, english: str | None) -> str | None:
    return english


def explainer(resolver: Resolver, links: Mapping[str, Link], lang: str) -> Why:
    """why(name, english): the explanation of the link of `name` in `lang` (`english` as
    stored, with or without the reviewer's decision after it)."""
    if lang == i18n.DEFAULT:
        return as_stored

    said: dict[tuple[str, str], str] = {}  # a name's records share one explanation

    def why(name: str, english: str | None) -> str | None:
        link = links.get(name)
        if not english or link is None:
            return english
        if (name, english) not in said:
            said[(name, english)] = _in(lang, resolver, link, english)
        return said[(name, english)]

    return why


def _in(lang: str, resolver: Resolver, link: Link, english: str) -> str:
    for again in _again(resolver, link):
        for said in (again.explanation, again.reasons):
            if str(said) == english:
                return text(said, lang)
    return english


def of_store(con: duckdb.DuckDBPyConnection, lang: str) -> Why:
    """The explainer of the links a store holds (the report's): every family's names as
    targets, the standing links."""
    if lang == i18n.DEFAULT:
        return as_stored
    return explainer(Resolver.load(con), standing_links(con).links, lang)


def _again(resolver: Resolver, link: Link) -> Iterator[Link]:
    """The link as the matcher makes it now, against each target of that name and family (a
    name may be both a curated alias and a US recipient: the one stored is the one that
    reads the same)."""
    for target in _targets(resolver).get((link.family_id, link.matched_name or ""), ()):
        _, result = resolver.rank(link.name, target)
        yield replace(link, explanation=resolver.link(link.name, target, result).explanation)


@lru_cache(maxsize=2)
def _targets(resolver: Resolver) -> dict[tuple[str, str], list[int]]:
    """(family id, name) -> the ids of the targets."""
    found: dict[tuple[str, str], list[int]] = {}
    for target_id, target in enumerate(resolver.targets):
        found.setdefault((target.family_id, target.name), []).append(target_id)
    return found
