"""Comparison features: small pure functions, each returning a Score with a plain reason, or None
when the feature has nothing to say about the pair."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    value: float
    reason: str
