"""Delivery through GOV.UK Notify: each message sent once, retried later, or kept as failed.

Used for the outbox (this module, to the supervisors' addresses) and for text reminders
(`activities.reminders`). One message at a time, in two short transactions around the call
to Notify:

1. the lease: the row is locked (`FOR UPDATE SKIP LOCKED` on PostgreSQL), its `attempts`
   counted and `next_attempt_at` moved past a backoff, and committed: no other pass or
   worker takes it meanwhile, and a process that dies while Notify is answering leaves a
   row that says it was being tried;
2. the call: a message tried before (`attempts` > 0 at the lease) is first looked up at
   Notify by its reference, and the recipients Notify already holds are not sent again;
3. the outcome, committed in the same pass: `sent_at` when every recipient was taken;
   `failed_at` and `failure` when Notify refused it for good (a 400), kept and shown, never
   resent; else `last_error`, and the message waits for its `next_attempt_at`. A refused key,
   a rate limit or Notify down (`NotifyUnavailable`) ends the pass: the rest waits untouched.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from activities.notify import Notify, NotifyRefused, NotifyUnavailable, backoff, template_for
from core.settings import Settings
from db.tables import ContactConsent, OutboxMessage, SmsReminder

log = logging.getLogger(__name__)

Row = TypeVar("Row", OutboxMessage, SmsReminder)
T = TypeVar("T")


@dataclass
class Outcome:
    """What became of one try: sent, refused for good, or not taken now."""

    sent: bool = False
    delivered_to: list[str] = field(default_factory=list)
    notify_id: str | None = None
    refused: str | None = None
    unavailable: NotifyUnavailable | None = None


def due(table: type[Row], now: datetime) -> ColumnElement[bool]:
    """Rows still to send whose time has come (a reminder's `send_at`, a retry's backoff)."""
    condition = and_(
        table.sent_at.is_(None),
        table.failed_at.is_(None),
        or_(table.next_attempt_at.is_(None), table.next_attempt_at <= now),
    )
    if table is SmsReminder:
        # Only while its consent stands: a withdrawal also cancels, this covers a race with it.
        standing = select(ContactConsent.id).where(ContactConsent.withdrawn_at.is_(None))
        condition = and_(
            condition,
            SmsReminder.cancelled_at.is_(None),
            SmsReminder.send_at <= now,
            SmsReminder.consent_id.in_(standing),
        )
    return condition


def due_keys(
    sessions: sessionmaker[Session],
    table: type[Row],
    now: datetime,
    batch: int,
    only: str | None = None,
) -> list[str]:
    """The keys of due rows, oldest first, at most `batch` (only `only`, if given)."""
    query = select(table.key).where(due(table, now))
    if only is not None:
        query = query.where(table.key == only)
    with sessions() as session:
        return list(session.scalars(query.order_by(table.created_at, table.key).limit(batch)))


def lease(
    sessions: sessionmaker[Session],
    settings: Settings,
    table: type[Row],
    key: str,
    now: datetime,
    take: Callable[[Session, Row], T],
) -> tuple[T, int] | None:
    """Take a due row for one try (step 1); return what `take` reads of it, and its tries before.

    None when the row is no longer due (sent, failed, cancelled, or taken by another worker).
    """
    with sessions.begin() as session:
        row = session.scalars(
            select(table).where(table.key == key, due(table, now)).with_for_update(skip_locked=True)
        ).first()
        if row is None:
            return None
        earlier = row.attempts
        # Compare and set: SQLite has no row locks, so two processes (the API sending a
        # reminder now, the worker's loop) may both have read the row as due; one counts.
        counted = session.execute(
            update(table)
            .where(table.key == key, table.attempts == earlier)
            .values(attempts=earlier + 1, next_attempt_at=now + backoff(settings, earlier + 1))
            .execution_options(synchronize_session=False)
        )
        if getattr(counted, "rowcount", 0) != 1:
            return None
        return take(session, row), earlier


def settle(
    sessions: sessionmaker[Session], table: type[Row], key: str, outcome: Outcome, now: datetime
) -> None:
    """Write the outcome of a try (step 3)."""
    with sessions.begin() as session:
        row = session.get(table, key)
        if row is None:  # anonymised meanwhile: nothing left to record against
            return
        if isinstance(row, OutboxMessage):
            row.delivered_to = list(outcome.delivered_to)
        elif outcome.notify_id:
            row.notify_id = outcome.notify_id
        if outcome.sent:
            row.sent_at = now
            row.next_attempt_at = None
            row.last_error = None
        elif outcome.refused is not None:
            row.failed_at = now
            row.failure = outcome.refused
            row.next_attempt_at = None
        elif outcome.unavailable is not None:
            row.last_error = outcome.unavailable.reason


def run_pass(
    sessions: sessionmaker[Session],
    settings: Settings,
    table: type[Row],
    take: Callable[[Session, Row], T],
    send: Callable[[Notify, T, bool], Outcome],
    *,
    now: datetime,
    batch: int,
    only: str | None = None,
) -> int:
    """Try every due row of `table` once (steps 1 to 3); return how many were sent."""
    keys = due_keys(sessions, table, now, batch, only)
    if not keys:
        return 0
    notify = Notify.of(settings)
    sent = 0
    try:
        for key in keys:
            leased = lease(sessions, settings, table, key, now, take)
            if leased is None:
                continue
            data, earlier = leased
            outcome = send(notify, data, earlier > 0)
            settle(sessions, table, key, outcome, now)
            sent += outcome.sent
            if outcome.refused is not None:
                log.warning(
                    "%s %s refused by Notify, kept as failed: %s",
                    table.__name__,
                    key,
                    outcome.refused,
                )
            if outcome.unavailable is not None:
                log.warning(
                    "Notify delivery stopped at %s %s (%s): the rest waits for the next pass",
                    table.__name__,
                    key,
                    outcome.unavailable.reason,
                )
                break
    finally:
        notify.close()
    return sent


# The outbox: escalations and notices to the team's supervisors.


@dataclass(frozen=True)
class Queued:
    """What an outbox message's delivery needs, read at the lease."""

    key: str
    kind: str
    pathway_id: str
    team: str | None
    area: str | None
    message: str
    delivered_to: tuple[str, ...]


