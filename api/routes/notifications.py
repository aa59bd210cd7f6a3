"""Notifications for supervisors: their team's outbox (escalations first of all), newest first."""

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query

from access import Act, User
from api.deps import SessionsDep, scope_of
from api.guard import GuardedRoute, allowed
from readmodel.queries import notifications
from readmodel.views import NotificationView

router = APIRouter(prefix="/v1", tags=["notifications"], route_class=GuardedRoute)


@router.get("/notifications", response_model=list[NotificationView])
async def get_notifications(
    user: Annotated[User, allowed(Act.LIST_NOTIFICATIONS)],
    sessions: SessionsDep,
    sent: Annotated[bool | None, Query(description="only sent (true) or pending (false)")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="at most this many")] = 200,
) -> list[NotificationView]:
    """Your team's notifications and those of your area's pathways not yet allocated."""
    scope = scope_of(user)

    def read() -> list[NotificationView]:
        with sessions() as session:
            rows = notifications(session, scope=scope, sent=sent, limit=limit)
            return [NotificationView.of(row) for row in rows]

    return await asyncio.to_thread(read)
