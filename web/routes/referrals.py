"""The page a caseworker or supervisor opens a prevention referral on (issue 20, ADR 0131).

A school, the family, children's social care or another agency asks the youth justice service
for prevention support: the team records the referral here and it goes through the same intake
as the police's (`ingest.diversion`), so the child is matched to their other pathways, a
referral is never started twice (the form carries its referral id from the moment it is
shown: a second submission is a duplicate), and a referral that cannot be linked safely is
held with its reason. The new diversion pathway starts with the child's known team, else the
opener's, so it is on the team's lists at once.
"""

import uuid
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from temporalio.service import RPCError

from access import Act, User
from api.deps import IngestDep, SettingsDep
from api.guard import note
from api.routes.court_outcomes import temporal_unavailable
from contracts.common import Gender
from contracts.court import IngestResultKind
from contracts.diversion_referrals import PREVENTION_SOURCES, DiversionReferral
from contracts.turnaround import TurnaroundTrigger
from core.errors import FieldProblem, InvalidInput
from ingest.diversion import DiversionIntake, referral_problems
from web.errors import PageError
from web.fields import Field
from web.formdata import Submission, attach, parse, summary
from web.guard import FORM_BYTES, PageRoute, page
from web.labels import words
from web.security import checked_form
from web.staff_pages import today
from web.templating import render

router = APIRouter(include_in_schema=False, route_class=PageRoute)

SOURCE_NAMES = {
    "school": "A school",
    "self_or_family": "The child or their family",
    "childrens_social_care": "Children's social care",
    "other_agency": "Another agency",
}
REFERRAL_FIELDS = (
    Field(
        "source",
        "Who asked for support",
        "choice",
        message="Select who asked for support",
        options=tuple((s.value, SOURCE_NAMES[s.value]) for s in PREVENTION_SOURCES),
    ),
    Field(
        "referred_on",
        "Date of the referral",
        "date",
        message="Enter the date of the referral",
        hint="For example, 2 4 2026. It cannot be in the future.",
    ),
    Field("child.first_name", "Child's first name", "text", message="Enter the child's first name"),
    Field("child.last_name", "Child's last name", "text", message="Enter the child's last name"),
    Field(
        "child.date_of_birth",
        "Child's date of birth",
        "date",
        message="Enter the child's date of birth",
        hint="The child must be 10 to 17 on the date of the referral.",
    ),
    Field(
        "child.pnc_id",
        "Police National Computer (PNC) id, if known",
        "text",
        optional=True,
        hint="Links the referral to the child's other pathways.",
    ),
    Field(
        "child.gender",
        "Gender",
        "choice",
        message="Select the child's gender",
        options=tuple((g.value, words(g.value)) for g in Gender),
    ),
    Field(
        "child.ethnicity",
        "Ethnicity code, if known",
        "text",
        optional=True,
        hint="The 2001 census code, for example W1 or B2.",
    ),
    Field(
        "trigger",
        "What brought the child to notice, if anything",
        "choice",
        optional=True,
        select=True,
        options=(("", "Nothing in particular"),)
        + tuple((t.value, words(t.value)) for t in TurnaroundTrigger),
    ),
    Field("trigger_on", "Date of that event", "date", optional=True),
)


def _form(
    request: Request, user: User, referral_id: str, sub: Submission, status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "open_referral.html",
        user=user,
        status=status,
        referral_id=referral_id,
        fields=REFERRAL_FIELDS,
        sub=sub,
        errors=summary(sub, REFERRAL_FIELDS),
        nav="dashboard",
    )


@router.get("/referrals/new", response_class=HTMLResponse)
async def referral_form(
    request: Request, user: Annotated[User, page(Act.OPEN_PREVENTION_REFERRAL)]
) -> HTMLResponse:
    """The form to open a prevention referral (a school, the family, another agency)."""
    return _form(request, user, f"PREV-{uuid.uuid4().hex[:20].upper()}", Submission({}, {}))


@router.post("/referrals/new", response_class=HTMLResponse, response_model=None)
async def referral_opened(
    request: Request,
    user: Annotated[User, page(Act.OPEN_PREVENTION_REFERRAL, max_body=FORM_BYTES)],
    ingest: IngestDep,
    settings: SettingsDep,
) -> HTMLResponse | RedirectResponse:
    """Open the referral through the intake, then its case page; errors name the field."""
    note(request, detail="page: prevention referral")
    form = await checked_form(request)
    referral_id = str(form.get("referral_id", "")).strip()[:60]
    sub = parse(form, REFERRAL_FIELDS)
    if not referral_id:
        raise PageError(400, "The form has expired", "Open the referral form again.")
    if sub.errors:
        return _form(request, user, referral_id, sub, status=422)
    body = {"referral_id": referral_id, **sub.body}
    area = settings.area_of_team(user.team)
    if area is not None:
        body.setdefault("child", {})["yjs_area"] = area
    try:
        referral = DiversionReferral.model_validate(body)
        problems = referral_problems(referral, today())
    except ValidationError as bad:
        attach(sub, InvalidInput.of(bad), REFERRAL_FIELDS)
        return _form(request, user, referral_id, sub, status=422)
    if problems:
        checks = InvalidInput(problems=[FieldProblem(p.field, p.reason) for p in problems])
        attach(sub, checks, REFERRAL_FIELDS)
        return _form(request, user, referral_id, sub, status=422)
    intake = DiversionIntake(ingest.store, ingest.client, settings)
    try:
        # As JSON, the record an integrator would have sent (it is kept as received).
        record = referral.model_dump(mode="json", exclude_none=True)
        (result,) = await intake.ingest([record], sender=user, team=user.team)
    except RPCError as err:
        raise temporal_unavailable(err) from err
    if result.result == IngestResultKind.REJECTED:
        refused = InvalidInput(problems=[FieldProblem(e.field, e.reason) for e in result.errors])
        attach(sub, refused, REFERRAL_FIELDS)
        return _form(request, user, referral_id, sub, status=422)
    if result.result == IngestResultKind.HELD or result.pathway_id is None:
        raise PageError(409, "The referral is held for review", result.reason or "")
    note(request, detail=f"{result.result.value} {result.pathway_id}", pathway_id=result.pathway_id)
    return RedirectResponse(f"/cases/{result.pathway_id}?opened=yes", status_code=303)
