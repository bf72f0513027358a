"""Request and response shapes of the API (they make /openapi.json). yente's /match shape and
the W3C reconciliation shape are kept as those specifications have them."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from iceout.api.limits import MAX_BATCH, MAX_NAME_LENGTH
from iceout.domain import Decision, Judgement
from iceout.report.records import (
    CanadianRecord,
    Headline,
    KindTotal,
    MatchSummary,
    UsAward,
    YearAmounts,
)

Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME_LENGTH)]
Short = Annotated[str | None, Field(max_length=100)]


class ErrorOut(BaseModel):
    detail: str


class Health(BaseModel):
    status: str = "ok"


# --- screening -------------------------------------------------------------------------------


class Evidence(BaseModel):
    """What the family holds on each side."""

    on_watchlist: bool
    us_awards: int = Field(description="In-scope ICE/DHS awards")
    us_obligations_usd: float | None
    components: list[str]
    first_us_date: str | None
    canadian_records: int = Field(description="Canadian records linked as match")
    canadian_by_kind: dict[str, float] = Field(
        description="C$ per kind of money (contract, grant, payment, transfer, vendor_year); "
        "kinds can be the same dollars seen twice and are never added together"
    )
    first_ca_date: str | None


class ScreenQuery(BaseModel):
    name: Name
    country: Short = None
    id: Short = Field(default=None, description="UEI, DUNS or Business Number")
    business_number: Short = None


class ScreenResult(BaseModel):
    name: str
    country: str | None = None
    decision: Decision
    score: float | None = Field(
        description="The matcher's score; null when only a reviewer linked the name"
    )
    family_id: str | None
    family: str | None
    matched_name: str | None
    explanation: str | None
    evidence: Evidence | None
    dossier_url: str | None
    scope: str | None = Field(
        default=None, description="The scope screened: ice (ICE only) or dhs (every component)"
    )
    # the explanation in English, for the screening log whatever the answer's language
    _english: str | None = PrivateAttr(default=None)


def confidence(result: ScreenResult) -> float:
    """A result's score for protocols that need a number: a link only a reviewer made (no
    computed score) is as sure as a match can be."""
    return result.score if result.score is not None else 1.0


class ScreenBatch(BaseModel):
    names: list[ScreenQuery] = Field(min_length=1, max_length=MAX_BATCH)


class ScreenBatchResult(BaseModel):
    counts: dict[str, int]
    results: list[ScreenResult]


# --- families --------------------------------------------------------------------------------


class FamilyOut(BaseModel):
    family_id: str
    name: str
    kind: str
    country: str | None
    on_watchlist: bool
    us_awards: int
    us_obligations_usd: float | None
    canadian_records: int
    canadian_by_kind: dict[str, float]
    in_review: int = Field(description="Canadian names linked for review, not yet decided")
    url: str


class FamilyList(BaseModel):
    total: int
    limit: int
    offset: int
    results: list[FamilyOut]


class Candidate(BaseModel):
    name: str
    matched_name: str | None
    score: float | None
    explanation: str
    pending: bool
    records: int
    value_cad: float | None


class TreeNode(BaseModel):
    label: str
    kind: str
    detail: str | None = None
    url: str | None = None
    children: list["TreeNode"] = []


class JudgementRecord(BaseModel):
    left: str
    right: str
    judgement: Judgement
    reviewer: str
    reason: str | None
    decided_at: str


class Dossier(BaseModel):
    family_id: str
    family: str
    kind: str
    country: str | None
    description: str | None
    on_watchlist: bool
    components: list[str]
    names: list[str]
    family_sources: list[str]
    us_obligations_usd: float | None
    us_awards: list[UsAward]
    canadian: list[KindTotal]
    headline: Headline | None
    canadian_records: list[CanadianRecord]
    by_year: list[YearAmounts]
    us_note: str | None = None
    searched: str = Field(description="Where Canadian money was looked for (the coverage)")
    first_us_date: str | None
    first_ca_date: str | None
    match: MatchSummary
    in_review: list[Candidate]
    tree: TreeNode
    judgements: list[JudgementRecord]


# --- review ----------------------------------------------------------------------------------


class ReviewItemOut(BaseModel):
    name: str
    family_id: str
    family: str
    matched_name: str | None
    score: float | None
    explanation: str
    records: int
    value_cad: float | None
    top_records: list[CanadianRecord] = Field(
        default=[], description="The largest records behind the link: what to check first"
    )


class ReviewQueue(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ReviewItemOut]


class JudgementIn(BaseModel):
    name: str = Field(
        min_length=1, max_length=MAX_NAME_LENGTH, description="The name as in a record"
    )
    family_id: str = Field(min_length=1, max_length=200)
    judgement: Judgement = Field(
        description="positive: the name is this family's; negative: it is not; unsure: look again"
    )
    reason: str = Field(min_length=1, max_length=2000, description="Why; kept with the decision")


class JudgementOut(JudgementRecord):
    name: str
    family_id: str


class JudgementList(BaseModel):
    results: list[JudgementRecord]


# --- keys ------------------------------------------------------------------------------------


class KeyIn(BaseModel):
    role: Literal["reviewer", "admin"]
    name: str = Field(min_length=1, max_length=200, description="Who will hold the key")


class KeyOut(BaseModel):
    key_id: str
    role: str
    name: str
    created_at: str
    revoked_at: str | None


class NewKey(KeyOut):
    key: str = Field(description="The key itself: shown this once, store it now")


class KeyList(BaseModel):
    results: list[KeyOut]


# --- yente: /match, /search, /entities, /catalog, /algorithms ---------------------------------
# The shapes of yente 5 (yente/data/common.py), which yente's own models parse; yente 4
# clients find `features` too. Extra fields (`explanation`, `decision`) are iceout's.


class EntityExample(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(default=None, max_length=200)
    schema_: str = Field(alias="schema", max_length=100, examples=["Company"])
    properties: dict[str, str | list[Any]] = Field(examples=[{"name": ["GardaWorld"]}])


class EntityMatchQuery(BaseModel):
    weights: dict[str, float] = Field(default={}, description="Accepted; iceout has one feature")
    config: dict[str, Any] = Field(default={}, description="Algorithm settings: iceout has none")
    queries: dict[str, EntityExample]


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class EntityOut(BaseModel):
    """A FollowTheMoney entity as yente gives it; nested entities (awards) as values of
    entity properties when asked for."""

    model_config = ConfigDict(populate_by_name=True)

    id: str
    caption: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[Any]]
    datasets: list[str]
    referents: list[str] = []
    target: bool = False
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None


class FeatureResult(BaseModel):
    detail: str | None
    score: float
    query: str | None = None
    candidate: str | None = None


class ScoredEntity(EntityOut):
    score: float
    features: dict[str, float] = Field(description="yente 4: score per feature")
    explanations: dict[str, FeatureResult] = Field(
        description="yente 5: score per feature, with the values compared and why"
    )
    match: bool = Field(description="Whether the score reaches `threshold`")
    explanation: str = Field(description="iceout: why this family, in one sentence")
    decision: str = Field(description="iceout: match, review or clear")


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntity]
    total: TotalSpec = Field(description="Results that are matches (score >= threshold)")
    query: EntityExample


class FeatureDoc(BaseModel):
    description: str | None
    coefficient: float
    url: str


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc]
    limit: int


class SearchFacetItem(BaseModel):
    name: str
    label: str
    count: int


class SearchFacet(BaseModel):
    label: str
    values: list[SearchFacetItem]


class SearchResponse(BaseModel):
    limit: int
    offset: int
    total: TotalSpec
    results: list[EntityOut]
    facets: dict[str, SearchFacet]


class DatasetOut(BaseModel):
    name: str
    title: str
    summary: str | None = None
    entity_count: int | None = None
    version: str
    updated_at: str | None = None
    children: list[str] = []
    load: bool
    index_version: str | None = None
    index_current: bool = True


class DataCatalog(BaseModel):
    datasets: list[DatasetOut]
    current: list[str]
    outdated: list[str]
    index_stale: bool = False


class AlgorithmDocs(BaseModel):
    name: str
    description: str | None = None
    config: dict[str, Any] = {}
    features: dict[str, FeatureDoc]


class Algorithm(BaseModel):
    name: str
    description: str | None = None
    features: dict[str, FeatureDoc]
    docs: AlgorithmDocs


class AlgorithmResponse(BaseModel):
    algorithms: list[Algorithm]
    default: str
    best: str


# --- W3C Reconciliation API (OpenRefine), versions 0.2 and 1.0-draft --------------------------
# Field names are the specification's (camelCase and snake_case as it has them).


class ReconType(BaseModel):
    id: str
    name: str
    description: str | None = None
    broader: list["ReconType"] | None = None


class EntityRef(BaseModel):
    """A property value that is another entity (a column reconciled before)."""

    id: str = Field(max_length=MAX_NAME_LENGTH)
    name: str | None = Field(default=None, max_length=MAX_NAME_LENGTH)


Scalar = Annotated[str, Field(max_length=MAX_NAME_LENGTH)] | bool | int | float
PropertyValue = Scalar | EntityRef | Annotated[list[Scalar | EntityRef], Field(max_length=50)]


class ReconProperty(BaseModel):
    pid: str = Field(max_length=100)
    v: PropertyValue


class ReconQuery(BaseModel):
    query: str | None = Field(default=None, max_length=MAX_NAME_LENGTH)
    type: str | list[str] | None = None
    limit: float | None = Field(default=None, description="Capped at 25, never rejected")
    properties: list[ReconProperty] = Field(default=[], max_length=50)
    type_strict: str | None = None


class ReconFeature(BaseModel):
    id: str
    name: str | None = None
    value: float | bool


class ReconCandidate(BaseModel):
    id: str
    name: str
    description: str | None = None
    type: list[ReconType]
    score: float
    features: list[ReconFeature] = []
    match: bool


class ReconResult(BaseModel):
    result: list[ReconCandidate]


class ReconView(BaseModel):
    url: str


class ReconPreview(BaseModel):
    url: str | None = None
    width: int
    height: int


class SuggestService(BaseModel):
    service_url: str
    service_path: str
    flyout_service_url: str | None = None
    flyout_service_path: str | None = None


class SuggestServices(BaseModel):
    entity: SuggestService
    property: SuggestService
    type: SuggestService


class ServicePath(BaseModel):
    service_url: str
    service_path: str


class PropertySetting(BaseModel):
    name: str
    label: str
    type: Literal["number", "text", "checkbox", "select"]
    default: int | str | bool
    help_text: str


class ExtendMetadata(BaseModel):
    propose_properties: ServicePath
    property_settings: list[PropertySetting]


class ReconManifest(BaseModel):
    """Version 0.2 (validates against the 0.1 and 0.2 schemas)."""

    versions: list[str]
    name: str
    identifierSpace: str
    schemaSpace: str
    defaultTypes: list[ReconType]
    documentation: str
    serviceVersion: str
    view: ReconView
    preview: ReconPreview
    suggest: SuggestServices
    extend: ExtendMetadata
    batchSize: int


class SuggestItem(BaseModel):
    id: str
    name: str
    description: str | None = None
    notable: list[ReconType] | None = None


class SuggestResponse(BaseModel):
    result: list[SuggestItem]


class Flyout(BaseModel):
    id: str
    html: str


class ReconPropertyOut(BaseModel):
    id: str
    name: str
    description: str | None = None


class PropertyProposal(BaseModel):
    type: str
    limit: int | None = None
    properties: list[ReconPropertyOut]


class ExtendProperty(BaseModel):
    id: str = Field(max_length=100)
    settings: dict[str, Any] = {}


class ExtendQuery(BaseModel):
    ids: list[Annotated[str, Field(max_length=200)]] = Field(max_length=MAX_BATCH)
    properties: list[ExtendProperty] = Field(max_length=50)


class ExtendColumn(BaseModel):
    id: str
    name: str
    type: ReconType | None = None


class ExtendResponse(BaseModel):
    meta: list[ExtendColumn]
    rows: dict[str, dict[str, list[dict[str, Any]]]]


# --- W3C Reconciliation API 1.0-draft: what is stable in it ---------------------------------


class DraftCondition(BaseModel):
    """A condition; the draft has named its fields `pid`/`v` and `propertyId`/`propertyValue`
    in turn, and both are accepted."""

    model_config = ConfigDict(populate_by_name=True)

    matchType: Literal["name", "property"]
    propertyId: str | None = Field(default=None, max_length=100, alias="pid")
    propertyValue: PropertyValue | None = Field(default=None, alias="v")
    required: bool = False
    matchQuantifier: Literal["any", "all", "none"] | None = None
    matchQualifier: str | None = Field(default=None, max_length=100)
    lang: str | None = Field(default=None, max_length=50)


class DraftQuery(BaseModel):
    type: str | None = Field(default=None, max_length=100)
    limit: float | None = None
    lang: str | None = Field(default=None, max_length=50)
    dir: Literal["ltr", "rtl", "auto"] | None = None
    conditions: list[DraftCondition] = Field(min_length=1, max_length=50)


class DraftBatch(BaseModel):
    queries: list[DraftQuery] = Field(max_length=MAX_BATCH)


class DraftResult(BaseModel):
    candidates: list[ReconCandidate]


class DraftResults(BaseModel):
    results: list[DraftResult]


class DraftPreview(BaseModel):
    width: int
    height: int


class DraftManifest(BaseModel):
    versions: list[str]
    name: str
    documentation: str
    serviceVersion: str
    view: ReconView
    preview: DraftPreview
    defaultTypes: list[ReconType]
    batchSize: int
    standardizedScore: bool


# --- claims in documents (`iceout claims`) ----------------------------------------------------


class ClaimEvidence(BaseModel):
    record_id: str = Field(
        description="Award id or Canadian reference; a Public Accounts line without one is "
        "named by its file and page"
    )
    kind: str = Field(
        description="The awarding body and kind of a U.S. award ('ICE contract'), or the kind "
        "of Canadian money (contract, grant, payment, transfer, vendor_year)"
    )
    amount: float | None
    currency: Literal["US$", "C$"]
    date: str | None
    source: str | None
    url: str = Field(description="The record's public page")
    fiscal_year: str | None = Field(None, description="Canadian records: the fiscal year")
    department: str | None = Field(None, description="Canadian records: the federal body")
    vendor: str | None = Field(None, description="Canadian records: the name as the record has it")
    program: str | None = Field(None, description="Service class or transfer-payment program")
    location: str | None = Field(None, description="The payee's location (Public Accounts)")
    file: str | None = Field(None, description="Canadian records: the file and row or page read")


class StoredClaim(BaseModel):
    subject: str
    statement: str
    relation: str
    status: Literal["supported", "unverified", "contradicted", "not a claim"]
    evidence: list[ClaimEvidence]
    explanation: str
    trigger_words: str = Field(description="The words the relation was read from")
    negation: str | None = Field(description="The words denying the relation, if any")
    body: str | None = Field(
        None, description="The body named: ICE, CBP, DHS or a Canadian federal body"
    )
    qualifier: str | None = Field(
        None, description="The words making the sentence a demand or a hedge (not a claim)"
    )
    qualifier_kind: Literal["demand", "hedge"] | None = None


class ClaimDocument(BaseModel):
    document: str = Field(description="The file name, as given to `iceout claims`")
    kind: str
    sha256: str
    checked_at: str
    claims: list[StoredClaim]
    presence: list[dict[str, Any]] = Field(
        description="The document's statements about ICE's presence in Canada"
    )


class ClaimDisagreement(BaseModel):
    topic: str
    documents: list[str]
    explanation: str
    positions: list[dict[str, Any]]


class StoredClaims(BaseModel):
    documents: list[ClaimDocument]
    disagreements: list[ClaimDisagreement]
