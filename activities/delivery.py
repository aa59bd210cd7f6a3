"""Delivery of the notification outbox to the team's supervisors: logged, emailed or by Notify.

The workflows write notifications to the outbox (`activities/notifications.py`); a loop in the
worker process delivers them. Each pass takes the pending messages, oldest first, and delivers
each in its own transaction: the row is locked (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so
several workers share the work without sending a message twice; SQLite has no row locks, and
its embedded setup runs one worker), delivered, and marked `sent_at`. A failure rolls back and
leaves the message pending for the next pass.

With `PATHWAY_NOTIFY_API_KEY` messages go through GOV.UK Notify instead
(`activities.notify_delivery`: refused ones are kept as failed, the others retried with a
backoff, none sent twice), and text reminders of appointments too (`activities.reminders`).
Without it or `PATHWAY_SMTP_HOST` a delivery is a log line; with SMTP, an email to the
addresses that `PATHWAY_SUPERVISOR_EMAILS` lists for the team (the key `"*"` serves pathways
not yet allocated and teams not listed). Logs carry ids, the kind and the team, never the
message. An email carries the message only for kinds whose text the workflow writes itself
(no free text from a caseworker); for the others it says where to read it. A crash between
sending and committing sends a message again on the next pass, with the same Message-ID.
"""

import asyncio
import logging
import re
import smtplib
import ssl
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from datetime import UTC, datetime
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from activities.notify_delivery import deliver_outbox_by_notify, due
from activities.reminders import deliver_reminders
from core.settings import Settings
from db.tables import OutboxMessage

log = logging.getLogger(__name__)

Send = Callable[[OutboxMessage], None]

# Kinds whose message the workflow composes from ids, steps and dates: safe in an email.
PLAIN_KINDS = frozenset({"escalation", "victim_work_ended", "staff_supervision"})
POINTERS = {"override": "A referral against the eligibility rules was recorded with a reason."}
# Failures of one message (a refused address); anything else ends the pass.
MESSAGE_FAILURES = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


def recipients(settings: Settings, team: str | None, area: str | None = None) -> list[str]:
    """Return the supervisors' addresses for a team, or for a pathway not yet allocated.

    A pathway with no team is for the supervisors of its area: every team of that area (by
    `PATHWAY_TEAM_AREAS`). Failing that, the `"*"` addresses.
    """
    emails = settings.supervisor_emails
    if team:
        return emails.get(team) or emails.get("*", [])
    teams = [t for t, a in settings.team_areas.items() if a == area] if area else []
    found = sorted({address for t in teams for address in emails.get(t, [])})
    return found or emails.get("*", [])


def addressed_to(row: OutboxMessage) -> str:
    """Whose supervisors a notification is for, in words (for logs and emails)."""
    return addressed_to_words(row.team, row.area)


def addressed_to_words(team: str | None, area: str | None) -> str:
    """Whose supervisors a notification of `team` (or of `area`, unallocated) is for."""
    if team:
        return f"team {team}'s supervisors"
    if area:
        return f"the supervisors of area {area} (not yet allocated)"
    return "every supervisor (not yet allocated)"


def email_for(settings: Settings, row: OutboxMessage, to: list[str]) -> EmailMessage:
    """Compose the email of one outbox message."""
    email = EmailMessage()
    email["Subject"] = f"Pathway {row.kind.replace('_', ' ')}: pathway {row.pathway_id}"
    email["From"] = settings.smtp_from
    email["To"] = ", ".join(to)
    email["Message-ID"] = f"<{re.sub(r'[^A-Za-z0-9._-]', '.', row.key)}@pathway>"
    text = row.message if row.kind in PLAIN_KINDS else POINTERS.get(row.kind, "")
    email.set_content(
        f"{text}\n\nPathway: {row.pathway_id}\nFor: {addressed_to(row)}\n"
        "Read it in Pathway: GET /v1/notifications, and the pathway at "
        f"/v1/pathways/{row.pathway_id}.\n"
    )
    return email


