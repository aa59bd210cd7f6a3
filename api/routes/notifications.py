"""Notifications for supervisors: their team's outbox (escalations first of all), newest first."""

import asyncio
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import select

from access import Act, User
from api.deps import SessionsDep, scope_of
from api.guard import GuardedRoute, allowed
from db.queries import in_scope
from db.tables import OutboxMessage

router = APIRouter(prefix="/v1", tags=["notifications"], route_class=GuardedRoute)


class NotificationView(BaseModel):
    """One notification, and whether it has been delivered."""

    key: str
    kind: str
    pathway_id: str
    team: str | None
    area: str | None = None
    message: str
    created_at: datetime
    sent: bool
    sent_at: datetime | None

    @classmethod
    def of(cls, row: OutboxMessage) -> "NotificationView":
        """Build the view of an outbox row."""
        return cls(
            key=row.key,
            kind=row.kind,
            pathway_id=row.pathway_id,
            team=row.team,
            area=row.area,
            message=row.message,
            created_at=row.created_at,
            sent=row.sent_at is not None,
            sent_at=row.sent_at,
        )


@router.get("/notifications", response_model=list[NotificationView])
async def get_notifications(
    user: Annotated[User, allowed(Act.LIST_NOTIFICATIONS)],
    sessions: SessionsDep,
    sent: Annotated[bool | None, Query(description="only sent (true) or pending (false)")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="at most this many")] = 200,
) -> list[NotificationView]:
    """Your team's notifications and those of your area's pathways not yet allocated."""
    query = in_scope(select(OutboxMessage), scope_of(user), OutboxMessage.team, OutboxMessage.area)
    if sent is not None:
        query = query.where(
            OutboxMessage.sent_at.is_not(None) if sent else OutboxMessage.sent_at.is_(None)
        )
    query = query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.key.desc()).limit(limit)

    def read() -> list[NotificationView]:
        with sessions() as session:
            return [NotificationView.of(row) for row in session.scalars(query)]

    return await asyncio.to_thread(read)
