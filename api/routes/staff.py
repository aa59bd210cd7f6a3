"""Staff and their clinical supervision: a team's case managers, when each is due, and records.

A team's supervisors add their case managers (`POST /v1/staff`), record one leaving, and
record each one-to-one clinical supervision they hold (a date and themes: no case content).
`GET /v1/staff` answers each member's supervision as it stands: on track, due, overdue or
escalated (ADR 0124). Supervisors act on their own team only; auditors read every team's.
"""

import asyncio
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from access import Act, Role, User
from api.deps import HolidaysDep, SessionsDep, SettingsDep
from api.guard import GuardedRoute, allowed, note
from api.params import MAX_NAME, TeamQuery
from contracts.staff import (
    StaffJoining,
    StaffLeaving,
    StaffView,
    SupervisionRecord,
    SupervisionView,
)
from core.errors import FieldProblem, InvalidInput, NotFound
from core.settings import Settings
from core.workdays import london_date
from db import staff

router = APIRouter(prefix="/v1/staff", tags=["staff"], route_class=GuardedRoute)
BODY_BYTES = 4 * 1024
StaffUser = Annotated[
    str, Path(min_length=1, max_length=MAX_NAME, description="the member of staff's user name")
]


def _today() -> date:
    return london_date(datetime.now(UTC))


def own_team(user: User) -> str:
    """The supervisor's team: the only one whose staff they manage."""
    if user.team is None:
        raise NotFound("you have no team: there is no staff to manage")
    return user.team


def _team_read(user: User, team: str | None) -> str | None:
    # Supervisors read their own team whatever they ask; auditors any team, or every team.
    if user.role == Role.AUDITOR:
        return team
    return own_team(user)


def list_staff(
    sessions: SessionsDep,
    settings: Settings,
    holidays: frozenset[date],
    team: str | None,
    *,
    include_left: bool = False,
) -> list[StaffView]:
    """The staff of a team (None: every team) as they stand today."""
    with sessions() as session:
        return staff.staff_of(
            session,
            None if team is None else [team],
            _today(),
            interval_months=settings.staff_supervision_interval_months,
            escalate_after=settings.deadlines.escalate_after_working_days_overdue,
            holidays=holidays,
            include_left=include_left,
        )


@router.get("", response_model=list[StaffView])
async def get_staff(
    user: Annotated[User, allowed(Act.LIST_STAFF)],
    sessions: SessionsDep,
    settings: SettingsDep,
    holidays: HolidaysDep,
    team: TeamQuery = None,
    include_left: Annotated[bool, Query(description="include staff who have left")] = False,
) -> list[StaffView]:
    """Your team's case managers and their clinical supervision (auditors: any team, or all)."""
    chosen = _team_read(user, team)
    return await asyncio.to_thread(
        list_staff, sessions, settings, holidays, chosen, include_left=include_left
    )


@router.post("", response_model=StaffView, status_code=201)
async def add_staff(
    joining: StaffJoining,
    request: Request,
    user: Annotated[User, allowed(Act.MANAGE_STAFF, max_body=BODY_BYTES)],
    sessions: SessionsDep,
    settings: SettingsDep,
    holidays: HolidaysDep,
) -> StaffView:
    """Add a case manager to your team, from the day they joined."""
    if joining.team != own_team(user):
        raise InvalidInput(problems=[FieldProblem("team", f"is not your team ({user.team})")])
    note(request, detail=f"staff {joining.user} joined {joining.team} on {joining.joined_on}")

    def add() -> StaffView:
        with sessions.begin() as session:
            staff.join(session, joining, user.name)
        return _one(sessions, settings, holidays, joining.team, joining.user)

    return await asyncio.to_thread(add)


@router.post("/{staff_user}/leaving", response_model=StaffView)
async def staff_leaving(
    staff_user: StaffUser,
    leaving: StaffLeaving,
    request: Request,
    user: Annotated[User, allowed(Act.MANAGE_STAFF, max_body=BODY_BYTES)],
    sessions: SessionsDep,
    settings: SettingsDep,
    holidays: HolidaysDep,
) -> StaffView:
    """Record that a case manager left your team: nothing falls due for them after."""
    team = own_team(user)
    note(request, detail=f"staff {staff_user} left {team} on {leaving.left_on}")

    def record() -> StaffView:
        with sessions.begin() as session:
            staff.leave(session, team, staff_user, leaving.left_on)
        return _one(sessions, settings, holidays, team, staff_user, include_left=True)

    return await asyncio.to_thread(record)


@router.post("/{staff_user}/supervisions", response_model=SupervisionView, status_code=201)
async def record_supervision(
    staff_user: StaffUser,
    record: SupervisionRecord,
    request: Request,
    user: Annotated[User, allowed(Act.RECORD_SUPERVISION, max_body=BODY_BYTES)],
    sessions: SessionsDep,
) -> SupervisionView:
    """Record a one-to-one clinical supervision you held with a case manager of your team."""
    team = own_team(user)
    note(request, detail=f"supervision of {staff_user} on {record.supervised_on}")

    def add() -> SupervisionView:
        with sessions.begin() as session:
            staff.record_supervision(session, team, staff_user, record, user.name, _today())
        return SupervisionView(
            supervised_on=record.supervised_on, themes=record.themes, recorded_by=user.name
        )

    return await asyncio.to_thread(add)


@router.get("/{staff_user}/supervisions", response_model=list[SupervisionView])
async def supervision_history(
    staff_user: StaffUser,
    user: Annotated[User, allowed(Act.LIST_STAFF)],
    sessions: SessionsDep,
    team: TeamQuery = None,
) -> list[SupervisionView]:
    """A case manager's supervisions, latest first (auditors name the team)."""
    chosen = _team_read(user, team)
    if chosen is None:
        raise InvalidInput(problems=[FieldProblem("team", "name the team")])

    def read() -> list[SupervisionView]:
        with sessions() as session:
            return staff.history(session, chosen, staff_user)

    return await asyncio.to_thread(read)


def _one(
    sessions: SessionsDep,
    settings: Settings,
    holidays: frozenset[date],
    team: str,
    user: str,
    *,
    include_left: bool = False,
) -> StaffView:
    """The member's view as every list shows it (the latest time in the team, if they left)."""
    views = list_staff(sessions, settings, holidays, team, include_left=include_left)
    return [v for v in views if v.user == user][-1]
