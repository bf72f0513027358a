"""Request and response shapes of the API (they make /openapi.json). yente's /match shape and
the W3C reconciliation shape are kept as those specifications have them."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from iceout.api.limits import MAX_BATCH, MAX_NAME_LENGTH
from iceout.domain import Decision, Judgement
from iceout.report.records import CanadianRecord, MatchSummary, UsAward, YearAmounts

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
    canadian_records: int = Field(description="Canadian contracts and grants linked as match")
    canadian_value_cad: float | None
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
    canadian_value_cad: float | None
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
    canadian_value_cad: float | None
    canadian_records: list[CanadianRecord]
    by_year: list[YearAmounts]
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


# --- yente: POST /match/{dataset} -------------------------------------------------------------


class EntityExample(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(default=None, max_length=200)
    schema_: str = Field(alias="schema", max_length=100, examples=["Company"])
    properties: dict[str, str | list[Any]] = Field(examples=[{"name": ["GardaWorld"]}])


class EntityMatchQuery(BaseModel):
    weights: dict[str, float] = {}
    config: dict[str, Any] = {}
    queries: dict[str, EntityExample]


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class ScoredEntity(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    caption: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[str]]
    datasets: list[str]
    referents: list[str] = []
    target: bool = True
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None
    score: float
    features: dict[str, float]
    match: bool
    explanation: str = Field(description="iceout: why this family, in one sentence")
    decision: str = Field(description="iceout: match, review or clear")


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntity]
    total: TotalSpec
    query: EntityExample


class FeatureDoc(BaseModel):
    description: str
    coefficient: float
    url: str


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc]
    limit: int


# --- W3C reconciliation (OpenRefine) ----------------------------------------------------------


class ReconType(BaseModel):
    id: str
    name: str


class ReconProperty(BaseModel):
    pid: str = Field(max_length=100)
    v: str | int | float | bool | None = None


class ReconQuery(BaseModel):
    query: str = Field(default="", max_length=MAX_NAME_LENGTH)
    type: str | list[str] | None = None
    limit: int = Field(default=3, ge=1, le=25)
    properties: list[ReconProperty] = Field(default=[], max_length=20)
    type_strict: str | None = None


class ReconCandidate(BaseModel):
    id: str
    name: str
    type: list[ReconType]
    score: float
    match: bool
    description: str | None = None


class ReconResult(BaseModel):
    result: list[ReconCandidate]


class ReconView(BaseModel):
    url: str


class ReconPreview(BaseModel):
    url: str
    width: int
    height: int


class ReconManifest(BaseModel):
    versions: list[str]
    name: str
    identifierSpace: str  # camelCase: names fixed by the specification
    schemaSpace: str
    defaultTypes: list[ReconType]
    view: ReconView
    preview: ReconPreview
    documentation: str
    batchSize: int


# --- claims in documents (`iceout claims`) ----------------------------------------------------


class ClaimEvidence(BaseModel):
    record_id: str
    kind: str = Field(description="The awarding body and kind, e.g. 'ICE contract'")
    amount: float | None
    date: str | None
    source: str | None
    url: str = Field(description="The record's public page")


class StoredClaim(BaseModel):
    subject: str
    statement: str
    relation: str
    status: Literal["supported", "unverified", "contradicted"]
    evidence: list[ClaimEvidence]
    explanation: str
    trigger_words: str = Field(description="The words the relation was read from")
    negation: str | None = Field(description="The words denying the relation, if any")


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
