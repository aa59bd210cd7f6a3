"""Numbers given with consent, and text reminders of appointments sent to them (ADR 0137).

Under `/v1/pathways/{pathway_id}`: `contact-consents` (record, list, withdraw) and
`sms-reminders` (send now or at `send_at`, list). A record reached from a pathway: the
pathway's team (by the read model) decides who may see it, as for the pathway itself
(`access.scope`); only the team that holds the pathway records or sends (a team asked to take
it on waits until it has). A reminder is refused (409, naming `consent`) without a recorded,
unwithdrawn consent for appointment reminders. Every act is audited by the guard, with ids and
dates only: the number is in no answer (only its last three digits), no log and no audit row,
and nothing here reaches Temporal.
"""

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Request
from sqlalchemy.orm import Session

from access import Act, User, may_see
from activities.reminders import (
    TEMPLATE,
    active_consent,
    consent_view,
    consents,
    deliver_reminders,
    record_consent,
    reminder_view,
    reminders,
    schedule,
    withdraw,
)
from api.deps import SessionsDep, SettingsDep
from api.guard import GuardedRoute, allowed, note
from api.params import PathwayId
from contracts.contacts import (
    ConsentRecord,
    ConsentView,
    ConsentWithdrawal,
    ReminderRequest,
    ReminderView,
)
from core.errors import InvalidInput, NotFound, PathwayNotFound, StepNotAllowed
from core.settings import Settings
from core.workdays import london_date
from db.tables import AnonymisedPathway, ContactConsent, SmsReminder
from readmodel.tables import PathwayRow

router = APIRouter(
    prefix="/v1/pathways/{pathway_id}", tags=["text reminders"], route_class=GuardedRoute
)
BODY_BYTES = 4 * 1024
FURTHEST_APPOINTMENT = timedelta(days=366)
LATE_SEND = timedelta(minutes=5)
"""A `send_at` this far in the past is taken as now (the clocks of two machines differ)."""
ConsentId = Annotated[int, Path(ge=1, le=2**31 - 1, description="the consent's id")]
RESPONSES: dict[int | str, dict[str, str]] = {
    404: {"description": "no such pathway, or not yours to see"},
    409: {"description": "not allowed now (no consent, pathway closed); `detail` says why"},
    422: {"description": "bad fields, each named"},
}


def _pathway(session: Session, user: User, pathway_id: str, *, write: bool) -> PathwayRow:
    """The pathway, if `user` may see it (404 otherwise) and, to write, holds it (409)."""
    row = session.get(PathwayRow, pathway_id)
    if row is None or not may_see(
        user.role, user.team, user.area, row.team, row.area, row.transfer_to
    ):
        raise PathwayNotFound(pathway_id)
    if write:
        if not may_see(user.role, user.team, user.area, row.team, row.area):
            raise StepNotAllowed(
                f"the pathway is team {row.team}'s until the transfer to your team is accepted"
            )
        if row.status == "closed" or session.get(AnonymisedPathway, pathway_id) is not None:
            raise StepNotAllowed("the pathway is closed: no contact is made under it any more")
    return row


def _not_future(field: str, day: date, today: date) -> None:
    if day > today:
        raise InvalidInput.field(field, f"{field}: is in the future (today is {today})")


@router.get(
    "/contact-consents", response_model=list[ConsentView], responses=RESPONSES
)
async def list_consents(
    pathway_id: PathwayId,
    user: Annotated[User, allowed(Act.LIST_CONTACT_CONSENTS)],
    sessions: SessionsDep,
) -> list[ConsentView]:
    """The pathway's contact numbers given with consent (each by its last three digits)."""

    def read() -> list[ConsentView]:
        with sessions() as session:
            _pathway(session, user, pathway_id, write=False)
            return [consent_view(c) for c in consents(session, pathway_id)]

    return await asyncio.to_thread(read)


@router.post(
    "/contact-consents", response_model=ConsentView, status_code=201, responses=RESPONSES
)
async def post_consent(
    pathway_id: PathwayId,
    record: ConsentRecord,
    request: Request,
    user: Annotated[User, allowed(Act.RECORD_CONTACT_CONSENT, max_body=BODY_BYTES)],
    sessions: SessionsDep,
) -> ConsentView:
    """Record a mobile number given, with consent, for appointment reminders by text."""
    now = datetime.now(UTC)
    _not_future("given_on", record.given_on, london_date(now))

    def write() -> ConsentView:
        with sessions.begin() as session:
            _pathway(session, user, pathway_id, write=True)
            return consent_view(record_consent(session, pathway_id, record, user.name, now))

    view = await asyncio.to_thread(write)
    note(request, detail=f"consent {view.id} for {view.purpose.value}, given by {view.given_by}")
    return view


