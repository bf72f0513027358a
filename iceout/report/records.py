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
    section = "grants" if kind in ("grant", "transfer") else "contracts"
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
    counted: bool = True  # False: a subaward whose dollars are counted under its prime award
    count_note: str | None = None

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
    source: str  # file:row, or file:page for a PDF
    match: LinkInfo
    fiscal_year: str | None = None
    program: str | None = None  # service class, transfer payment program or grant program
    location: str | None = None
    count_basis: str | None = None  # the rule applied when several rows stand behind the record
    coverage_note: str | None = None  # what the source leaves out, e.g. 'only the largest'
    year: int | None = None  # charted in: fiscal year's first year, else the record's year
    record_key: str | None = None  # the stored record's identity (src_ca_records.record_key)


@dataclass(frozen=True)
class KindTotal:
    """One kind of Canadian money (iceout/domain.py MoneyKind) and its own total: kinds can be
    the same dollars seen twice, so they are never added together."""

    kind: str
    label: str
    value_cad: float
    records: int
    fiscal_years: list[str]


@dataclass(frozen=True)
class Headline:
    """What a family's Canadian side is quoted by: its largest total of one kind in one fiscal
    year, saying which kind and which year."""

    kind: str
    label: str
    fiscal_year: str | None
    value_cad: float
    text: str


@dataclass(frozen=True)
class YearAmounts:
    """US obligations by the calendar year of their transactions' action dates; Canadian money
    by kind, in the fiscal year beginning in April of `year` (contracts and grants by the year
    of their date)."""

    year: int
    us_usd: float
    ca_cad: dict[str, float]


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
    canadian: list[KindTotal]
    headline: Headline | None
    canadian_records: list[CanadianRecord]
    by_year: list[YearAmounts]
    first_us_date: str | None
    first_ca_date: str | None
    match: MatchSummary
    us_note: str | None = None  # why a family without obligations is listed apart


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
class NotFound:
    """A curated watchlist family with no Canadian record linked: where it was looked for."""

    family_id: str
    family: str
    us_obligations_usd: float | None
    searched: str


@dataclass(frozen=True)
class CoverageEntry:
    """What one source of one kind actually holds in the store."""

    source: str  # layout
    kind: str
    label: str
    fiscal_years: list[str]
    first_date: str | None
    last_date: str | None
    departments: int
    rows: int  # rows stored
    records: int  # records counted (after amendments and repeats are counted once)
    note: str | None = None


@dataclass(frozen=True)
class Coverage:
    canada: list[CoverageEntry]
    us: list[CoverageEntry]
    sanctions: int
    statement: str  # the whole coverage in one paragraph, for a page or an empty dossier


@dataclass(frozen=True)
class Summary:
    families: int
    us_obligations_usd: float
    canadian: list[KindTotal]
    us_awards: int
    canadian_records: int
    records_in_review: int
    families_without_obligations: int = 0


@dataclass(frozen=True)
class Exposure:
    generated_at: str
    demo: bool
    policy: dict[str, Any]
    summary: Summary
    sources: list[SourceFile]
    families: list[FamilyExposure]
    review: list[ReviewEntry] = field(default_factory=list)
    no_obligations: list[FamilyExposure] = field(default_factory=list)
    not_found: list[NotFound] = field(default_factory=list)
    coverage: Coverage | None = None
    # curated companies with Canadian money and no in-scope ICE/DHS award: shown, not ranked
    named_without_awards: list[FamilyExposure] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The document written to exposure.json."""
        return asdict(self)
