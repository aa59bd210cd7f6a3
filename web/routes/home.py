"""Home pages: the supervisor's team dashboard and the caseworker's own work."""

import asyncio
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from access import Act, Role, User
from api.deps import HolidaysDep, SessionsDep, scope_of
from api.guard import note
from contracts.common import Step
from core.workdays import london_date
from readmodel.queries import Filters, caseworkers, teams
from web.guard import PageRoute, page
from web.templating import render
from web.worklists import DUE_SOON_DAYS, Worklist, worklist

router = APIRouter(include_in_schema=False, route_class=PageRoute)


@router.get("/")
async def home(user: Annotated[User, page(Act.USE_PAGES)]) -> RedirectResponse:
    """Send each user to their home page."""
    if user.role == Role.CASEWORKER:
        return RedirectResponse("/my-work", status_code=303)
    return RedirectResponse("/dashboard", status_code=303)


def _read(
    sessions: SessionsDep,
    user: User,
    filters: Filters,
    today: date,
    holidays: frozenset[date],
    escalated_only: bool = False,
) -> tuple[Worklist, list[str], list[str]]:
    scope = scope_of(user)
    with sessions() as session:
        work = worklist(
            session,
            scope=scope,
            filters=filters,
            today=today,
            holidays=holidays,
            escalated_only=escalated_only,
        )
        return work, caseworkers(session, scope), teams(session)


def _allocated_banner(allocated: str | None, people: list[str]) -> str | None:
    """The banner after an allocation: a name only if it is a case manager the page lists.

    The name comes from the query string, so anything else gets the fixed sentence: a link
    cannot make the page say what its sender likes.
    """
    if not allocated:
        return None
    return f"Case allocated to {allocated}." if allocated in people else "Case allocated."


@router.get("/dashboard", response_class=HTMLResponse)
async def dashboard(
    request: Request,
    user: Annotated[User, page(Act.VIEW_DASHBOARD)],
    sessions: SessionsDep,
    holidays: HolidaysDep,
    caseworker: Annotated[str | None, Query(max_length=200)] = None,
    step: Annotated[str | None, Query(max_length=40)] = None,
    escalated: Annotated[str | None, Query(max_length=10)] = None,
    allocated: str | None = None,
) -> HTMLResponse:
    """The team dashboard: overdue and soon-due tasks by caseworker, and unallocated cases."""
    step_id = step if step in {s.value for s in Step} else None
    filters = Filters(caseworker=caseworker or None, step=step_id)
    today = london_date(datetime.now(UTC))
    note(request, action="list_overdue", detail="dashboard page")
    work, people, known_teams = await asyncio.to_thread(
        _read, sessions, user, filters, today, holidays, escalated == "yes"
    )
    return render(
        request,
        "dashboard.html",
        user=user,
        nav="dashboard",
        work=work,
        today=today,
        people=people,
        teams=sorted({*known_teams, *([user.team] if user.team else [])}),
        filters={"caseworker": filters.caseworker, "step": step_id, "escalated": escalated},
        filtered=bool(filters.caseworker or step_id or escalated),
        due_soon_days=DUE_SOON_DAYS,
        banner=_allocated_banner(allocated, people),
    )


@router.get("/my-work", response_class=HTMLResponse)
async def my_work(
    request: Request,
    user: Annotated[User, page(Act.VIEW_MY_WORK)],
    sessions: SessionsDep,
    holidays: HolidaysDep,
) -> HTMLResponse:
    """A caseworker's tasks (overdue first, then due soon) and caseload."""
    note(request, detail="my work page")
    today = london_date(datetime.now(UTC))
    work, _, _ = await asyncio.to_thread(
        _read, sessions, user, Filters(caseworker=user.name), today, holidays
    )
    return render(
        request,
        "my_work.html",
        user=user,
        nav="my-work",
        work=work,
        today=today,
        due_soon_days=DUE_SOON_DAYS,
    )
