"""Shared words weighed by rarity: 'MANAGEMENT SOLUTIONS' shares little; 'GARDA' shares a lot."""

from iceout.i18n.message import Figure, Message
from iceout.resolve.compare import Score
from iceout.resolve.compare.tokens import same_token

CAP = 0.89  # word overlap alone never makes a match unless every distinctive word is shared
ALL_SHARED = 0.95


def overlap(
    a: tuple[str, ...], b: tuple[str, ...], weights: dict[str, float], default_weight: float
) -> Score | None:
    if not a or not b:
        return None
    # Truncated or abbreviated words only after a first word that agrees: 'Hoots' is not
    # 'Hootsuite', 'Securicore' is not 'Securicor'.
    prefix = same_token(a[0], b[0], prefix=False)
    shared_a = [t for t in a if any(same_token(t, u, prefix) for u in b)]
    if not shared_a:
        return None
    unshared = [t for t in a if t not in shared_a]
    unshared += [u for u in b if not any(same_token(u, t, prefix) for t in a)]

    def w(token: str) -> float:
        return weights.get(token, default_weight)

    shared_weight = sum(w(t) for t in shared_a)
    total = shared_weight + sum(w(t) for t in unshared)
    value = 2 * shared_weight / (shared_weight + total) if total else 0.0
    value = value if not unshared else min(value, CAP)
    if not unshared and value >= ALL_SHARED:
        reason = (
            Message("same words in another order")
            if len(a) == len(b) and a != b and sorted(a) == sorted(b)
            else Message("every word agrees once abbreviations and truncated words are expanded")
        )
    elif unshared:
        reason = Message(
            "shares %(shared)s but not %(unshared)s (rarity-weighted overlap %(overlap)s)",
            shared=_quoted(shared_a),
            unshared=_quoted(unshared),
            overlap=Figure(value),
        )
    else:
        reason = Message(
            "shares %(shared)s (rarity-weighted overlap %(overlap)s)",
            shared=_quoted(shared_a),
            overlap=Figure(value),
        )
    return Score(round(value, 3), reason)


def _quoted(words: list[str]) -> str:
    return ", ".join(repr(t) for t in words)
