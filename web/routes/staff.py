"""The page a supervisor records a case manager's clinical supervision on (ADR 0124)."""

import asyncio
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from access import Act, User
from api.deps import HolidaysDep, SessionsDep, SettingsDep
from api.guard import note
from api.params import MAX_NAME
from contracts.staff import StaffView, SupervisionRecord
from core.errors import InvalidInput, NotFound
from db import staff
from web.formdata import Submission, attach, parse, summary
from web.guard import FORM_BYTES, PageRoute, page
from web.security import checked_form
from web.staff_pages import SUPERVISION_FIELDS, team_staff, today
from web.templating import render

router = APIRouter(include_in_schema=False, route_class=PageRoute)
StaffUser = Annotated[str, Path(min_length=1, max_length=MAX_NAME)]


def _member(
    sessions: SessionsDep,
    settings: SettingsDep,
    holidays: frozenset[date],
    user: User,
    name: str,
) -> StaffView:
    found = [s for s in team_staff(sessions, settings, holidays, user) if s.user == name]
    if not found:
        raise NotFound(f"no member of staff {name} in your team")
    return found[0]


def _form(
    request: Request, user: User, member: StaffView, sub: Submission, status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "record_supervision.html",
        user=user,
        status=status,
        member=member,
        fields=SUPERVISION_FIELDS,
        sub=sub,
        errors=summary(sub, SUPERVISION_FIELDS),
        nav="dashboard",
    )


@router.get("/staff/{staff_user}/supervision", response_class=HTMLResponse)
async def supervision_form(
    request: Request,
    staff_user: StaffUser,
    user: Annotated[User, page(Act.RECORD_SUPERVISION)],
    sessions: SessionsDep,
    settings: SettingsDep,
    holidays: HolidaysDep,
) -> HTMLResponse:
    """The form to record a one-to-one clinical supervision with a case manager of the team."""
    member = await asyncio.to_thread(_member, sessions, settings, holidays, user, staff_user)
    return _form(request, user, member, Submission(body={}, values={}))


@router.post("/staff/{staff_user}/supervision", response_class=HTMLResponse, response_model=None)
async def supervision_recorded(
    request: Request,
    staff_user: StaffUser,
    user: Annotated[User, page(Act.RECORD_SUPERVISION, max_body=FORM_BYTES)],
    sessions: SessionsDep,
    settings: SettingsDep,
    holidays: HolidaysDep,
) -> HTMLResponse | RedirectResponse:
    """Record the supervision, then back to the dashboard; errors name the field."""
    note(request, action="record_supervision", detail=f"page: supervision of {staff_user}")
    form = await checked_form(request)
    member = await asyncio.to_thread(_member, sessions, settings, holidays, user, staff_user)
    sub = parse(form, SUPERVISION_FIELDS)
    if sub.errors:
        return _form(request, user, member, sub, status=422)
    try:
        record = SupervisionRecord.model_validate(sub.body)

        def add() -> None:
            with sessions.begin() as session:
                staff.record_supervision(
                    session, member.team, member.user, record, user.name, today()
                )

        await asyncio.to_thread(add)
    except ValidationError as invalid:
        attach(sub, InvalidInput.of(invalid), SUPERVISION_FIELDS)
        return _form(request, user, member, sub, status=422)
    except InvalidInput as invalid:
        attach(sub, invalid, SUPERVISION_FIELDS)
        return _form(request, user, member, sub, status=422)
    return RedirectResponse("/dashboard?supervised=yes#supervision", status_code=303)
