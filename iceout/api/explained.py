"""A stored link's explanation in the reader's language, for the service's pages: the
standing links and the screener's resolver of the store it holds, asked through
iceout/resolve/explained.py (the report asks there too)."""

from iceout import i18n
from iceout.api.families import links_now
from iceout.api.store import Store
from iceout.resolve.explained import Why, as_stored
from iceout.resolve.explained import explainer as resolved


def explainer(store: Store, lang: str) -> Why:
    """why(name, english): the explanation of the link of `name` in `lang` (`english` as
    stored, with or without the reviewer's decision after it)."""
    if lang == i18n.DEFAULT:
        return as_stored
    return resolved(store.screener.resolver, links_now(store).standing.links, lang)
