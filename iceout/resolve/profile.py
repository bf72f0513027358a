"""A name prepared once for comparison: its key, tokens, core tokens and flags."""

from dataclasses import dataclass
from functools import lru_cache

from iceout.normalize.names import (
    QUALIFIER_TOKENS,
    is_numbered_company,
    legal_forms,
    looks_like_person,
    name_key,
    split_division,
)


@dataclass(frozen=True)
class NameProfile:
    name: str
    key: str
    tokens: tuple[str, ...]
    core: tuple[str, ...]  # tokens without qualifiers such as 'canada', 'federal', 'of'
    legal_forms: tuple[str, ...]
    division_of: str | None  # 'Thomson Reuters' in 'Carswell, a division of Thomson Reuters'
    numbered: bool
    person: bool


@lru_cache(maxsize=500_000)
def profile(name: str) -> NameProfile:
    key = name_key(name)
    tokens = tuple(key.split())
    _, other = split_division(name)
    return NameProfile(
        name=name,
        key=key,
        tokens=tokens,
        core=tuple(t for t in tokens if t not in QUALIFIER_TOKENS),
        legal_forms=tuple(legal_forms(name)),
        division_of=other,
        numbered=is_numbered_company(name),
        person=looks_like_person(name),
    )
