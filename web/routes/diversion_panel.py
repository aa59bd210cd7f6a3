"""The joint decision panel's page: the week's referrals with what the panel needs (ADR 0135).

`/diversion/panel?week=YYYY-MM-DD` shows the week (Monday to Sunday) that the date falls in,
this week by default, with links to the week before and after. For supervisors (their team and
their area's unallocated referrals) and auditors (every referral); every read is audited.
"""

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from access import Act, User
from api.deps import SessionsDep, scope_of
from api.guard import note
from core.workdays import london_date
from web.diversion_panel import PanelWeek, outcomes_of, panel_week, week_of
from web.errors import PageError
from web.guard import PageRoute, page
from web.queries import ChildName, child_names
from web.templating import render

router = APIRouter(include_in_schema=False, route_class=PageRoute)


def _week(value: str | None, today: date) -> date:
    """The Monday of the week asked for (any day of it), or of this week."""
    if not value or not value.strip():
        return week_of(today)
    try:
        return week_of(date.fromisoformat(value.strip()))
    except ValueError:
        raise PageError(422, "There is a problem", "week: not a date (YYYY-MM-DD)") from None


@router.get("/diversion/panel", response_class=HTMLResponse)
async def panel_page(
    request: Request,
    user: Annotated[User, page(Act.VIEW_DASHBOARD)],
    sessions: SessionsDep,
    week: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    """Referrals awaiting the joint decision panel by the week's end, and those it decided."""
    today = london_date(datetime.now(UTC))
    monday = _week(week, today)
    note(request, action="list_panel_referrals", detail=f"panel page week={monday}")

    def read() -> tuple[PanelWeek, dict[str, ChildName]]:
        with sessions() as session:
            found = panel_week(session, user, scope_of(user), monday, today)
            ids = [line.pathway_id for line in (*found.awaiting, *found.decided)]
            return found, child_names(session, ids)

    found, names = await asyncio.to_thread(read)
    return render(
        request,
        "diversion_panel.html",
        user=user,
        nav="panel",
        week=found,
        names=names,
        outcomes=outcomes_of(found.decided),
        previous=monday - timedelta(days=7),
        following=monday + timedelta(days=7),
        this_week=week_of(today),
    )
