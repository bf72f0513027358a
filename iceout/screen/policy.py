"""Policy scope: which ICE/DHS awards put a family on the watchlist."""

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from iceout.domain import SCOPES
from iceout.errors import InputError


@dataclass(frozen=True)
class Policy:
    scope: str = "dhs"
    date_from: date | None = None
    date_to: date | None = None
    min_obligation_usd: float = 0.0  # a family's in-scope obligations must reach this total

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise InputError(f"scope must be one of {', '.join(SCOPES)}, not {self.scope!r}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InputError(f"date range is empty: {self.date_from} is after {self.date_to}")
        if self.min_obligation_usd < 0:
            raise InputError("minimum obligation cannot be negative")

    @property
    def components(self) -> tuple[str, ...]:
        return SCOPES[self.scope]

    def describe(self) -> dict[str, Any]:
        data = asdict(self)
        data["components"] = list(self.components)
        data["date_from"] = self.date_from.isoformat() if self.date_from else None
        data["date_to"] = self.date_to.isoformat() if self.date_to else None
        return data
