"""The supervision queue: decisions and their bias reflections offered to discuss.

`GET /v1/reflections/queue` lists the decisions offered to the caller's team's supervisors
(every override, and one decision in `PATHWAY_REFLECTION_SAMPLE_EVERY`); `POST
/v1/reflections/{pathway_id}/{seq}/discussion` records the discussion with the case manager
(`readmodel.discussions`). The bias reflections report is `GET /v1/reports/bias-reflections`.
"""

import asyncio
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from access import Act, User
from api.deps import SessionsDep, SettingsDep, scope_of
from api.guard import GuardedRoute, allowed, note
from api.params import PathwayId
from contracts.reflections import Discussion, QueuedDecision
from core.workdays import london_date
from readmodel import discussions

router = APIRouter(prefix="/v1/reflections", tags=["bias reflections"], route_class=GuardedRoute)
BODY_BYTES = 8 * 1024
Seq = Annotated[int, Path(ge=0, le=10_000, description="the reflection's number on the pathway")]


@router.get("/queue", response_model=list[QueuedDecision])
async def get_queue(
    user: Annotated[User, allowed(Act.LIST_DISCUSSIONS)],
    sessions: SessionsDep,
    settings: SettingsDep,
    discussed: Annotated[
        bool | None, Query(description="false: still to discuss (default); true: discussed")
    ] = False,
) -> list[QueuedDecision]:
    """Decisions offered to your team's supervisors to discuss (auditors: every team's)."""

    def read() -> list[QueuedDecision]:
        with sessions() as session:
            return discussions.queue(
                session, scope_of(user), settings.reflection_sample_every, discussed=discussed
            )

    return await asyncio.to_thread(read)


@router.post("/{pathway_id}/{seq}/discussion", response_model=QueuedDecision, status_code=201)
async def record_discussion(
    pathway_id: PathwayId,
    seq: Seq,
    discussion: Discussion,
    request: Request,
    user: Annotated[User, allowed(Act.RECORD_DISCUSSION, max_body=BODY_BYTES)],
    sessions: SessionsDep,
    settings: SettingsDep,
) -> QueuedDecision:
    """Record your discussion of an offered decision with the case manager (once)."""
    note(request, pathway_id=pathway_id, detail=f"decision {seq}: {discussion.outcome.value}")

    def record() -> QueuedDecision:
        with sessions.begin() as session:
            return discussions.record_discussion(
                session,
                scope_of(user),
                settings.reflection_sample_every,
                pathway_id,
                seq,
                discussion,
                user.name,
                london_date(datetime.now(UTC)),
            )

    return await asyncio.to_thread(record)
