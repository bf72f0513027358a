"""The trained match model (iceout/data/match_model.json, written by `iceout train`): a
logistic regression over the named comparison features, applied here without scikit-learn so
that screening pays a dot product per pair. The score is the model's probability; the
explanation names the features that moved it most."""

import json
import math
from dataclasses import dataclass
from functools import reduce
from importlib.resources import files
from pathlib import Path

from iceout.i18n.message import SEMICOLON, Message, joined
from iceout.resolve.compare import Score

NO_WORDS = Message("no words in common")

MODEL_FILE = "data/match_model.json"
SHOWN = 3  # features named in an explanation
# features that are evidence against a match (iceout/resolve/compare/negative.py)
NEGATIVE_EVIDENCE = frozenset(
    {"lead", "numbers", "initials", "conflicting", "bodies", "places", "generic", "form_conflict"}
)


@dataclass(frozen=True)
class MatchModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    match: float  # thresholds chosen on held-out groups (see docs/ARCHITECTURE.md)
    review: float

    @classmethod
    def load(cls, path: Path | None = None) -> "MatchModel":
        resource = path or files("iceout").joinpath(MODEL_FILE)
        data = json.loads(resource.read_text(encoding="utf-8"))
        return cls(
            features=tuple(data["features"]),
            mean=tuple(data["mean"]),
            scale=tuple(data["scale"]),
            coef=tuple(data["coef"]),
            intercept=float(data["intercept"]),
            match=float(data["thresholds"]["match"]),
            review=float(data["thresholds"]["review"]),
        )

    def contributions(self, found: dict[str, Score | None]) -> list[float]:
        return [
            c * ((found[f].value if found[f] else 0.0) - m) / s  # type: ignore[union-attr]
            for f, m, s, c in zip(self.features, self.mean, self.scale, self.coef, strict=True)
        ]

    def probability(self, found: dict[str, Score | None]) -> float:
        z = self.intercept + sum(self.contributions(found))
        return 1 / (1 + math.exp(-max(min(z, 30.0), -30.0)))

    def explain(self, found: dict[str, Score | None], lead: Message | None) -> Message:
        """`lead`: the reason that opens the explanation (what the names have in common)."""
        moved = sorted(
            (
                (c, found[f].reason, f)  # type: ignore[union-attr]
                for f, c in zip(self.features, self.contributions(found), strict=True)
                if found[f] and abs(c) >= 0.25
            ),
            key=lambda item: -abs(item[0]),
        )
        parts: list[Message] = [lead] if lead else []
        # a feature is named only when it moved the score the way it means: a positive feature
        # with a negative weight (collinear with another) would read as nonsense "against it"
        meant = [
            (c, r, f in NEGATIVE_EVIDENCE)
            for c, r, f in moved
            if (c < 0) == (f in NEGATIVE_EVIDENCE) and r != lead
        ][:SHOWN]
        for_it = [r for _, r, negative in meant if not negative]
        against = [r for _, r, negative in meant if negative]
        parts += for_it
        if against:
            parts.append(Message("against it: %(reasons)s", reasons=joined(against, SEMICOLON)))
        if not parts:
            return NO_WORDS
        return reduce(lambda a, b: Message("%(a)s; %(b)s", a=a, b=b), parts)
