"""The typed records of the exposure report: what crosses from the report stage to its readers
(report.html, exposure.csv/json, the API's dossiers). The API's models are built from these.
Dates are ISO strings and amounts plain numbers, so a record serialises to JSON as it is."""

from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit

from iceout.domain import Decision

CANADA_SEARCH = "https://search.open.canada.ca/{kind}/?search_text={query}"
USASPENDING_AWARD = "https://www.usaspending.gov/award/{key}"


def public_url(url: str | None) -> str | None:
    """The URL if it is a web address; anything else (javascript:, file:) is dropped."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return url
    return None


def usaspending_url(award_key: str | None) -> str | None:
    return USASPENDING_AWARD.format(key=quote(award_key, safe="")) if award_key else None


def canada_search_url(kind: str | None, reference: str | None, vendor: str | None) -> str:
    """A search of open.canada.ca for a record that has no page of its own."""
    section = "grants" if kind == "grant" else "contracts"
    return CANADA_SEARCH.format(kind=section, query=quote_plus(reference or vendor or ""))


@dataclass(frozen=True)
class LinkInfo:
    """Why a record belongs to its family."""

    decision: Decision | None = None
    score: float | None = None
    explanation: str | None = None
    via: str | None = None


@dataclass(frozen=True)
class UsAward:
    award_id: str | None
    award_key: str | None
    recipient_name: str | None
    agency: str | None
    sub_agency: str | None
    component: str | None
    amount_usd: float | None
    amount_basis: str | None
    action_date: str | None
    first_date: str | None
    description: str | None
    url: str | None  # the award's public page
    source: str  # file:row it was read from
    link: LinkInfo

    @staticmethod
    def page(own: str | None, award_key: str | None) -> str | None:
        """The award's own page, else its USAspending page built from the award key."""
        return public_url(own) or usaspending_url(award_key)


@dataclass(frozen=True)
class CanadianRecord:
    kind: str | None
    vendor_name: str
    department: str | None
    value_cad: float | None
    date: str | None
    reference: str | None
    description: str | None
    url: str  # the record's own public page, else a search of open.canada.ca for it
    url_is_search: bool
    source: str
    match: LinkInfo


@dataclass(frozen=True)
class YearAmounts:
    year: int
    us_usd: float
    ca_cad: float


@dataclass(frozen=True)
class MatchSummary:
    decision: Decision
    score: float | None
    explanation: str | None


@dataclass(frozen=True)
class FamilyExposure:
    family_id: str
    family: str
    names: list[str]
    country: str | None
    kind: str
    family_sources: list[str]
    us_obligations_usd: float | None
    us_awards: list[UsAward]
    canadian_value_cad: float | None
    canadian_records: list[CanadianRecord]
    by_year: list[YearAmounts]
    first_us_date: str | None
    first_ca_date: str | None
    match: MatchSummary


@dataclass(frozen=True)
class ReviewEntry:
    """A Canadian spelling linked for review (not counted)."""

    name: str
    family_id: str
    family: str
    score: float | None
    explanation: str
    records: int
    value_cad: float | None


@dataclass(frozen=True)
class SourceFile:
    path: str
    layout: str
    sha256: str
    rows_loaded: int
    rows_duplicate: int
    rows_quarantined: int
    ingested_at: str | None


@dataclass(frozen=True)
class Summary:
    families: int
    us_obligations_usd: float
    canadian_value_cad: float
    us_awards: int
    canadian_records: int
    records_in_review: int


@dataclass(frozen=True)
class Exposure:
    generated_at: str
    demo: bool
    policy: dict[str, Any]
    summary: Summary
    sources: list[SourceFile]
    families: list[FamilyExposure]
    review: list[ReviewEntry] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The document written to exposure.json."""
        return asdict(self)
