"""The intake's tables: court records, the pathway index, the outbox, audit, page sessions.

Children's names and dates of birth live here, in the council's database, and never in
Temporal: workflows know a child only by `child_id`.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.types import UtcDateTime


class Base(DeclarativeBase):
    """Declarative base of every table."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Child(Base):
    """A child known from court records; `identity_key` links orders without a PNC id."""

    __tablename__ = "children"

    child_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    pnc_id: Mapped[str | None] = mapped_column(String(30), index=True)
    identity_key: Mapped[str] = mapped_column(String(300), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(20))
    ethnicity: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PathwayIndex(Base):
    """Which pathways each child has (the intake's view; the workflow holds the process)."""

    __tablename__ = "pathway_index"

    pathway_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("children.child_id"), index=True)
    disposal: Mapped[str] = mapped_column(String(40))
    made_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # The service that owns the pathway: a new order opens reviews only on the same service's.
    area: Mapped[str | None] = mapped_column(String(100), default=None)


class AnonymisedPathway(Base):
    """A pathway the retention policy anonymised, and when.

    Kept beside the intake, not in the read model, so that rebuilding the read model from the
    workflows (whose histories may still hold the free text) writes it anonymised again.
    """

    __tablename__ = "anonymised_pathways"

    pathway_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    anonymised_on: Mapped[date] = mapped_column(Date)


class CourtRecord(Base):
    """An accepted court outcome: the idempotency record of ingestion.

    `message_id` and `business_key` are both unique, so a resent message and a second message
    for the same case, defendant and disposal each find this row instead of starting anything.
    `state` is `starting` until the workflow has been started, so a crash in between is finished
    by the next attempt rather than lost. Once its pathway is anonymised, both keys become
    `anonymised:<id>` and the case and defendant are emptied (ADR 0080).
    """

    __tablename__ = "court_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    business_key: Mapped[str] = mapped_column(String(400), unique=True)
    source: Mapped[str] = mapped_column(String(30))
    pathway_id: Mapped[str] = mapped_column(String(40))
    child_id: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # The case (upper case) and the source's defendant id, to match victim details to a pathway.
    case_urn: Mapped[str | None] = mapped_column(String(50))
    defendant_id: Mapped[str | None] = mapped_column(String(100))

    __table_args__ = (Index("ix_court_records_case_defendant", "case_urn", "defendant_id"),)


class DiversionReferralRecord(Base):
    """An accepted referral for diversion or prevention: the idempotency record of its intake.

    `referral_id` is unique, so a resent referral finds this row instead of starting anything;
    `state` is `starting` until the pathway's workflow has been started, so a crash in between
    is finished by the next attempt (`ingest.diversion`, ADR 0131), as for court records.
    """

    __tablename__ = "diversion_referrals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    referral_id: Mapped[str] = mapped_column(String(60), unique=True)
    source: Mapped[str] = mapped_column(String(30))
    pathway_id: Mapped[str] = mapped_column(String(40), index=True)
    child_id: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    received_by: Mapped[str | None] = mapped_column(String(200), default=None)


class HeldRecord(Base):
    """A record that was rejected or held for review, kept whole with its reasons.

    `kind` says what it is and so how a replay reads it: `canonical`, `common_platform` (the
    payload's `message` holds the defendant's own hearing), `unreadable` (a line that was not
    JSON) or `victim_details`. `resolution` says how it was resolved (e.g. by a replay).
    """

    __tablename__ = "held_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    result: Mapped[str] = mapped_column(String(20))
    message_id: Mapped[str | None] = mapped_column(String(200), index=True)
    reason: Mapped[str] = mapped_column(Text)
    errors: Mapped[list[Any]] = mapped_column(JSON)
    payload: Mapped[Any] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    kind: Mapped[str] = mapped_column(String(30), default="canonical", index=True)
    resolution: Mapped[str | None] = mapped_column(Text)
    # Victim details: their case (upper case), so the intake finds them when its order arrives.
    case_urn: Mapped[str | None] = mapped_column(String(50), index=True, default=None)
    # Scope: held intake is seen by the supervisors of its area and by who sent it.
    area: Mapped[str | None] = mapped_column(String(100), default=None)
    received_by: Mapped[str | None] = mapped_column(String(200), default=None)


class VictimDetailsRecord(Base):
    """A "victim details received" message from the police, recorded on a pathway.

    The idempotency record of victim details: `message_id` is unique, and `state` is
    `recording` until the pathway has accepted the step. No victim's name or contact details
    are ever stored: the message carries none. Once its pathway is anonymised, `message_id`
    becomes `anonymised:<id>` and `case_urn` `anonymised` (ADR 0080).
    """

    __tablename__ = "victim_details"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    pathway_id: Mapped[str] = mapped_column(String(40), index=True)
    case_urn: Mapped[str] = mapped_column(String(50))
    received_on: Mapped[date] = mapped_column(Date)
    enhanced: Mapped[bool] = mapped_column(Boolean)
    opted_out: Mapped[bool] = mapped_column(Boolean)
    state: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())


