"""Home pages: the supervisor's team dashboard and the caseworker's own work."""

import asyncio
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from access import Act, Role, User
from api.deps import HolidaysDep, SessionsDep, SettingsDep, scope_of
from api.guard import note
from contracts.common import Step
from core.workdays import london_date
from readmodel.queries import Filters
from web.guard import PageRoute, page
from web.queries import allocation_choices
from web.staff_pages import STATUS_TAGS, team_staff
from web.templating import render
from web.transfer_panel import read_incoming
from web.worklists import DUE_SOON_DAYS, Worklist, worklist

router = APIRouter(include_in_schema=False, route_class=PageRoute)


@router.get("/")
async def home(user: Annotated[User, page(Act.USE_PAGES)]) -> RedirectResponse:
    """Send each user to their home page."""
    if user.role == Role.CASEWORKER:
        return RedirectResponse("/my-work", status_code=303)
    return RedirectResponse("/dashboard", status_code=303)


class HomePage:
    """A home page's read: the user's worklist as of today, and what its allocation form offers."""

    def __init__(self, sessions: SessionsDep, holidays: HolidaysDep) -> None:
        self.sessions = sessions
        self.holidays = holidays
        self.today = london_date(datetime.now(UTC))

    async def read(
        self, user: User, filters: Filters, *, escalated_only: bool = False
    ) -> tuple[Worklist, list[str], list[str]]:
        """Read the worklist in the user's scope, and the case managers and teams to offer."""

        def read() -> tuple[Worklist, list[str], list[str]]:
            with self.sessions() as session:
                work = worklist(
                    session,
                    scope=scope_of(user),
                    filters=filters,
                    today=self.today,
                    holidays=self.holidays,
                    escalated_only=escalated_only,
                )
                return work, *allocation_choices(session, user)

        return await asyncio.to_thread(read)

    def render(
        self, request: Request, template: str, user: User, work: Worklist, **context: Any
    ) -> HTMLResponse:
        """Render a home page of `work` as of today."""
        return render(
            request,
            template,
            user=user,
            work=work,
            today=self.today,
            due_soon_days=DUE_SOON_DAYS,
            **context,
        )


HomePageDep = Annotated[HomePage, Depends()]


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
    home_page: HomePageDep,
    settings: SettingsDep,
    caseworker: Annotated[str | None, Query(max_length=200)] = None,
    step: Annotated[str | None, Query(max_length=40)] = None,
    escalated: Annotated[str | None, Query(max_length=10)] = None,
    allocated: str | None = None,
    transfer: Annotated[str | None, Query(max_length=20)] = None,
    supervised: Annotated[str | None, Query(max_length=10)] = None,
) -> HTMLResponse:
    """The team dashboard: tasks, unallocated cases, transfers, staff supervision."""
    step_id = step if step in {s.value for s in Step} else None
    filters = Filters(caseworker=caseworker or None, step=step_id)
    note(request, action="list_overdue", detail="dashboard page")
    work, people, teams = await home_page.read(user, filters, escalated_only=escalated == "yes")
    incoming, incoming_names = await asyncio.to_thread(read_incoming, home_page.sessions, user)
    staff = await asyncio.to_thread(
        team_staff, home_page.sessions, settings, home_page.holidays, user
    )
    banner = _allocated_banner(allocated, people)
    if supervised == "yes":  # a fixed sentence, as below
        banner = "Clinical supervision recorded."
    if transfer == "refused":  # a fixed sentence: nothing of the query string is shown
        banner = "Transfer refused: the case stays with the team that asked."
    return home_page.render(
        request,
        "dashboard.html",
        user,
        work,
        nav="dashboard",
        people=people,
        teams=teams,
        filters={"caseworker": filters.caseworker, "step": step_id, "escalated": escalated},
        filtered=bool(filters.caseworker or step_id or escalated),
        banner=banner,
        incoming=incoming,
        incoming_names=incoming_names,
        staff=staff,
        STAFF_TAGS=STATUS_TAGS,
    )


@router.get("/my-work", response_class=HTMLResponse)
async def my_work(
    request: Request, user: Annotated[User, page(Act.VIEW_MY_WORK)], home_page: HomePageDep
) -> HTMLResponse:
    """A caseworker's tasks (overdue first, then due soon) and caseload."""
    note(request, detail="my work page")
    work, _, _ = await home_page.read(user, Filters(caseworker=user.name))
    return home_page.render(request, "my_work.html", user, work, nav="my-work")
