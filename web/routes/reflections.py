"""The supervision queue's pages: decisions offered to discuss, and the form to record one."""

import asyncio
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from access import Act, User
from api.deps import SessionsDep, SettingsDep, scope_of
from api.guard import note
from api.params import MAX_ID
from contracts.reflections import Discussion, DiscussionOutcome, QueuedDecision
from core.errors import InvalidInput, NotFound
from core.workdays import london_date
from readmodel import discussions
from web.fields import Field
from web.formdata import Submission, attach, parse, summary
from web.guard import FORM_BYTES, PageRoute, page
from web.labels import DISCUSSION_OUTCOMES
from web.queries import child_names
from web.security import checked_form
from web.templating import render

router = APIRouter(include_in_schema=False, route_class=PageRoute)
PathwayPath = Annotated[str, Path(min_length=1, max_length=MAX_ID)]
SeqPath = Annotated[int, Path(ge=0, le=10_000)]
DISCUSSION_FIELDS = (
    Field(
        "discussed_on",
        "Date of the discussion",
        "date",
        message="Enter the date of the discussion",
        hint="For example, 1 12 2026. It cannot be in the future.",
    ),
    Field(
        "outcome",
        "What did you conclude together?",
        "choice",
        message="Select what you concluded",
        options=tuple((o.value, DISCUSSION_OUTCOMES[o]) for o in DiscussionOutcome),
    ),
    Field(
        "note",
        "Note (optional)",
        "textarea",
        optional=True,
        hint="What you talked through. No more than 2,000 characters.",
    ),
)


def _read(
    sessions: SessionsDep, settings: SettingsDep, user: User, discussed: bool | None
) -> tuple[list[QueuedDecision], dict[str, str]]:
    with sessions() as session:
        found = discussions.queue(
            session, scope_of(user), settings.reflection_sample_every, discussed=discussed
        )
        names = child_names(session, [q.pathway_id for q in found])
    return found, {pid: n.full for pid, n in names.items()}


@router.get("/reflections", response_class=HTMLResponse)
async def queue_page(
    request: Request,
    user: Annotated[User, page(Act.LIST_DISCUSSIONS)],
    sessions: SessionsDep,
    settings: SettingsDep,
    discussed: Annotated[str | None, Query(max_length=10)] = None,
) -> HTMLResponse:
    """Decisions offered to discuss with the case manager, and those discussed."""
    note(request, action="list_discussions", detail="supervision queue page")
    # One read of the queue, split: the page shows both halves of it.
    offered, names = await asyncio.to_thread(_read, sessions, settings, user, None)
    waiting = [q for q in offered if q.discussed_on is None]
    done = [q for q in offered if q.discussed_on is not None]
    return render(
        request,
        "reflection_queue.html",
        user=user,
        waiting=waiting,
        done=done,
        names=names,
        sample_every=settings.reflection_sample_every,
        banner="Discussion recorded." if discussed == "yes" else None,
        nav="reflections",
    )


async def _item(
    sessions: SessionsDep, settings: SettingsDep, user: User, pathway_id: str, seq: int
) -> tuple[QueuedDecision, str]:
    found, names = await asyncio.to_thread(_read, sessions, settings, user, None)
    for q in found:
        if (q.pathway_id, q.seq) == (pathway_id, seq):
            return q, names.get(pathway_id, pathway_id)
    raise NotFound(f"no decision {seq} of that case is offered to you to discuss")


def _form(
    request: Request,
    user: User,
    item: QueuedDecision,
    name: str,
    sub: Submission,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "record_discussion.html",
        user=user,
        status=status,
        item=item,
        name=name,
        fields=DISCUSSION_FIELDS,
        sub=sub,
        errors=summary(sub, DISCUSSION_FIELDS),
        nav="reflections",
    )


@router.get("/reflections/{pathway_id}/{seq}", response_class=HTMLResponse)
async def discussion_form(
    request: Request,
    pathway_id: PathwayPath,
    seq: SeqPath,
    user: Annotated[User, page(Act.RECORD_DISCUSSION)],
    sessions: SessionsDep,
    settings: SettingsDep,
) -> HTMLResponse:
    """The decision, its reflection, and the form to record the discussion."""
    item, name = await _item(sessions, settings, user, pathway_id, seq)
    return _form(request, user, item, name, Submission(body={}, values={}))


@router.post("/reflections/{pathway_id}/{seq}", response_class=HTMLResponse, response_model=None)
async def discussion_recorded(
    request: Request,
    pathway_id: PathwayPath,
    seq: SeqPath,
    user: Annotated[User, page(Act.RECORD_DISCUSSION, max_body=FORM_BYTES)],
    sessions: SessionsDep,
    settings: SettingsDep,
) -> HTMLResponse | RedirectResponse:
    """Record the discussion, then back to the queue; errors name the field."""
    note(request, action="record_discussion", pathway_id=pathway_id, detail=f"page: {seq}")
    form = await checked_form(request)
    item, name = await _item(sessions, settings, user, pathway_id, seq)
    sub = parse(form, DISCUSSION_FIELDS)
    if sub.errors:
        return _form(request, user, item, name, sub, status=422)
    try:
        discussion = Discussion.model_validate(sub.body)

        def record() -> None:
            with sessions.begin() as session:
                discussions.record_discussion(
                    session,
                    scope_of(user),
                    settings.reflection_sample_every,
                    pathway_id,
                    seq,
                    discussion,
                    user.name,
                    london_date(datetime.now(UTC)),
                )

        await asyncio.to_thread(record)
    except ValidationError as invalid:
        attach(sub, InvalidInput.of(invalid), DISCUSSION_FIELDS)
        return _form(request, user, item, name, sub, status=422)
    except InvalidInput as invalid:
        attach(sub, invalid, DISCUSSION_FIELDS)
        return _form(request, user, item, name, sub, status=422)
    return RedirectResponse("/reflections?discussed=yes", status_code=303)
