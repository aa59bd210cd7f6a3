"""The audit log, for auditors: who read or wrote which pathway, and when."""

import asyncio
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from access import Act, User
from api.deps import SessionsDep
from api.guard import GuardedRoute, allowed, note
from api.params import PathwayIdQuery, UserQuery
from db.tables import AuditEvent

router = APIRouter(prefix="/v1", tags=["audit"], route_class=GuardedRoute)


class AuditEventView(BaseModel):
    """One audited access."""

    model_config = ConfigDict(from_attributes=True)

    at: datetime
    user: str
    role: str
    team: str | None
    action: str
    pathway_id: str | None
    detail: str | None
    outcome: str | None = None
    status: int | None = None


@router.get("/audit", response_model=list[AuditEventView])
async def get_audit(
    request: Request,
    auditor: Annotated[User, allowed(Act.READ_AUDIT)],
    sessions: SessionsDep,
    pathway_id: PathwayIdQuery = None,
    user: UserQuery = None,
    since: datetime | None = None,
    outcome: Annotated[
        Literal["done", "refused", "failed"] | None, Query(description="only this outcome")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[AuditEventView]:
    """Audit events, newest first, filtered by pathway, user, time or outcome (itself audited)."""
    filters = {"pathway_id": pathway_id, "user": user, "since": since, "outcome": outcome}
    note(request, detail=" ".join(f"{k}={v}" for k, v in filters.items() if v is not None))
    query = select(AuditEvent)
    if pathway_id is not None:
        query = query.where(AuditEvent.pathway_id == pathway_id)
    if user is not None:
        query = query.where(AuditEvent.user == user)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if outcome is not None:
        query = query.where(AuditEvent.outcome == outcome)
    query = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)

    def read() -> list[AuditEventView]:
        with sessions() as session:
            return [AuditEventView.model_validate(r) for r in session.scalars(query)]

    return await asyncio.to_thread(read)
