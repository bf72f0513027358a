"""Shared words weighed by rarity: 'MANAGEMENT SOLUTIONS' shares little; 'GARDA' shares a lot."""

from iceout.resolve.compare import Score
from iceout.resolve.compare.tokens import same_token

CAP = 0.89  # word overlap alone never makes a match unless every distinctive word is shared
ALL_SHARED = 0.95


def overlap(a: tuple[str, ...], b: tuple[str, ...], weights: dict[str, float],
            default_weight: float) -> Score | None:
    if not a or not b:
        return None
    shared_a = [t for t in a if any(same_token(t, u) for u in b)]
    if not shared_a:
        return None
    unshared = [t for t in a if t not in shared_a] + [u for u in b if not any(same_token(u, t) for t in a)]

    def w(token: str) -> float:
        return weights.get(token, default_weight)

    shared_weight = sum(w(t) for t in shared_a)
    total = shared_weight + sum(w(t) for t in unshared)
    value = 2 * shared_weight / (shared_weight + total) if total else 0.0
    value = value if not unshared else min(value, CAP)
    if not unshared and sorted(a) != list(a) and value >= ALL_SHARED:
        reason = "same words in another order"
    else:
        reason = f"shares {', '.join(repr(t) for t in shared_a)}"
        if unshared:
            reason += f" but not {', '.join(repr(t) for t in unshared)}"
        reason += f" (rarity-weighted overlap {value:.2f})"
    return Score(round(value, 3), reason)
