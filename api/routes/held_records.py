"""Held and rejected court records: listed, read whole, and replayed after a fix.

The list carries reasons and field errors but no payload (which holds a child's name and date
of birth); reading one record whole is audited. A replay sends the stored original, or the
corrected record in the body, through the same path as a new record.
"""

import asyncio
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from temporalio.service import RPCError

from access import Act, User
from api.deps import IngestDep, SessionsDep
from api.guard import GuardedRoute, allowed, note
from api.params import HeldId
from api.routes.court_outcomes import checked, intake_summary, read_json, temporal_unavailable
from core.errors import HeldNotFound, InvalidInput
from ingest.held import COURT_KINDS, HeldDetail, HeldPage, HeldQuery, HeldStore
from ingest.replay import replay
from ingest.service import RecordResult

router = APIRouter(
    prefix="/v1/court-outcomes/held", tags=["court outcomes"], route_class=GuardedRoute
)
HeldResult = Literal["held", "rejected"]
REPLAY_BODY_BYTES = 1024 * 1024
"""A corrected record: one court outcome or one Common Platform message."""


class ReplayResponse(BaseModel):
    """What a replay gave: one result per record, and whether the held record is resolved."""

    held_id: int
    resolved: bool
    results: list[RecordResult]


async def page_of(
    sessions: SessionsDep,
    user: User,
    kinds: tuple[str, ...],
    result: HeldResult | None,
    resolved: bool,
    after: int,
    limit: int,
) -> HeldPage:
    """A page of the held records of some kinds that `user` may see (also victim details)."""
    query = HeldQuery(kinds=kinds, result=result, resolved=resolved, after=after, limit=limit)
    return await asyncio.to_thread(HeldStore(sessions).page, query, user)


@router.get("", response_model=HeldPage)
async def list_held_court_outcomes(
    user: Annotated[User, allowed(Act.LIST_HELD_RECORDS)],
    sessions: SessionsDep,
    result: Annotated[HeldResult | None, Query(description="only held, or only rejected")] = None,
    resolved: Annotated[bool, Query(description="list resolved records instead")] = False,
    after: Annotated[int, Query(ge=0, le=2**31 - 1, description="continue after this id")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> HeldPage:
    """Held and rejected court records, oldest first: reasons and field errors, no payloads.

    Integrators see what they sent; supervisors their area's intake; auditors everything.
    """
    return await page_of(sessions, user, COURT_KINDS, result, resolved, after, limit)


@router.get("/{held_id}", response_model=HeldDetail)
async def get_held_court_outcome(
    request: Request,
    held_id: HeldId,
    user: Annotated[User, allowed(Act.READ_HELD_RECORD)],
    sessions: SessionsDep,
) -> HeldDetail:
    """One held or rejected court record with the payload it was received with."""
    note(request, detail=f"held record {held_id}")
    found = await asyncio.to_thread(HeldStore(sessions).get, held_id, COURT_KINDS, user)
    if found is None:
        raise HeldNotFound(f"no held court record {held_id}")
    return found


@router.post(
    "/{held_id}/replay",
    response_model=ReplayResponse,
    responses={
        404: {"description": "no such held record"},
        409: {"description": "the held record was resolved already"},
        422: {"description": "the stored original is not JSON: send a corrected record"},
    },
)
async def replay_held_court_outcome(
    held_id: HeldId,
    request: Request,
    user: Annotated[User, allowed(Act.REPLAY_HELD_RECORD, max_body=REPLAY_BODY_BYTES)],
    sessions: SessionsDep,
    ingest: IngestDep,
) -> ReplayResponse:
    """Replay a held or rejected record: the stored original, or the corrected record sent."""
    note(request, detail=f"held record {held_id}")
    corrected = await optional_json(request)
    try:
        done = await replay(ingest, HeldStore(sessions), held_id, corrected, user)
    except RPCError as err:
        raise temporal_unavailable(err) from err
    note(request, detail=intake_summary(done.results))
    return ReplayResponse(held_id=held_id, resolved=done.resolved, results=done.results)


async def optional_json(request: Request) -> Any | None:
    """The JSON body if there is one (a single record), else None."""
    value = await read_json(request, REPLAY_BODY_BYTES, optional=True)
    if isinstance(value, list):
        raise InvalidInput("send one corrected record (an object), not an array")
    if value is not None:
        checked([value])
    return value
