"""Text reminders of appointments, only to a number recorded with consent (ADR 0137).

A caseworker or supervisor of the pathway's team records a number with the consent of the
person it belongs to, for one purpose (appointment reminders), and may withdraw it; a
reminder is refused without a recorded, unwithdrawn consent. Reminders are rows in the
council's database, sent by the delivery loop through GOV.UK Notify at their `send_at`
(`activities.notify_delivery`: once each, retried later, or kept as failed), or at once when
asked for now. Withdrawing a consent cancels its reminders not yet sent.

None of this touches Temporal: the number and the text exist only here and at Notify.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from activities.notify import Notify, NotifyRefused, NotifyUnavailable
from activities.notify_delivery import Outcome, run_pass
from contracts.contacts import ConsentRecord, ConsentView, Purpose, ReminderView
from core.settings import Settings
from core.workdays import london_time
from db.tables import ContactConsent, SmsReminder

TEMPLATE = "appointment_reminder"
"""The key of `PATHWAY_NOTIFY_TEMPLATES` naming the text message template."""


def consent_view(row: ContactConsent) -> ConsentView:
    """A consent as the API shows it."""
    return ConsentView(
        id=row.id,
        pathway_id=row.pathway_id,
        purpose=Purpose(row.purpose),
        number_ending=row.phone_number[-3:] if row.phone_number[-3:].isdigit() else "",
        given_by=row.given_by,
        given_on=row.given_on,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        withdrawn_on=row.withdrawn_on,
        withdrawn_by=row.withdrawn_by,
        active=row.withdrawn_at is None,
    )


def reminder_view(row: SmsReminder) -> ReminderView:
    """A reminder and what became of it."""
    if row.sent_at is not None:
        status = "sent"
    elif row.failed_at is not None:
        status = "failed"
    elif row.cancelled_at is not None:
        status = "cancelled"
    elif row.last_error is not None:
        status = "retrying"
    else:
        status = "scheduled"
    return ReminderView(
        key=row.key,
        pathway_id=row.pathway_id,
        consent_id=row.consent_id,
        appointment_at=row.appointment_at,
        send_at=row.send_at,
        status=status,
        sent_at=row.sent_at,
        attempts=row.attempts,
        last_error=row.last_error,
        failure=row.failure,
        created_by=row.created_by,
    )


def record_consent(
    session: Session, pathway_id: str, record: ConsentRecord, by: str, now: datetime
) -> ContactConsent:
    """Keep a number given with consent for the pathway."""
    row = ContactConsent(
        pathway_id=pathway_id,
        purpose=record.purpose.value,
        phone_number=record.phone_number,
        given_by=record.given_by.value,
        given_on=record.given_on,
        recorded_by=by,
        recorded_at=now,
    )
    session.add(row)
    session.flush()
    return row


def consents(session: Session, pathway_id: str) -> list[ContactConsent]:
    """The pathway's consents, newest first."""
    return list(
        session.scalars(
            select(ContactConsent)
            .where(ContactConsent.pathway_id == pathway_id)
            .order_by(ContactConsent.id.desc())
        )
    )


def withdraw(row: ContactConsent, session: Session, on: date, by: str, now: datetime) -> int:
    """Withdraw a consent, erase its number, cancel its reminders not yet sent; return how many."""
    row.withdrawn_on, row.withdrawn_by, row.withdrawn_at = on, by, now
    # Its purpose has gone, so the number goes too; its ending stays, to tell consents apart.
    row.phone_number = f"withdrawn:{row.phone_number[-3:]}"
    result = session.execute(
        update(SmsReminder)
        .where(
            SmsReminder.consent_id == row.id,
            SmsReminder.sent_at.is_(None),
            SmsReminder.failed_at.is_(None),
            SmsReminder.cancelled_at.is_(None),
        )
        .values(cancelled_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def active_consent(
    session: Session, pathway_id: str, consent_id: int | None
) -> ContactConsent | None:
    """The consent a reminder goes under: the one named, or the latest, if unwithdrawn."""
    query = select(ContactConsent).where(
        ContactConsent.pathway_id == pathway_id,
        ContactConsent.purpose == Purpose.APPOINTMENT_REMINDERS.value,
        ContactConsent.withdrawn_at.is_(None),
    )
    if consent_id is not None:
        query = query.where(ContactConsent.id == consent_id)
    return session.scalars(query.order_by(ContactConsent.id.desc())).first()


def schedule(
    session: Session,
    consent: ContactConsent,
    appointment_at: datetime,
    send_at: datetime,
    by: str,
    now: datetime,
) -> SmsReminder:
    """Keep a reminder to send at `send_at` (the delivery loop sends it)."""
    row = SmsReminder(
        key=f"rem-{secrets.token_hex(12)}",
        pathway_id=consent.pathway_id,
        consent_id=consent.id,
        appointment_at=appointment_at,
        send_at=send_at,
        created_by=by,
        created_at=now,
        attempts=0,
    )
    session.add(row)
    session.flush()
    return row


def reminders(session: Session, pathway_id: str) -> list[SmsReminder]:
    """The pathway's reminders, latest to send first."""
    return list(
        session.scalars(
            select(SmsReminder)
            .where(SmsReminder.pathway_id == pathway_id)
            .order_by(SmsReminder.send_at.desc(), SmsReminder.key)
        )
    )


# Delivery


@dataclass(frozen=True)
class Due:
    """What a reminder's text needs, read at the lease: the number is read here and only here."""

    key: str
    phone_number: str
    appointment_at: datetime


def _due(session: Session, row: SmsReminder) -> Due:
    consent = session.get(ContactConsent, row.consent_id)
    assert consent is not None  # a foreign key
    return Due(row.key, consent.phone_number, row.appointment_at)


def personalisation(appointment_at: datetime) -> dict[str, str]:
    """The template's fields: the appointment's day and time in London, nothing else."""
    local = london_time(appointment_at)
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return {
        "date": f"{local:%A} {local.day} {local:%B %Y}",
        "time": f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}",
    }


def _sender(settings: Settings) -> Callable[[Notify, Due, bool], Outcome]:
    template = settings.notify_templates.get(TEMPLATE)

    def send(notify: Notify, due: Due, tried_before: bool) -> Outcome:
        if template is None:
            return Outcome(
                unavailable=NotifyUnavailable(
                    "no Notify template for reminders: set "
                    f"PATHWAY_NOTIFY_TEMPLATES__{TEMPLATE.upper()}"
                )
            )
        try:
            if tried_before and due.phone_number in notify.holds("sms", due.key):
                return Outcome(sent=True)
            notify_id = notify.send(
                "sms", due.phone_number, template, personalisation(due.appointment_at), due.key
            )
        except NotifyRefused as refused:
            return Outcome(refused=refused.reason)
        except NotifyUnavailable as unavailable:
            return Outcome(unavailable=unavailable)
        return Outcome(sent=True, notify_id=notify_id)

    return send


def deliver_reminders(
    sessions: sessionmaker[Session],
    settings: Settings,
    *,
    now: datetime | None = None,
    batch: int = 200,
    key: str | None = None,
) -> int:
    """Send the reminders now due (or only `key`); return how many were sent."""
    return run_pass(
        sessions,
        settings,
        SmsReminder,
        _due,
        _sender(settings),
        now=now or datetime.now(UTC),
        batch=batch,
        only=key,
    )
