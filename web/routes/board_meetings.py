"""The page a supervisor records their service's management board meetings on (issue 21, KPI 7).

The partners to tick are the service's list (`Settings.board_partners`); the form is validated
by the API's own model and rules (`contracts.board_meetings`, `db.board_meetings`), so the page
and `POST /v1/board-meetings` refuse the same things in the same words.
"""

import asyncio
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from access import Act, User
from api.deps import SessionsDep, SettingsDep
from api.guard import note
from api.routes.board_meetings import own_team
from contracts.board_meetings import BoardMeetingRecord, BoardMeetingView
from core.errors import InvalidInput
from core.settings import Settings
from db import board_meetings
from web.fields import Field
from web.formdata import Submission, attach, parse, summary
from web.guard import FORM_BYTES, PageRoute, page
from web.security import checked_form
from web.staff_pages import today
from web.templating import render

router = APIRouter(include_in_schema=False, route_class=PageRoute)


def board_fields(settings: Settings) -> tuple[Field, ...]:
    """The form's questions: the day, and which of the service's partners attended."""
    return (
        Field(
            "met_on",
            "Date of the meeting",
            "date",
            message="Enter the date of the meeting",
            hint="For example, 18 11 2026. It cannot be in the future.",
        ),
        Field(
            "attended",
            "Partners that attended",
            "many",
            optional=True,
            hint="Senior representatives of the statutory partners (Crime and Disorder Act 1998, "
            "s. 39(5)). Leave all unticked if none came.",
            options=tuple((p.id, p.label) for p in settings.board_partners),
        ),
    )


def _page(
    request: Request,
    user: User,
    settings: Settings,
    held: list[BoardMeetingView],
    sub: Submission,
    status: int = 200,
    recorded: bool = False,
) -> HTMLResponse:
    fields = board_fields(settings)
    labels = {p.id: p.label for p in settings.board_partners}
    return render(
        request,
        "board_meetings.html",
        user=user,
        status=status,
        fields=fields,
        sub=sub,
        errors=summary(sub, fields),
        meetings=held,
        labels=labels,
        banner="Board meeting recorded." if recorded else None,
        nav="dashboard",
    )


def _held(sessions: SessionsDep, team: str) -> list[BoardMeetingView]:
    with sessions() as session:
        rows = board_meetings.meetings(session, team)
        return [board_meetings.view(r) for r in reversed(rows)]  # latest first


@router.get("/board-meetings", response_class=HTMLResponse)
async def board_meetings_page(
    request: Request,
    user: Annotated[User, page(Act.RECORD_BOARD_MEETING)],
    sessions: SessionsDep,
    settings: SettingsDep,
) -> HTMLResponse:
    """The service's management board meetings, latest first, and the form to record one."""
    held = await asyncio.to_thread(_held, sessions, own_team(user))
    recorded = request.query_params.get("recorded") == "yes"
    return _page(request, user, settings, held, Submission(body={}, values={}), recorded=recorded)


@router.post("/board-meetings", response_class=HTMLResponse, response_model=None)
async def board_meeting_recorded(
    request: Request,
    user: Annotated[User, page(Act.RECORD_BOARD_MEETING, max_body=FORM_BYTES)],
    sessions: SessionsDep,
    settings: SettingsDep,
) -> HTMLResponse | RedirectResponse:
    """Record the meeting, then back to the list; errors name the field."""
    team = own_team(user)
    note(request, detail=f"page: board meeting of {team}")
    form = await checked_form(request)
    fields = board_fields(settings)
    sub = parse(form, fields)
    if not sub.errors:
        try:
            meeting = BoardMeetingRecord.model_validate({"attended": [], **sub.body})

            def add() -> None:
                with sessions.begin() as session:
                    board_meetings.record(
                        session,
                        meeting,
                        team=team,
                        area=user.area,
                        partners=settings.board_partners,
                        by=user.name,
                        today=today(),
                    )

            await asyncio.to_thread(add)
            return RedirectResponse("/board-meetings?recorded=yes", status_code=303)
        except ValidationError as invalid:
            attach(sub, InvalidInput.of(invalid), fields)
        except InvalidInput as invalid:
            attach(sub, invalid, fields)
    held = await asyncio.to_thread(_held, sessions, team)
    return _page(request, user, settings, held, sub, status=422)
