"""Recording a step, or new assessment facts, through a form: one question page per step.

Post-redirect-get: a recorded step goes back to the case page with a success banner; a step
the workflow refuses (the API's 409) or fields it rejects (422) show the form again with an
error summary linking to what to fix.
"""

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, ValidationError

from access import Act, Role, User
from api.deps import PathwaysDep
from api.guard import note
from contracts.common import Step
from contracts.facts import AssessmentFacts
from contracts.formulation import Agency
from contracts.pathway import PathwayState
from core.errors import InvalidInput, StepNotAllowed
from core.formulation import check_agencies
from core.pathways import step_body
from core.settings import Settings
from core.workdays import london_date
from web import casepage
from web.errors import PageError
from web.facts_form import FACT_FIELDS
from web.fields import Field, StepForm
from web.formdata import Submission, attach, parse, summary
from web.forms import FORMS
from web.formulation_forms import form_for
from web.guard import FORM_BYTES, PageRoute, page
from web.labels import sentence
from web.outcome_data_forms import with_outcome_question
from web.restorative_forms import on_field
from web.security import checked_form
from web.templating import render

router = APIRouter(include_in_schema=False, route_class=PageRoute)
Writer = Annotated[User, page(Act.OPEN_STEP_FORM)]
FACTS_FORM = StepForm(
    Step.ASSESSMENT,
    "Update the assessment facts",
    "The facts replace the ones recorded before; eligibility is decided again. Leave a fact as "
    "'Not known' until it is.",
    FACT_FIELDS,
)


def _fields(form: StepForm, user: User) -> tuple[Field, ...]:
    return tuple(f for f in form.fields if not f.supervisors_only or user.role == Role.SUPERVISOR)


def _defaults(state: PathwayState, today: date) -> dict[str, list[str]]:
    values = {
        "completed_on-day": [str(today.day)],
        "completed_on-month": [str(today.month)],
        "completed_on-year": [str(today.year)],
        "family_told_what_happens_next": ["yes"],
    }
    facts = state.facts.model_dump(mode="json") if state.facts else {}
    for f in FACT_FIELDS:
        value = facts.get(f.name.removeprefix("facts."))
        if f.kind == "maybe":
            values[f.id] = ["yes" if value is True else "no" if value is False else "unknown"]
        elif value is not None:
            values[f.id] = [str(value)]
    return values


class _FactsBody(BaseModel):
    """The facts form's body: errors come back as `facts.<name>`, like the assessment's."""

    facts: AssessmentFacts = AssessmentFacts()


def _page(
    request: Request,
    user: User,
    state: PathwayState,
    form: StepForm,
    sub: Submission,
    *,
    action: str,
    status: int = 200,
    refusal: str | None = None,
) -> HTMLResponse:
    fields = _fields(form, user)
    errors = summary(sub, fields)
    if refusal:
        errors.insert(0, {"text": sentence(refusal), "href": "#step-form"})
    return render(
        request,
        "step.html",
        status=status,
        user=user,
        state=state,
        form=form,
        fields=fields,
        sub=sub,
        errors=errors,
        refusal=refusal,
        action=action,
        task=casepage.task_of(state, form.step) if form is not FACTS_FORM else None,
    )


def _agencies(request: Request) -> list[Agency]:
    settings: Settings = request.app.state.settings
    return settings.formulation_agencies


def _form(step: str) -> StepForm:
    try:
        return FORMS[Step(step)]
    except (ValueError, KeyError):
        raise PageError(404, "Page not found", f"there is no form for a step called {step}") from (
            None
        )


