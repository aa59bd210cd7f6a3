"""Caseloads: a caseworker's own pathways, a supervisor's team."""

import asyncio
from datetime import date

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

from api.audit import audit
from api.auth import Role
from api.deps import SessionsDep, UserDep, scope_of
from api.params import CaseworkerQuery
from db.queries import caseload

router = APIRouter(prefix="/v1", tags=["caseload"])


class CaseLineView(BaseModel):
    """One pathway in a caseload."""

    pathway_id: str
    disposal: str
    status: str
    caseworker: str | None
    team: str | None
    made_on: date
    order_ends_on: date
    overdue_tasks: int


@router.get("/caseload", response_model=list[CaseLineView])
async def get_caseload(
    user: UserDep,
    sessions: SessionsDep,
    caseworker: CaseworkerQuery = None,
    include_closed: bool = False,
) -> list[CaseLineView]:
    """Your caseload (caseworkers), or your team's and unallocated pathways (supervisors)."""
    if user.role not in (Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR):
        raise HTTPException(403, f"a {user.role.value} may not read caseloads")
    who = user.name if user.role == Role.CASEWORKER and caseworker is None else caseworker

    def query() -> list[CaseLineView]:
        with sessions() as session:
            lines = caseload(
                session, scope=scope_of(user), caseworker=who, include_closed=include_closed
            )
        return [CaseLineView.model_validate(line, from_attributes=True) for line in lines]

    rows, _ = await asyncio.gather(asyncio.to_thread(query), audit(sessions, user, "list_caseload"))
    return rows
