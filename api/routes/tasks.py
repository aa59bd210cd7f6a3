"""Task lists across pathways: overdue (most overdue first) and due soon."""

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from sqlalchemy.orm import Session, sessionmaker

from access import Act, Role, User
from api.deps import HolidaysDep, SessionsDep, scope_of
from api.guard import GuardedRoute, allowed, note
from api.params import CaseworkerQuery, TeamQuery
from contracts.common import Step
from core.workdays import london_date
from readmodel.queries import Filters, TaskLine, due_soon_tasks, overdue_tasks
from readmodel.views import TaskLineView, task_line_views

router = APIRouter(prefix="/v1/tasks", tags=["tasks"], route_class=GuardedRoute)
Reader = Annotated[User, allowed(Act.LIST_TASKS)]


def _filters(user: User, team: str | None, caseworker: str | None, step: Step | None) -> Filters:
    if team is not None and user.role != Role.AUDITOR and team != user.team:
        raise HTTPException(403, f"you may see team {user.team!r}'s tasks, not team {team!r}'s")
    return Filters(team=team, caseworker=caseworker, step=step.value if step else None)


async def _listed(
    sessions: sessionmaker[Session], fetch: Callable[[Session], list[TaskLine]]
) -> list[TaskLineView]:
    """Run a list query in a thread."""

    def query() -> list[TaskLineView]:
        with sessions() as session:
            return task_line_views(fetch(session))

    return await asyncio.to_thread(query)


def _filtered(request: Request, action: str, filters: Filters) -> None:
    named = {k: v for k, v in vars(filters).items() if v is not None}
    note(request, action=action, detail=" ".join(f"{k}={v}" for k, v in named.items()) or None)


Limit = Annotated[int, Query(ge=1, le=1000, description="at most this many rows")]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


@router.get("/overdue", response_model=list[TaskLineView])
async def get_overdue(
    request: Request,
    user: Reader,
    sessions: SessionsDep,
    holidays: HolidaysDep,
    team: TeamQuery = None,
    caseworker: CaseworkerQuery = None,
    step: Step | None = None,
    limit: Limit = 200,
    offset: Offset = 0,
) -> list[TaskLineView]:
    """Overdue tasks in your team (supervisors: and unallocated pathways), most overdue first."""
    filters = _filters(user, team, caseworker, step)
    _filtered(request, "list_overdue", filters)
    today = london_date(datetime.now(UTC))
    scope = scope_of(user)
    return await _listed(
        sessions,
        lambda session: overdue_tasks(
            session,
            scope=scope,
            filters=filters,
            today=today,
            holidays=holidays,
            limit=limit,
            offset=offset,
        ),
    )


@router.get("/due", response_model=list[TaskLineView])
async def get_due(
    request: Request,
    user: Reader,
    sessions: SessionsDep,
    holidays: HolidaysDep,
    within_days: Annotated[int, Query(ge=0, le=365, description="calendar days ahead")] = 10,
    team: TeamQuery = None,
    caseworker: CaseworkerQuery = None,
    step: Step | None = None,
    limit: Limit = 200,
    offset: Offset = 0,
) -> list[TaskLineView]:
    """Open tasks due from today to `within_days` ahead, soonest first."""
    filters = _filters(user, team, caseworker, step)
    _filtered(request, "list_due", filters)
    today = london_date(datetime.now(UTC))
    scope = scope_of(user)
    return await _listed(
        sessions,
        lambda session: due_soon_tasks(
            session,
            scope=scope,
            filters=filters,
            today=today,
            until=today + timedelta(days=within_days),
            holidays=holidays,
            limit=limit,
            offset=offset,
        ),
    )
