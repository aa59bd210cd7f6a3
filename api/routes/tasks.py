"""Task lists across pathways: overdue (most overdue first) and due soon."""

import asyncio
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Annotated, Protocol, Unpack

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from sqlalchemy.orm import Session

from access import Act, Role, User
from api.deps import HolidaysDep, SessionsDep, scope_of
from api.guard import GuardedRoute, allowed, note
from api.params import CaseworkerQuery, TeamQuery
from contracts.common import Step
from core.workdays import london_date
from readmodel.queries import Filters, TaskLine, TaskListArgs, due_soon_tasks, overdue_tasks
from readmodel.views import TaskLineView, task_line_views

router = APIRouter(prefix="/v1/tasks", tags=["tasks"], route_class=GuardedRoute)
Reader = Annotated[User, allowed(Act.LIST_TASKS)]
Limit = Annotated[int, Query(ge=1, le=1000, description="at most this many rows")]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


class TaskQuery(Protocol):
    """A query of the read model's task lines (`readmodel.queries`)."""

    def __call__(self, session: Session, **asked: Unpack[TaskListArgs]) -> list[TaskLine]:
        """Return one page of the task lines `scope` may see that pass `filters`."""
        ...


class TaskList:
    """What every task list is asked with: by whom, for which tasks, and which page.

    A dependency: FastAPI reads the filters and the page from the query. Nothing is judged
    until `fetch`, so a route's own parameters are validated first.
    """

    def __init__(
        self,
        request: Request,
        user: Reader,
        sessions: SessionsDep,
        holidays: HolidaysDep,
        team: TeamQuery = None,
        caseworker: CaseworkerQuery = None,
        step: Step | None = None,
        limit: Limit = 200,
        offset: Offset = 0,
    ) -> None:
        self.request, self.user, self.sessions, self.holidays = request, user, sessions, holidays
        self.team, self.caseworker, self.step = team, caseworker, step
        self.limit, self.offset = limit, offset
        self.today = london_date(datetime.now(UTC))

    def filters(self) -> Filters:
        """The filters as asked, or 403 for another team's tasks (an auditor may ask any)."""
        team, user = self.team, self.user
        if team is not None and user.role != Role.AUDITOR and team != user.team:
            raise HTTPException(403, f"you may see team {user.team!r}'s tasks, not team {team!r}'s")
        step = self.step.value if self.step else None
        return Filters(team=team, caseworker=self.caseworker, step=step)

    async def fetch(self, action: str, query: TaskQuery) -> list[TaskLineView]:
        """Audit the list as `action` with its filters, and run `query` in a thread."""
        filters = self.filters()
        named = {k: v for k, v in vars(filters).items() if v is not None}
        detail = " ".join(f"{k}={v}" for k, v in named.items()) or None
        note(self.request, action=action, detail=detail)
        scope = scope_of(self.user)

        def run() -> list[TaskLineView]:
            with self.sessions() as session:
                lines = query(
                    session,
                    scope=scope,
                    filters=filters,
                    today=self.today,
                    holidays=self.holidays,
                    limit=self.limit,
                    offset=self.offset,
                )
                return task_line_views(lines)

        return await asyncio.to_thread(run)


Listed = Annotated[TaskList, Depends()]


def _within_days(
    within_days: Annotated[int, Query(ge=0, le=365, description="calendar days ahead")] = 10,
) -> int:
    # A dependency of its own, listed before the list's: FastAPI validates a route's
    # dependencies before its own parameters, and a 422 names this one first.
    return within_days


@router.get("/overdue", response_model=list[TaskLineView])
async def get_overdue(tasks: Listed) -> list[TaskLineView]:
    """Overdue tasks in your team (supervisors: and unallocated pathways), most overdue first."""
    return await tasks.fetch("list_overdue", overdue_tasks)


@router.get("/due", response_model=list[TaskLineView])
async def get_due(
    within_days: Annotated[int, Depends(_within_days)], tasks: Listed
) -> list[TaskLineView]:
    """Open tasks due from today to `within_days` ahead, soonest first."""
    until = tasks.today + timedelta(days=within_days)
    return await tasks.fetch("list_due", partial(due_soon_tasks, until=until))
