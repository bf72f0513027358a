"""A name prepared once for comparison: its key, tokens, core tokens and flags."""

from dataclasses import dataclass
from functools import lru_cache

from iceout.normalize.names import (
    QUALIFIER_TOKENS,
    formless_tokens,
    is_numbered_company,
    legal_forms,
    name_key,
    split_division,
)


@dataclass(frozen=True)
class NameProfile:
    name: str
    key: str
    tokens: tuple[str, ...]
    body: tuple[str, ...]  # tokens without a supplier number in front ('2026695 IBM CANADA')
    core: tuple[str, ...]  # tokens without qualifiers such as 'canada', 'federal', 'of'
    legal_forms: tuple[str, ...]
    formless: tuple[str, ...]  # tokens without legal forms anywhere, in any language rigour knows
    # `body` without a legal form in front; inside a name a 'form' is a word: 'AB Staffing
    # Solutions', 'Paragon Ag. Service', 'Paragon Professional Services' (forms at the end
    # are already out of the key)
    words: tuple[str, ...]
    division_of: str | None  # 'Thomson Reuters' in 'Carswell, a division of Thomson Reuters'
    numbered: bool


# A rebuild profiles each Canadian name several times: keep them all. A service meets ever new
# names, so it keeps fewer (bound_cache), and its memory stays flat.
BATCH_CACHE = 500_000
SUPPLIER_DIGITS = 3  # a number of this many digits in front of a name is a supplier number


def profile(name: str) -> NameProfile:
    return _cached(name)


def bound_cache(size: int) -> None:
    """Keep at most `size` profiles (the most recently used), from now on."""
    global _cached
    _cached = lru_cache(maxsize=size)(_profile)


def _profile(name: str) -> NameProfile:
    key = name_key(name)
    tokens = tuple(key.split())
    _, other = split_division(name)
    numbered = is_numbered_company(name)
    # '2026695 IBM CANADA LTD.': a supplier number in front of a real name is not part of it;
    # a digit or two is ('2 Keys Corporation' / '2Keys', '3 D Datacomm')
    supplier = tokens[0].isdigit() and len(tokens[0]) >= SUPPLIER_DIGITS if tokens else False
    body = tokens[1:] if not numbered and len(tokens) > 1 and supplier else tokens
    formless = formless_tokens(name)
    kept = set(formless)
    lead = 0  # a legal form in front ('OAO', 'Open Joint Stock Company'), not two letters
    while lead < len(body) and body[lead] not in kept:
        lead += 1
    lead = lead if sum(map(len, body[:lead])) > 2 else 0
    words = body[lead:] or formless
    return NameProfile(
        name=name,
        key=key,
        tokens=tokens,
        body=body,
        core=tuple(t for t in body if t not in QUALIFIER_TOKENS),
        legal_forms=tuple(legal_forms(name)),
        formless=formless,
        words=words,
        division_of=other,
        numbered=numbered,
    )


_cached = lru_cache(maxsize=BATCH_CACHE)(_profile)
