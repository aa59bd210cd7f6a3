"""The supervisor's preview of a rule change: a proposed version's effect before it is adopted.

The form asks for a version name, its effective date and the thresholds it would change (each
shown with the value in force); the page then shows `reports.rule_preview` for the team
(supervisors: their own; auditors: any team or the whole service). Nothing is changed by
looking. Every value is checked before anything is read, and a bad one is refused naming the
field without repeating it (ADR 0102); the values shown back are the checked ones.
"""

import asyncio
from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from access import Act, Role, User
from api.deps import SessionsDep, SettingsDep
from api.guard import note
from api.routes.reports import team_for
from reports.rule_preview import MAX_PARAMETER, Proposal, RulePreview, rule_preview
from rules.parameters import PARAMETER_NAMES, parameters_on
from web.errors import PageError
from web.guard import PageRoute, page
from web.labels import PROGRAMMES
from web.templating import render

router = APIRouter(include_in_schema=False, route_class=PageRoute)
_MAX_QUERY = 2000
"""Every field of the form fits in far less: a longer query string is not the form's."""


def _bad(field: str, problem: str) -> PageError:
    return PageError(422, "There is a problem", f"{field}: {problem}")


def _date(field: str, value: str | None) -> date | None:
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()[:20])
    except ValueError:
        raise _bad(field, "not a date (YYYY-MM-DD)") from None


def _proposal(request: Request, effective: date) -> Proposal | None:
    """The proposal the form sent, or None when no version was given (the empty form)."""
    asked = request.query_params
    version = (asked.get("version") or "").strip()
    if not version:
        return None
    changed: dict[str, int] = {}
    for name in PARAMETER_NAMES:
        value = (asked.get(name) or "").strip()
        if not value:
            continue
        if not value.isdigit() or int(value) > MAX_PARAMETER:
            raise _bad(name, f"a whole number from 0 to {MAX_PARAMETER}")
        changed[name] = int(value)
    try:
        return Proposal(version=version, effective_from=effective, parameters=changed)
    except ValidationError as error:
        first = error.errors()[0]
        raise _bad(str(first["loc"][0]), "letters, digits, '.', '_' or '-', at most 20") from None


@router.get("/reports/rule-preview", response_class=HTMLResponse)
async def rule_preview_page(
    request: Request,
    user: Annotated[User, page(Act.READ_REPORT)],
    sessions: SessionsDep,
    settings: SettingsDep,
) -> HTMLResponse:
    """Preview a proposed rule set version against the team's open pathways."""
    if user.role not in (Role.SUPERVISOR, Role.AUDITOR):
        raise PageError(403, "You cannot see this page", "only supervisors preview a rule change")
    if len(request.url.query) > _MAX_QUERY:
        raise _bad("query", "too long for this form")
    asked = request.query_params
    try:
        team = team_for(user, (asked.get("team") or "").strip()[:200] or None)
    except HTTPException as error:
        raise PageError.of(error) from error
    today = date.today()
    on = _date("on", asked.get("on")) or today
    effective = _date("effective_from", asked.get("effective_from")) or today
    proposal = _proposal(request, effective)
    try:
        in_force = parameters_on(on)
        found: RulePreview | None = None
        if proposal is not None:
            proposal.parameter_set()  # an inverted age band is refused before anything is read

            def build() -> RulePreview:
                with sessions() as session:
                    return rule_preview(
                        session, proposal, on=on, team=team, min_count=settings.suppression_floor
                    )

            found = await asyncio.to_thread(build)
    except ValueError as error:
        raise _bad("parameters", str(error)) from None
    note(request, action="read_report:rule_preview", detail=f"team={team or '*'}")
    return render(
        request,
        "rule_preview.html",
        user=user,
        nav="reports",
        team=team,
        on=on,
        effective=effective,
        proposal=proposal,
        parameters=[(n, in_force.parameters[n]) for n in PARAMETER_NAMES],
        in_force=in_force.version,
        preview=found,
        programme_names=PROGRAMMES,
    )
