"""The review queue and reviewers' decisions. Deciding needs a reviewer's (or admin's) API
key; every decision is stored in rev_judgements with who (the key's holder and id), when and
why, and shows on the next read."""

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from iceout.api.auth import require
from iceout.api.keys import ApiKey
from iceout.api.limits import MAX_PAGE
from iceout.api.models import (
    JudgementIn,
    JudgementList,
    JudgementOut,
    JudgementRecord,
    ReviewItemOut,
    ReviewQueue,
)
from iceout.api.review import records_behind, review_queue
from iceout.api.routes import errors, store_of
from iceout.domain import Judgement
from iceout.errors import InputError
from iceout.i18n import N_
from iceout.resolve.judgements import Node, decision

router = APIRouter(tags=["Review"])

AUTH_ERRORS = errors(400, 401, 403)

HISTORY_SQL = """
SELECT left_id, right_id, judgement, reviewer, reason, decided_at FROM rev_judgements
WHERE $node IS NULL OR left_id = $node OR right_id = $node
ORDER BY decided_at DESC LIMIT $limit
"""


@router.get("/api/review", response_model=ReviewQueue)
def review(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ReviewQueue:
    """Canadian names linked to a watchlist company for review that nobody has decided on
    yet, largest Canadian value first, each with the largest records behind it."""
    queue = review_queue(store_of(request))
    items = queue[offset : offset + limit]
    behind = records_behind(store_of(request), items)
    page = [ReviewItemOut(**vars(item), top_records=behind.get(item.name, [])) for item in items]
    return ReviewQueue(total=len(queue), limit=limit, offset=offset, items=page)


@router.post("/api/judgements", status_code=201, response_model=JudgementOut, responses=AUTH_ERRORS)
async def judge(
    request: Request,
    body: JudgementIn,
    key: Annotated[ApiKey, Depends(require("reviewer"))],
) -> JudgementOut:
    """Judge a name -> family link positive (confirmed), negative (rejected) or unsure, with a
    reason. Decisions are transitive (see iceout/resolve/judgements.py) and apply at every
    rebuild."""
    reason = " ".join(body.reason.split())
    if not reason:
        raise InputError(N_("a decision needs a reason"))
    store = store_of(request)
    if body.family_id not in store.families:
        raise InputError(
            f"no family with id {body.family_id!r} (see exposure.json or /api/families)"
        )
    edge = decision(
        Node.of_name(body.name),
        Node.of_family(body.family_id),
        body.judgement,
        key.reviewer,
        reason,
    )
    # answered once the store's writer has committed it (iceout/api/store.py)
    decided = await asyncio.wrap_future(store.record(edge))
    return JudgementOut(
        name=body.name,
        family_id=body.family_id,
        left=str(decided.left),
        right=str(decided.right),
        judgement=decided.judgement,
        reviewer=decided.reviewer,
        reason=decided.reason,
        decided_at=decided.decided_at.isoformat(timespec="seconds"),
    )


@router.get("/api/judgements", response_model=JudgementList)
def judgements(
    request: Request,
    family_id: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> JudgementList:
    """Reviewers' decisions, latest first (all, or those about one family)."""
    node = str(Node.of_family(family_id)) if family_id else None
    with store_of(request).reading() as con:
        rows = con.execute(HISTORY_SQL, {"node": node, "limit": limit}).fetchall()
    return JudgementList(
        results=[
            JudgementRecord(
                left=r[0],
                right=r[1],
                judgement=Judgement(r[2]),
                reviewer=r[3],
                reason=r[4],
                decided_at=r[5].isoformat(timespec="seconds"),
            )
            for r in rows
        ]
    )
