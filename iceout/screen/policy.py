"""Policy scope: which ICE/DHS awards put a family on the watchlist."""

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from iceout.domain import SCOPES
from iceout.errors import InputError
from iceout.i18n import N_


@dataclass(frozen=True)
class Policy:
    scope: str = "dhs"
    date_from: date | None = None
    date_to: date | None = None
    min_obligation_usd: float = 0.0  # a family's in-scope obligations must reach this total

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise InputError(
                N_("scope must be one of %(scopes)s, not %(value)r"),
                scopes=", ".join(SCOPES),
                value=self.scope,
            )
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InputError(
                N_("date range is empty: %(start)s is after %(end)s"),
                start=str(self.date_from),
                end=str(self.date_to),
            )
        if self.min_obligation_usd < 0:
            raise InputError(N_("minimum obligation cannot be negative"))

    @property
    def components(self) -> tuple[str, ...]:
        return SCOPES[self.scope]

    def describe(self) -> dict[str, Any]:
        data = asdict(self)
        data["components"] = list(self.components)
        data["date_from"] = self.date_from.isoformat() if self.date_from else None
        data["date_to"] = self.date_to.isoformat() if self.date_to else None
        return data