@router.post(
    "/contact-consents/{consent_id}/withdrawal", response_model=ConsentView, responses=RESPONSES
)
async def post_withdrawal(
    pathway_id: PathwayId,
    consent_id: ConsentId,
    withdrawal: ConsentWithdrawal,
    request: Request,
    user: Annotated[User, allowed(Act.RECORD_CONTACT_CONSENT, max_body=BODY_BYTES)],
    sessions: SessionsDep,
) -> ConsentView:
    """Record that consent was withdrawn: reminders not yet sent under it are cancelled."""
    now = datetime.now(UTC)
    _not_future("withdrawn_on", withdrawal.withdrawn_on, london_date(now))

    def write() -> tuple[ConsentView, int]:
        with sessions.begin() as session:
            _pathway(session, user, pathway_id, write=True)
            row = session.get(ContactConsent, consent_id)
            if row is None or row.pathway_id != pathway_id:
                raise NotFound(f"no consent {consent_id} of pathway {pathway_id}")
            if row.withdrawn_at is not None:
                raise StepNotAllowed(f"consent {consent_id} was withdrawn on {row.withdrawn_on}")
            if withdrawal.withdrawn_on < row.given_on:
                raise InvalidInput.field(
                    "withdrawn_on", f"withdrawn_on: is before consent was given ({row.given_on})"
                )
            cancelled = withdraw(row, session, withdrawal.withdrawn_on, user.name, now)
            return consent_view(row), cancelled

    view, cancelled = await asyncio.to_thread(write)
    note(request, detail=f"consent {consent_id} withdrawn; {cancelled} reminder(s) cancelled")
    return view


@router.get("/sms-reminders", response_model=list[ReminderView], responses=RESPONSES)
async def list_reminders(
    pathway_id: PathwayId,
    user: Annotated[User, allowed(Act.LIST_SMS_REMINDERS)],
    sessions: SessionsDep,
) -> list[ReminderView]:
    """The pathway's text reminders and what became of each (no number, no text)."""

    def read() -> list[ReminderView]:
        with sessions() as session:
            _pathway(session, user, pathway_id, write=False)
            return [reminder_view(r) for r in reminders(session, pathway_id)]

    return await asyncio.to_thread(read)


def _notify_ready(settings: Settings) -> None:
    if settings.notify_api_key is None:
        raise StepNotAllowed(
            "text reminders are sent through GOV.UK Notify, which is not configured: "
            "set PATHWAY_NOTIFY_API_KEY"
        )
    if TEMPLATE not in settings.notify_templates:
        raise StepNotAllowed(
            "no GOV.UK Notify template for appointment reminders: "
            f"set PATHWAY_NOTIFY_TEMPLATES__{TEMPLATE.upper()}"
        )


def _times(asked: ReminderRequest, now: datetime) -> tuple[datetime, datetime]:
    """The appointment and when to send, checked: 422 naming the field."""
    appointment = asked.appointment_at
    send_at = asked.send_at or now
    if appointment <= now:
        raise InvalidInput.field("appointment_at", "appointment_at: is not in the future")
    if appointment > now + FURTHEST_APPOINTMENT:
        raise InvalidInput.field("appointment_at", "appointment_at: is more than a year ahead")
    if send_at < now - LATE_SEND:
        raise InvalidInput.field("send_at", "send_at: is in the past (leave it out to send now)")
    if send_at >= appointment:
        raise InvalidInput.field("send_at", "send_at: is not before the appointment")
    return appointment, max(send_at, now)


@router.post(
    "/sms-reminders", response_model=ReminderView, status_code=201, responses=RESPONSES
)
async def post_reminder(
    pathway_id: PathwayId,
    asked: ReminderRequest,
    request: Request,
    user: Annotated[User, allowed(Act.SEND_SMS_REMINDER, max_body=BODY_BYTES)],
    sessions: SessionsDep,
    settings: SettingsDep,
) -> ReminderView:
    """Remind of an appointment by text: now, or at `send_at`; only under a recorded consent."""
    now = datetime.now(UTC)
    appointment, send_at = _times(asked, now)
    _notify_ready(settings)

    def write() -> str:
        with sessions.begin() as session:
            _pathway(session, user, pathway_id, write=True)
            consent = active_consent(session, pathway_id, asked.consent_id)
            if consent is None:
                named = f" {asked.consent_id}" if asked.consent_id is not None else ""
                raise StepNotAllowed(
                    f"consent: there is no recorded, unwithdrawn consent{named} to appointment "
                    f"reminders by text for pathway {pathway_id}: record one first "
                    f"(POST /v1/pathways/{pathway_id}/contact-consents)"
                )
            return schedule(session, consent, appointment, send_at, user.name, now).key

    key = await asyncio.to_thread(write)
    if send_at <= now:  # asked for now: tried at once, and by the delivery loop if need be
        await asyncio.to_thread(deliver_reminders, sessions, settings, now=now, key=key)

    def read() -> ReminderView:
        with sessions() as session:
            row = session.get(SmsReminder, key)
            assert row is not None
            return reminder_view(row)

    view = await asyncio.to_thread(read)
    note(request, detail=f"reminder {key} under consent {view.consent_id}: {view.status}")
    return view
