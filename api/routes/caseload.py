"""Caseloads: a caseworker's own pathways, a supervisor's team."""

import asyncio
from datetime import date
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel

from access import Act, Role, User
from api.deps import SessionsDep, scope_of
from api.guard import GuardedRoute, allowed
from api.params import CaseworkerQuery
from db.queries import caseload

router = APIRouter(prefix="/v1", tags=["caseload"], route_class=GuardedRoute)


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
    user: Annotated[User, allowed(Act.LIST_CASELOAD)],
    sessions: SessionsDep,
    caseworker: CaseworkerQuery = None,
    include_closed: bool = False,
) -> list[CaseLineView]:
    """Your caseload (caseworkers), or your team's and unallocated pathways (supervisors)."""
    who = user.name if user.role == Role.CASEWORKER and caseworker is None else caseworker

    def query() -> list[CaseLineView]:
        with sessions() as session:
            lines = caseload(
                session, scope=scope_of(user), caseworker=who, include_closed=include_closed
            )
        return [CaseLineView.model_validate(line, from_attributes=True) for line in lines]

    return await asyncio.to_thread(query)