@router.get("/cases/{pathway_id}/record/{step}", response_class=HTMLResponse, response_model=None)
async def step_page(
    request: Request,
    pathway_id: str,
    step: str,
    user: Writer,
    pathways: PathwaysDep,
) -> HTMLResponse | RedirectResponse:
    """The form to record one step."""
    state = await pathways.load(pathway_id, user)
    form = with_outcome_question(form_for(_form(step), state, _agencies(request)), state)
    if form.step == Step.ALLOCATION:
        return RedirectResponse(f"/cases/{pathway_id}#case-manager", status_code=303)
    note(request, detail=f"form {form.step.value}")
    today = london_date(datetime.now(UTC))
    sub = Submission({}, _defaults(state, today))
    return _page(request, user, state, form, sub, action=request.url.path)


@router.post("/cases/{pathway_id}/record/{step}", response_class=HTMLResponse, response_model=None)
async def record(
    request: Request,
    pathway_id: str,
    step: str,
    user: Annotated[User, page(Act.RECORD_STEP, max_body=FORM_BYTES)],
    pathways: PathwaysDep,
) -> HTMLResponse | RedirectResponse:
    """Record one step from its form."""
    form = _form(step)
    note(request, action=f"record_step:{form.step.value}", detail="page")
    posted = await checked_form(request)
    state = await pathways.load(pathway_id, user)
    form = with_outcome_question(form_for(form, state, _agencies(request)), state)
    fields = _fields(form, user)
    sub = parse(posted, fields, form.optional_groups)
    page = {"action": request.url.path}
    if sub.errors:
        return _page(request, user, state, form, sub, status=422, **page)
    try:
        body = step_body(form.step.value, sub.body)
        check_agencies(body, _agencies(request))  # the service's list (issue 18)
        # Written to the read model before the redirect: the lists it leads to read it.
        await pathways.record_step(pathway_id, user, body)
    except InvalidInput as invalid:
        attach(sub, invalid, fields)
        return _page(request, user, state, form, sub, status=422, **page)
    except StepNotAllowed as refused:
        reason = on_field(sub, refused.reason, fields)  # a refusal naming a field goes on it
        return _page(request, user, state, form, sub, status=409, refusal=reason, **page)
    if form.step == Step.TRANSFER_REFUSED:  # the case is no longer the user's to see
        return RedirectResponse("/dashboard?transfer=refused", status_code=303)
    return RedirectResponse(f"/cases/{pathway_id}?recorded={form.step.value}", status_code=303)


@router.get("/cases/{pathway_id}/facts", response_class=HTMLResponse)
async def facts_page(
    request: Request, pathway_id: str, user: Writer, pathways: PathwaysDep
) -> HTMLResponse:
    """The form to update the assessment facts."""
    note(request, detail="form facts")
    state = await pathways.load(pathway_id, user)
    sub = Submission({}, _defaults(state, london_date(datetime.now(UTC))))
    return _page(request, user, state, FACTS_FORM, sub, action=request.url.path)


@router.post("/cases/{pathway_id}/facts", response_class=HTMLResponse, response_model=None)
async def update_facts(
    request: Request,
    pathway_id: str,
    user: Annotated[User, page(Act.RECORD_FACTS, max_body=FORM_BYTES)],
    pathways: PathwaysDep,
) -> HTMLResponse | RedirectResponse:
    """Record new assessment facts; eligibility is decided again."""
    note(request, detail="page")
    posted = await checked_form(request)
    state = await pathways.load(pathway_id, user)
    sub = parse(posted, FACT_FIELDS)
    page = {"action": request.url.path}
    if sub.errors:
        return _page(request, user, state, FACTS_FORM, sub, status=422, **page)
    try:
        facts = _FactsBody.model_validate(sub.body).facts
    except ValidationError as invalid:
        attach(sub, InvalidInput.of(invalid), FACT_FIELDS)
        return _page(request, user, state, FACTS_FORM, sub, status=422, **page)
    try:
        await pathways.record_facts(pathway_id, user, facts)
    except StepNotAllowed as refused:
        return _page(
            request, user, state, FACTS_FORM, sub, status=409, refusal=refused.reason, **page
        )
    return RedirectResponse(f"/cases/{pathway_id}?facts=updated", status_code=303)
