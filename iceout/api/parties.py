"""Party screening of an export permit application for the API and the web UI: the shapes
of the request and answer, over iceout/screen/parties.py."""

from pydantic import BaseModel, Field

from iceout.api.store import Store
from iceout.domain import Decision
from iceout.screen.parties import (
    MAX_FIELD,
    MAX_PARTIES,
    ApplicationVerdict,
    as_dict,
    parties_of,
    screen_parties,
)


class PartyIn(BaseModel):
    role: str = Field(
        default="",
        max_length=100,
        description="consignee, end user, intermediate consignee, purchaser, ...",
    )
    name: str = Field(min_length=1, max_length=MAX_FIELD)
    address: str = Field(default="", max_length=MAX_FIELD)
    country: str = Field(default="", max_length=100)


class ApplicationIn(BaseModel):
    parties: list[PartyIn] = Field(min_length=1, max_length=MAX_PARTIES)


class AwardOut(BaseModel):
    award_id: str | None
    component: str
    recipient: str | None
    amount_usd: float | None
    start_date: str | None


class PartyOut(BaseModel):
    role: str
    name: str
    address: str
    country: str
    decision: Decision
    basis: str = Field(description="dhs_body, contractor or clear")
    reason: str
    component: str | None
    office: str | None
    family_id: str | None
    family: str | None
    score: float | None
    awards_in_scope: int
    obligations_usd: float | None
    top_awards: list[AwardOut] = Field(description="The family's largest awards in scope")
    dossier_url: str | None


class ApplicationOut(BaseModel):
    decision: Decision = Field(description="The gravest of the parties' decisions")
    scope: str
    summary: str
    checked: str = Field(description="What every party was checked against")
    parties: list[PartyOut]


def screen_application(store: Store, rows: list[dict[str, str]], scope: str) -> ApplicationVerdict:
    parties = parties_of(rows)
    with store.reading() as con:
        return screen_parties(con, store.screener, parties, scope)


def application_out(verdict: ApplicationVerdict, lang: str) -> ApplicationOut:
    """The answer in the reader's language (reasons, summary, what was checked, offices)."""
    return ApplicationOut.model_validate(as_dict(verdict, lang))
