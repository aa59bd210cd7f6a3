"""The case page, the family's summary, and (re)allocation of a case manager."""

import asyncio
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from access import Act, Role, User
from api.deps import PathwaysDep, SessionsDep
from api.guard import note
from contracts.common import Step
from contracts.pathway import PathwayState
from core.errors import InvalidInput, StepNotAllowed
from core.pathways import step_body
from core.workdays import london_date
from web import casepage
from web.charge_link import charge_link
from web.family_pages import render_family
from web.formdata import Submission, attach, parse, summary
from web.forms import FORMS
from web.guard import FORM_BYTES, PageRoute, page
from web.labels import sentence, step_name
from web.queries import ChildName, allocation_choices, child_names
from web.security import checked_form
from web.templating import render
from web.transfer_panel import child_panel

router = APIRouter(include_in_schema=False, route_class=PageRoute)
Reader = Annotated[User, page(Act.READ_PATHWAY)]
ALLOCATION = FORMS[Step.ALLOCATION]
ALLOCATION_FIELDS = ALLOCATION.fields[:2]  # case manager and team; the date is today
STEP_OF = {s.value: s for s in Step}


def _people(sessions: SessionsDep, user: User, pathway_id: str) -> tuple[Any, list[str], list[str]]:
    with sessions() as session:
        child = child_names(session, [pathway_id]).get(pathway_id)
        return child, *allocation_choices(session, user)


async def _case_page(
    request: Request,
    user: User,
    sessions: SessionsDep,
    state: PathwayState,
    *,
    status: int = 200,
    banner: str | None = None,
    allocation: Submission | None = None,
    errors: list[dict[str, str]] | None = None,
) -> HTMLResponse:
    note(request, detail="case page")
    child, people, teams = await asyncio.to_thread(_people, sessions, user, state.pathway_id)
    panel = await asyncio.to_thread(child_panel, sessions, user, state)
    charge = await asyncio.to_thread(charge_link, sessions, user, state)  # ADR 0132
    today = london_date(datetime.now(UTC))
    return render(
        request,
        "case.html",
        status=status,
        user=user,
        state=state,
        child=child,
        age=casepage.age_on(child.date_of_birth, today) if child else None,
        tasks=casepage.tasks_in_order(state),
        offered=casepage.offered_steps(state, user),
        allocation_fields=ALLOCATION_FIELDS,
        allocation=allocation
        or Submission(
            {},
            {
                "caseworker": [state.caseworker or panel.suggested or ""],
                "team": [state.team or user.team or ""],
            },
        ),
        panel=panel,
        charge=charge,
        # Reflections are for the case manager and supervisors (and auditors, who read all).
        show_reflections=user.role != Role.CASEWORKER or user.name == state.caseworker,
        people=people,
        teams=teams,
        today=today,
        banner=banner,
        errors=errors,
    )


@router.get("/cases/{pathway_id}", response_class=HTMLResponse)
async def case(
    request: Request,
    pathway_id: str,
    user: Reader,
    pathways: PathwaysDep,
    sessions: SessionsDep,
    recorded: str | None = None,
    facts: str | None = None,
) -> HTMLResponse:
    """A child's pathway: order, case manager, tasks, eligibility, referrals, victim work."""
    state = await pathways.load(pathway_id, user)
    # Banners are fixed sentences picked by a known step name; other values show none.
    step = STEP_OF.get(recorded or "")
    banner = None
    if step == Step.ALLOCATION:
        banner = f"Case manager is now {state.caseworker} (team {state.team})."
    elif step == Step.TRANSFER_ACCEPTED:
        banner = f"Transfer accepted: the case is now team {state.team}'s. Allocate a case manager."
    elif step is not None:
        banner = f"Recorded: {step_name(step)[0].lower()}{step_name(step)[1:]}."
    elif facts == "updated":
        banner = "Assessment facts recorded: eligibility has been decided again."
    return await _case_page(request, user, sessions, state, banner=banner)


@router.post("/cases/{pathway_id}/allocation", response_class=HTMLResponse, response_model=None)
async def allocate(
    request: Request,
    pathway_id: str,
    user: Annotated[User, page(Act.ALLOCATE, max_body=FORM_BYTES)],
    pathways: PathwaysDep,
    sessions: SessionsDep,
) -> HTMLResponse | RedirectResponse:
    """Allocate or reallocate the case manager (supervisors), from the dashboard or case page."""
    note(request, action="record_step:allocation", detail="page")
    form = await checked_form(request)
    state = await pathways.load(pathway_id, user)
    sub = parse(form, ALLOCATION_FIELDS)
    body = {**sub.body, "completed_on": london_date(datetime.now(UTC))}
    try:
        # Written to the read model before the redirect: the dashboard it leads to reads it.
        state = await pathways.record_step(pathway_id, user, step_body(Step.ALLOCATION, body))
    except InvalidInput as invalid:
        attach(sub, invalid, ALLOCATION_FIELDS)
        errors = summary(sub, ALLOCATION_FIELDS)
        return await _case_page(
            request, user, sessions, state, status=422, allocation=sub, errors=errors
        )
    except StepNotAllowed as refused:
        errors = [{"text": sentence(refused.reason), "href": "#case-manager"}]
        return await _case_page(
            request, user, sessions, state, status=409, allocation=sub, errors=errors
        )
    if form.get("return_to") == "dashboard":
        return RedirectResponse(f"/dashboard?allocated={state.caseworker}", status_code=303)
    return RedirectResponse(f"/cases/{pathway_id}?recorded=allocation", status_code=303)


@router.get("/cases/{pathway_id}/summary", response_class=HTMLResponse)
async def family_summary(
    request: Request, pathway_id: str, user: Reader, pathways: PathwaysDep, sessions: SessionsDep
) -> HTMLResponse:
    """The plain-language summary for the child and family, ready to print."""
    note(request, action="read_summary", detail="family summary")
    state = await pathways.load(pathway_id, user)

    def child() -> ChildName | None:
        with sessions() as session:
            return child_names(session, [pathway_id]).get(pathway_id)

    name = await asyncio.to_thread(child)
    # In the child's language unless this user asks for the other (ADR 0144).
    return render_family(
        request,
        "summary.html",
        user=user,
        recorded=state.language,
        state=state,
        child=name,
        next_tasks=casepage.next_for_family(state),
        family_words=casepage.FAMILY_WORDS,
        today=london_date(datetime.now(UTC)),
    )
