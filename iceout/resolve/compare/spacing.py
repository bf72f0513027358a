"""Words written together in one name and apart in the other ('2Keys' / '2 Keys', 'Openframe
Technoligies' / 'Open Frame Technologies', 'MillbrookTactical' / 'Milllbrook Tactical'): the
joined word is split where the other name splits it, so that every feature compares word with
word (and a misspelling inside the joined word is left for `typos` to judge)."""

from dataclasses import replace
from itertools import pairwise

from rapidfuzz.distance import Indel, Levenshtein

from iceout.normalize.names import QUALIFIER_TOKENS
from iceout.resolve.compare.tokens import near_token, same_token
from iceout.resolve.profile import NameProfile

JOINED = 3  # words at most written together
NEAR = 0.88  # a joined word spelt this alike to the other name's words written together
NEAR_LETTERS = 8  # ... when it has at least this many letters ('pureloigic' / 'pure logic')
EXACT_LETTERS = 4  # written together exactly: at least this many letters ('ww' is initials)


def respace(a: NameProfile, b: NameProfile) -> tuple[NameProfile, NameProfile]:
    """`a` and `b` with each joined word split as the other name writes it."""
    if a.words == b.words or set(a.words) == set(b.words):
        return a, b  # most pairs screened: nothing to split, and nothing spent on it
    split_a, split_b = _splits(a.words, b.words), _splits(b.words, a.words)
    return _apply(a, split_a), _apply(b, split_b)


def _splits(own: tuple[str, ...], other: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    splits = {}
    others = set(other)
    # a word written together is about as long as two words of the other name at least
    shortest = min((len(x) + len(y) for x, y in pairwise(other)), default=0) - 2
    for token in own:
        if len(token) < max(shortest, EXACT_LETTERS) or token in others or token.isdigit():
            continue
        run = _run(token, own, other)
        if run is None or any(
            same_token(token, w, prefix=False) or near_token(token, w) for w in other
        ):
            continue  # none, or the word is there already ('Informatiques' / 'et informatique')
        pieces = _cut(token, run)
        if all(_alike(p, w) for p, w in zip(pieces, run, strict=True)):
            splits[token] = pieces
    return splits


def _alike(piece: str, word: str) -> bool:
    """Each piece is its word, misspelt at most once in three letters ('millbrook' /
    'milllbrook'); not a letter left over ('i' + 'nformatiques')."""
    return Levenshtein.distance(piece, word) <= len(word) // 3 and len(piece) >= min(len(word), 2)


def _run(token: str, own: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...] | None:
    """The words next to each other in `other` that `token` writes together (the most alike)."""
    best, best_value = None, 0.0
    for size in range(2, JOINED + 1):
        for start in range(len(other) - size + 1):
            run = other[start : start + size]
            if run[0][0] != token[0] and run[-1][-1] != token[-1]:
                continue  # a word written together keeps its first or its last letter
            if any(w in own for w in run):
                continue  # 'Data Tech' / 'Data Datatech': the words are there already
            joined = "".join(run)
            if token == joined and len(token) >= EXACT_LETTERS:
                return run
            if min(len(token), len(joined)) < NEAR_LETTERS or abs(len(token) - len(joined)) > 2:
                continue
            value = Indel.normalized_similarity(token, joined, score_cutoff=NEAR)
            if value >= NEAR and value > best_value:
                best, best_value = run, value
    return best


def _cut(token: str, run: tuple[str, ...]) -> tuple[str, ...]:
    """`token` cut in len(run) pieces, each as close as can be to its word of `run`."""
    if len(run) == 1:
        return (token,)
    first, rest = run[0], run[1:]
    cuts = range(1, len(token) - len(rest) + 1)
    best = min(cuts, key=lambda i: _cost(token[:i], token[i:], first, rest))
    return (token[:best], *_cut(token[best:], rest))


def _cost(head: str, tail: str, first: str, rest: tuple[str, ...]) -> int:
    return Levenshtein.distance(head, first) + Levenshtein.distance(tail, "".join(rest))


def _apply(p: NameProfile, splits: dict[str, tuple[str, ...]]) -> NameProfile:
    if not splits:
        return p

    def split(tokens: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(w for t in tokens for w in splits.get(t, (t,)))

    body = split(p.body)
    return replace(
        p,
        tokens=split(p.tokens),
        body=body,
        core=tuple(t for t in body if t not in QUALIFIER_TOKENS),
        formless=split(p.formless),
        words=split(p.words),
    )
