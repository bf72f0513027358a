"""`iceout train`: fit the match model on labelled pairs from the real sources
(iceout/resolve/labelled.py), choose thresholds on the held-out groups, write the JSON model.

Reproducible: the pairs, the split and the solver are deterministic, so the same data gives
the same file. scikit-learn is needed here only; scoring reads the JSON (iceout/resolve/model.py).
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from iceout.resolve.compare.numerals import as_digits
from iceout.resolve.compare.spacing import respace
from iceout.resolve.labelled import Pair, labelled_pairs
from iceout.resolve.profile import profile
from iceout.resolve.scoring import Comparator

# Feature order of the shipped model; every name is a key of Comparator.evidence.
FEATURES = (
    "rules", "exact", "overlap", "alignment", "spelling", "acronym", "thin",
    "contained",
    "lead", "numbers", "initials", "conflicting", "bodies", "places", "generic",
    "form_conflict",
)  # fmt: skip
MATCH_PRECISION = 0.98  # a `match` accuses a company: held-out precision at least this
REVIEW_PRECISION = 0.8  # a review band worth reading: 4 in 5 true on the (balanced) labelled pairs
REGULARISATION = 1.0
CURATED_SOURCES = frozenset({"family", "fixture"})


@dataclass(frozen=True)
class Fitted:
    model: dict
    test: list[tuple[Pair, float]]


def feature_rows(comparator: Comparator, pairs: Sequence[Pair]) -> list[list[float]]:
    rows = []
    for pair in pairs:
        # the second name of a family pair is a curated alias, as in resolution
        curated = pair.source in CURATED_SOURCES
        found = comparator.evidence(
            *as_digits(*respace(profile(pair.name1), profile(pair.name2))), curated
        )
        rows.append([found[f].value if found[f] else 0.0 for f in FEATURES])  # type: ignore[union-attr]
    return rows


def fit(pairs: Sequence[Pair], comparator: Comparator) -> Fitted:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    train = [p for p in pairs if not p.held_out]
    test = [p for p in pairs if p.held_out]
    x_train = feature_rows(comparator, train)
    scaler = StandardScaler().fit(x_train)
    scale = [s if s > 0 else 1.0 for s in scaler.scale_]
    regression = LogisticRegression(C=REGULARISATION, max_iter=2000)
    regression.fit(scaler.transform(x_train), [p.match for p in train])
    model = {
        "features": list(FEATURES),
        "mean": [round(float(m), 6) for m in scaler.mean_],
        "scale": [round(float(s), 6) for s in scale],
        "coef": [round(float(c), 6) for c in regression.coef_[0]],
        "intercept": round(float(regression.intercept_[0]), 6),
    }
    probabilities = regression.predict_proba(scaler.transform(feature_rows(comparator, test)))[:, 1]
    scored = [(p, float(s)) for p, s in zip(test, probabilities, strict=True)]
    model["thresholds"] = thresholds(scored)
    model["trained_on"] = _counts(train)
    model["held_out"] = _counts(test)
    return Fitted(model, scored)


def thresholds(scored: list[tuple[Pair, float]]) -> dict[str, float]:
    """`match`: of the scores whose held-out pairs at or above it reach MATCH_PRECISION, the
    one with the best F1. `review`: the lowest score such that the pairs between it and
    `match` are still true at least REVIEW_PRECISION of the time (a queue worth reading)."""
    ranked = sorted(scored, key=lambda item: -item[1])
    positives = sum(p.match for p, _ in ranked)
    tp = fp = 0
    match, best = 0.99, 0.0
    for pair, score in ranked:
        tp += pair.match
        fp += not pair.match
        f1 = 2 * tp / (tp + fp + positives)
        if tp / (tp + fp) >= MATCH_PRECISION and f1 > best:
            match, best = score, f1
    band_tp = band_fp = 0
    review = match
    for pair, score in ranked:
        if score >= match:
            continue
        band_tp += pair.match
        band_fp += not pair.match
        if band_tp / (band_tp + band_fp) >= REVIEW_PRECISION:
            review = score
    return {"match": round(match, 3), "review": round(min(review, match), 3)}


def _counts(pairs: Sequence[Pair]) -> dict[str, int]:
    return {"pairs": len(pairs), "matches": sum(p.match for p in pairs)}


def train(shared: Path, fixtures: Path, output: Path) -> dict:
    """Build the pairs, fit, write the model to `output`; returns the model."""
    fitted = fit(labelled_pairs(shared, fixtures), Comparator.bundled())
    output.write_text(json.dumps(fitted.model, indent=1) + "\n", encoding="utf-8")
    return fitted.model