def _queued(session: Session, row: OutboxMessage) -> Queued:
    return Queued(
        row.key, row.kind, row.pathway_id, row.team, row.area, row.message,
        tuple(row.delivered_to or ()),
    )


def personalisation(queued: Queued) -> dict[str, str]:
    """The template's fields: the message only for kinds the workflow writes itself.

    Other kinds (an override's reason, a caseworker's words) say where to read it instead, as
    the emails do (`activities.delivery.PLAIN_KINDS`).
    """
    from activities.delivery import PLAIN_KINDS, POINTERS, addressed_to_words  # imports us

    text = queued.message if queued.kind in PLAIN_KINDS else POINTERS.get(queued.kind, "")
    return {
        "subject": f"Pathway {queued.kind.replace('_', ' ')}: pathway {queued.pathway_id}",
        "kind": queued.kind.replace("_", " "),
        "message": text,
        "pathway_id": queued.pathway_id,
        "for": addressed_to_words(queued.team, queued.area),
        "link": f"/v1/pathways/{queued.pathway_id}",
    }


def outbox_sender(settings: Settings) -> Callable[[Notify, Queued, bool], Outcome]:
    """How one outbox message goes: an email by Notify to each of its supervisors."""
    from activities.delivery import recipients  # which imports this module

    def send(notify: Notify, queued: Queued, tried_before: bool) -> Outcome:
        to = recipients(settings, queued.team, queued.area)
        if not to:
            log.warning("no address for notification %s: logged only", queued.key)
            return Outcome(sent=True)
        template = template_for(settings, queued.kind)
        if template is None:
            setting = f"PATHWAY_NOTIFY_TEMPLATES__{queued.kind.upper()}"
            return Outcome(
                delivered_to=list(queued.delivered_to),
                unavailable=NotifyUnavailable(
                    f"no Notify template for {queued.kind}: set {setting} (or __DEFAULT)"
                ),
            )
        done = [a for a in queued.delivered_to if a in to]
        refusals: list[str] = []
        try:
            if tried_before:
                held = notify.holds("email", queued.key)
                done += [a for a in to if a in held and a not in done]
            for n, address in enumerate(to, start=1):
                if address in done:
                    continue
                try:
                    notify.send("email", address, template, personalisation(queued), queued.key)
                except NotifyRefused as refused:
                    refusals.append(f"recipient {n} of {len(to)}: {refused.reason}")
                    continue
                done.append(address)
        except NotifyUnavailable as unavailable:
            return Outcome(delivered_to=done, unavailable=unavailable)
        if refusals:
            sent = f"sent to {len(done)} of {len(to)}; " if done else ""
            return Outcome(delivered_to=done, refused=(sent + "; ".join(refusals))[:300])
        return Outcome(sent=True, delivered_to=done)

    return send


def deliver_outbox_by_notify(
    sessions: sessionmaker[Session], settings: Settings, *, now: datetime, batch: int
) -> int:
    """Deliver the due outbox messages through Notify; return how many were sent."""
    return run_pass(
        sessions, settings, OutboxMessage, _queued, outbox_sender(settings), now=now, batch=batch
    )
