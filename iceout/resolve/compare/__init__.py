"""Comparison features: small pure functions, each returning a Score with a plain reason, or None
when the feature has nothing to say about the pair."""

from dataclasses import dataclass

from iceout.i18n.message import Message


@dataclass(frozen=True)
class Score:
    value: float
    reason: Message  # English by str(), any language by render(lang)