def _log_only(row: OutboxMessage) -> None:
    log.info(
        "notification %s (%s) for pathway %s delivered to %s (logged)",
        row.key,
        row.kind,
        row.pathway_id,
        addressed_to(row),
    )


@contextmanager
def transport(settings: Settings) -> Iterator[Send]:
    """Yield how to deliver a message: by email when SMTP is configured, else to the log."""
    if settings.smtp_host is None:
        yield _log_only
        return
    timeout = settings.smtp_timeout_seconds
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_username and settings.smtp_password:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())

        def send(row: OutboxMessage) -> None:
            to = recipients(settings, row.team, row.area)
            if not to:
                log.warning(
                    "no address for %s: notification %s logged only", addressed_to(row), row.key
                )
                return _log_only(row)
            refused = smtp.send_message(email_for(settings, row, to))
            log.info(
                "notification %s (%s) for pathway %s emailed to %s (%d of %d addresses refused)",
                row.key,
                row.kind,
                row.pathway_id,
                addressed_to(row),
                len(refused),
                len(to),
            )

        yield send


def _deliver_one(sessions: sessionmaker[Session], key: str, send: Send) -> bool:
    with sessions.begin() as session:
        row = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.key == key, OutboxMessage.sent_at.is_(None))
            .with_for_update(skip_locked=True)
        ).first()
        if row is None:  # delivered by another worker meanwhile
            return False
        send(row)
        row.sent_at = datetime.now(UTC)
    return True


def deliver_pending(
    sessions: sessionmaker[Session],
    settings: Settings,
    *,
    batch: int = 200,
    now: datetime | None = None,
) -> int:
    """Deliver pending outbox messages, oldest first; return how many were delivered.

    Args:
        sessions: Sessions on the database holding the outbox.
        settings: The SMTP settings and the supervisors' addresses.
        batch: At most this many messages in one pass.
        now: The time of the pass (tests move it past a backoff); default: the clock.

    Returns:
        The number of messages delivered; the others stay pending for the next pass.
    """
    now = now or datetime.now(UTC)
    if settings.notify_api_key is not None:
        return deliver_outbox_by_notify(sessions, settings, now=now, batch=batch)
    with sessions() as session:
        keys = list(
            session.scalars(
                select(OutboxMessage.key)
                .where(due(OutboxMessage, now))
                .order_by(OutboxMessage.created_at, OutboxMessage.key)
                .limit(batch)
            )
        )
    if not keys:
        return 0
    delivered = 0
    try:
        with transport(settings) as send:
            for key in keys:
                try:
                    delivered += _deliver_one(sessions, key, send)
                except MESSAGE_FAILURES as refused:
                    log.warning(
                        "notification %s not sent (%s): left pending", key, type(refused).__name__
                    )
    except (OSError, smtplib.SMTPException) as failure:  # the mail server is down or refused us
        log.warning(
            "outbox delivery stopped (%s): %d message(s) left pending",
            type(failure).__name__,
            len(keys) - delivered,
        )
    return delivered


async def delivery_loop(
    sessions: sessionmaker[Session], settings: Settings, stop: asyncio.Event
) -> None:
    """Deliver the outbox every `delivery_interval_seconds` until `stop` is set."""
    while not stop.is_set():
        try:
            await asyncio.to_thread(deliver_pending, sessions, settings)
            if settings.notify_api_key is not None:
                await asyncio.to_thread(deliver_reminders, sessions, settings)
        except Exception as failure:  # the database is unreachable: the next pass retries
            log.warning("outbox delivery pass failed (%s)", type(failure).__name__)
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), settings.delivery_interval_seconds)


@asynccontextmanager
async def delivering(sessions: sessionmaker[Session], settings: Settings) -> AsyncIterator[None]:
    """Run the delivery loop while the context is open (the worker process holds it)."""
    stop = asyncio.Event()
    loop = asyncio.create_task(delivery_loop(sessions, settings, stop))
    try:
        yield
    finally:
        stop.set()
        await loop
