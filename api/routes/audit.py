"""The audit log, for auditors: who read or wrote which pathway, and when."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from api.auth import Role
from api.deps import SessionsDep, require_role
from api.params import PathwayIdQuery, UserQuery
from db.tables import AuditEvent

router = APIRouter(prefix="/v1", tags=["audit"])


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


@router.get(
    "/audit",
    response_model=list[AuditEventView],
    dependencies=[require_role(Role.AUDITOR)],  # type: ignore[list-item]
)
def get_audit(
    sessions: SessionsDep,
    pathway_id: PathwayIdQuery = None,
    user: UserQuery = None,
    since: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[AuditEventView]:
    """Audit events, newest first, filtered by pathway, user or time."""
    query = select(AuditEvent)
    if pathway_id is not None:
        query = query.where(AuditEvent.pathway_id == pathway_id)
    if user is not None:
        query = query.where(AuditEvent.user == user)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    with sessions() as session:
        rows = session.scalars(
            query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
        )
        return [AuditEventView.model_validate(r) for r in rows]
