"""Caseloads: a caseworker's own pathways, a supervisor's team."""

import asyncio
from typing import Annotated

from fastapi import APIRouter

from access import Act, Role, User
from api.deps import SessionsDep, scope_of
from api.guard import GuardedRoute, allowed
from api.params import CaseworkerQuery
from readmodel.queries import caseload
from readmodel.views import CaseLineView

router = APIRouter(prefix="/v1", tags=["caseload"], route_class=GuardedRoute)


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
        return [CaseLineView.of(line) for line in lines]

    return await asyncio.to_thread(query)