class OutboxMessage(Base):
    """A notification to deliver (escalations to supervisors, notices for victims)."""

    __tablename__ = "outbox"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    pathway_id: Mapped[str] = mapped_column(String(40), index=True)
    team: Mapped[str | None] = mapped_column(String(200))
    # A pathway with no team yet: its area's supervisors are told.
    area: Mapped[str | None] = mapped_column(String(100), default=None)
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Delivery by GOV.UK Notify (ADR 0136): the addresses Notify has taken the message for (a
    # retry skips them), the attempts that failed for now and when to try again, and a
    # refusal that no retry would change (`failed_at`, `failure`: kept, shown, never resent).
    delivered_to: Mapped[list[Any]] = mapped_column(JSON, default=list)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    last_error: Mapped[str | None] = mapped_column(String(300), default=None)
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    failure: Mapped[str | None] = mapped_column(String(300), default=None)


class AuditEvent(Base):
    """Who did what to which record, when, and with what outcome: every act on a child's data.

    `outcome` is `done`, `refused` (a 4xx: not allowed, not found, invalid) or `failed` (a
    5xx); `status` the HTTP status answered. Rows written before outcomes were kept have none.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    user: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(20))
    team: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    pathway_id: Mapped[str | None] = mapped_column(String(40), index=True)
    detail: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(20), default=None)
    status: Mapped[int | None] = mapped_column(Integer, default=None)


class WebSession(Base):
    """A signed-in page session: the browser's cookie holds a random id, this row its hash.

    A session is refused once `revoked_at` is set (sign-out), once `expires_at` has passed
    (the absolute limit), or when `last_seen_at` is older than the idle limit; `last_seen_at`
    is written at most once a minute, not on every request.
    """

    __tablename__ = "web_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    team: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


# Staff and their clinical supervision (ADR 0124): people of the service, not children; a
# supervision keeps a date and themes, never case content.


class StaffMember(Base):
    """A case manager's time in one team (a move is a leaving and a joining)."""

    __tablename__ = "staff"
    __table_args__ = (Index("ix_staff_team_user", "team", "user_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_name: Mapped[str] = mapped_column(String(200), index=True)
    team: Mapped[str] = mapped_column(String(200))
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime())


class StaffSupervision(Base):
    """One clinical supervision session of a member of staff."""

    __tablename__ = "staff_supervisions"
    __table_args__ = (Index("ix_staff_supervisions_staff_on", "staff_id", "supervised_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    staff_id: Mapped[int] = mapped_column(Integer)
    supervised_on: Mapped[date] = mapped_column(Date)
    themes: Mapped[list[Any]] = mapped_column(JSON)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ReflectionDiscussion(Base):
    """A supervisor's discussion of one decision's bias reflection (`contracts.reflections`).

    The decision is the pathway's reflection number `seq`; `note` is free text, emptied when the
    pathway is anonymised (`db.anonymisation.anonymise_discussions`).
    """

    __tablename__ = "reflection_discussions"

    pathway_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    discussed_on: Mapped[date] = mapped_column(Date)
    discussed_by: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class EvaluationExtract(Base):
    """An evaluation extract taken: who, when, the period, its purpose and lawful basis (ADR 0130).

    The rows are not kept (they leave with the answer), nor the salt of their pseudonyms, so
    no one can link an extract's rows back to a child, or two extracts to each other.
    """

    __tablename__ = "evaluation_extracts"

    extract_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    requested_by: Mapped[str] = mapped_column(String(200))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    since: Mapped[date] = mapped_column(Date)
    until: Mapped[date] = mapped_column(Date)
    team: Mapped[str | None] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text)
    lawful_basis: Mapped[str] = mapped_column(String(40))
    rows: Mapped[int] = mapped_column(Integer)
    children: Mapped[int] = mapped_column(Integer)


# Text reminders of appointments (ADR 0137): a number recorded with consent for that purpose,
# here in the council's database only, never in Temporal.


class ContactConsent(Base):
    """A mobile number given, with consent, for one purpose (appointment reminders) of a pathway.

    `given_by` is who consented (the child, or a parent or carer for their own number);
    withdrawing keeps the row (when and who) and stops every reminder not yet sent.
    """

    __tablename__ = "contact_consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pathway_id: Mapped[str] = mapped_column(String(40), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    phone_number: Mapped[str] = mapped_column(String(20))
    given_by: Mapped[str] = mapped_column(String(30))
    given_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    withdrawn_on: Mapped[date | None] = mapped_column(Date, default=None)
    withdrawn_by: Mapped[str | None] = mapped_column(String(200), default=None)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class SmsReminder(Base):
    """A text reminding of an appointment, to the number of one consent, due at `send_at`.

    Delivered by the outbox's loop through Notify with `key` as Notify's reference; like an
    outbox message it is sent once (`sent_at`), retried later, failed with a reason, or
    cancelled (the consent was withdrawn first).
    """

    __tablename__ = "sms_reminders"
    __table_args__ = (Index("ix_sms_reminders_due", "sent_at", "send_at"),)

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    pathway_id: Mapped[str] = mapped_column(String(40), index=True)
    consent_id: Mapped[int] = mapped_column(ForeignKey("contact_consents.id"), index=True)
    appointment_at: Mapped[datetime] = mapped_column(UtcDateTime())
    send_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    notify_id: Mapped[str | None] = mapped_column(String(40), default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    last_error: Mapped[str | None] = mapped_column(String(300), default=None)
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    failure: Mapped[str | None] = mapped_column(String(300), default=None)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
