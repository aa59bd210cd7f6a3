"""Management board meetings (issue 21, KPI 7): supervisors record which partners attended.

`POST /v1/board-meetings` records a meeting of the supervisor's own service (their team), with
the partner agencies that attended from the service's list (`Settings.board_partners`, by
default the statutory partners of the Crime and Disorder Act 1998 s. 39(5)). `GET` lists a
service's meetings: supervisors their own, auditors any service's or every one. Each act is
audited with its outcome by the guard (ADR 0083).
"""

import asyncio
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request

from access import Act, Role, User
from api.deps import SessionsDep, SettingsDep
from api.guard import GuardedRoute, allowed, note
from api.params import TeamQuery
from contracts.board_meetings import BoardMeetingRecord, BoardMeetingView
from core.errors import InvalidInput, NotFound
from core.workdays import london_date
from db import board_meetings

router = APIRouter(prefix="/v1/board-meetings", tags=["board meetings"], route_class=GuardedRoute)
BODY_BYTES = 4 * 1024


def own_team(user: User) -> str:
    """The supervisor's service: the only one whose meetings they record."""
    if user.team is None:
        raise NotFound("you have no team: there is no board to record meetings of")
    return user.team


@router.post("", response_model=BoardMeetingView, status_code=201)
async def record_meeting(
    meeting: BoardMeetingRecord,
    request: Request,
    user: Annotated[User, allowed(Act.RECORD_BOARD_MEETING, max_body=BODY_BYTES)],
    sessions: SessionsDep,
    settings: SettingsDep,
) -> BoardMeetingView:
    """Record a management board meeting of your service and the partners that attended."""
    team = own_team(user)
    note(
        request,
        detail=f"board meeting of {team} on {meeting.met_on}: {len(meeting.attended)} "
        "partners attended",
    )

    def add() -> BoardMeetingView:
        with sessions.begin() as session:
            return board_meetings.record(
                session,
                meeting,
                team=team,
                area=user.area,
                partners=settings.board_partners,
                by=user.name,
                today=london_date(datetime.now(UTC)),
            )

    return await asyncio.to_thread(add)


@router.get("", response_model=list[BoardMeetingView])
async def list_meetings(
    user: Annotated[User, allowed(Act.LIST_BOARD_MEETINGS)],
    sessions: SessionsDep,
    team: TeamQuery = None,
    since: Annotated[date | None, Query(description="meetings on or after this date")] = None,
    until: Annotated[date | None, Query(description="meetings on or before this date")] = None,
) -> list[BoardMeetingView]:
    """Your service's board meetings, oldest first (auditors: any service's, or every one)."""
    chosen = team if user.role == Role.AUDITOR else own_team(user)
    if since is not None and until is not None and since > until:
        raise InvalidInput.field("since", f"since {since} is after until {until}")

    def read() -> list[BoardMeetingView]:
        with sessions() as session:
            rows = board_meetings.meetings(session, chosen, since, until)
            return [board_meetings.view(r) for r in rows]

    return await asyncio.to_thread(read)
