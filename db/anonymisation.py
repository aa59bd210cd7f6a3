"""What anonymising removes from the intake's tables, table by table: used by retention.

A pathway is anonymised once (`anonymised_pathways` records it, outside the read model):
- the read model loses its free text (`readmodel.tables.FREE_TEXT`: override reasons, bias
  reflection notes, the names of agreed actions' owners) through
  `readmodel.writers.anonymise_pathway`; the projection leaves an anonymised pathway's rows
  alone, and writes them without free text when it has to write them again (a rebuild), so
  nothing restores what was removed;
- its notifications lose their text (`anonymise_notifications`), and supervisors' discussions of
  its decisions their notes (`anonymise_discussions`);
- the mobile numbers given for it with consent are erased, and reminders not yet sent
  cancelled (`anonymise_contacts`);
- its court records lose the stored message, case URN, defendant id, message id and business
  key, and its victim-details records their message id and case URN: the unique keys become
  `anonymised:<row id>` (ADR 0080);
- held records that share a message id with those records go as held records past the
  retention period do (`anonymise_held_record`);
- its referral for diversion (`anonymise_referrals`) loses the stored referral and the
  referrer's referral id (ADR 0131), and held copies of that referral go too.
The child is anonymised separately (`anonymise_child`), once none of their pathways is open or
recent (`readmodel.queries.keeps_child_identified` says when).
"""

import re
from datetime import UTC, date, datetime, time
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, String, and_, func, literal, or_, select, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from db.tables import (
    AnonymisedPathway,
    Child,
    ContactConsent,
    CourtRecord,
    DiversionReferralRecord,
    HeldRecord,
    OutboxMessage,
    ReflectionDiscussion,
    SmsReminder,
    VictimDetailsRecord,
)

ANONYMISED = "anonymised"
HELD_MARK = "payload anonymised after the retention period"
REDACTED = "(anonymised)"

# Keys in a held record's payload whose values identify a person or a case; a reason that
# quotes one (e.g. "no pathway yet for case 01LY...") has it replaced by REDACTED.
_IDENTIFYING_KEYS = ("message_id", "case_urn", "defendant_id", "pnc_id")


def anonymised_key(table: type[CourtRecord] | type[VictimDetailsRecord]) -> ColumnElement[str]:
    """`anonymised:<row id>`: unique like the key it replaces, and says nothing of the case."""
    return literal(f"{ANONYMISED}:") + sql_cast(table.id, String)


def anonymise_notifications(session: Session, pathway_id: str) -> None:
    """Empty the text of the pathway's notifications (their kind, team and times stay)."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.pathway_id == pathway_id)
        .values(message=ANONYMISED)
    )


def anonymise_contacts(session: Session, pathway_id: str, now: datetime) -> None:
    """Erase the numbers given for the pathway and cancel reminders not yet sent (ADR 0137).

    Who consented, when, and what was sent when stay; the number does not.
    """
    session.execute(
        update(ContactConsent)
        .where(ContactConsent.pathway_id == pathway_id)
        .values(phone_number=ANONYMISED)
    )
    session.execute(
        update(SmsReminder)
        .where(
            SmsReminder.pathway_id == pathway_id,
            SmsReminder.sent_at.is_(None),
            SmsReminder.failed_at.is_(None),
            SmsReminder.cancelled_at.is_(None),
        )
        .values(cancelled_at=now)
    )


def anonymise_discussions(session: Session, pathway_id: str) -> None:
    """Empty the notes of supervisors' discussions of the pathway's decisions (outcomes stay)."""
    session.execute(
        update(ReflectionDiscussion)
        .where(ReflectionDiscussion.pathway_id == pathway_id)
        .values(note=None)
    )


def anonymise_intake(session: Session, today: date) -> tuple[int, int, int]:
    """Remove identifiers from the intake records of every anonymised pathway still holding them.

    Set-based and idempotent: it also finishes pathways anonymised before these columns were
    covered. Returns the court records, victim-details records and held records changed.
    """
    anonymised = select(AnonymisedPathway.pathway_id)
    court_key, victim_key = anonymised_key(CourtRecord), anonymised_key(VictimDetailsRecord)
    court_left = and_(CourtRecord.pathway_id.in_(anonymised), CourtRecord.message_id != court_key)
    victim_left = and_(
        VictimDetailsRecord.pathway_id.in_(anonymised), VictimDetailsRecord.message_id != victim_key
    )
    # Held records are found by the message ids these records still carry, so they go first.
    linked = session.scalars(
        select(HeldRecord).where(
            or_(
                HeldRecord.message_id.in_(select(CourtRecord.message_id).where(court_left)),
                HeldRecord.message_id.in_(
                    select(VictimDetailsRecord.message_id).where(victim_left)
                ),
            )
        )
    ).all()
    for record in linked:
        anonymise_held_record(record, today)
    session.flush()
    courts = session.execute(
        update(CourtRecord)
        .where(court_left)
        .values(
            payload={ANONYMISED: True},
            message_id=court_key,
            business_key=court_key,
            case_urn=None,
            defendant_id=None,
        )
        .execution_options(synchronize_session=False)
    )
    victims = session.execute(
        update(VictimDetailsRecord)
        .where(victim_left)
        .values(message_id=victim_key, case_urn=ANONYMISED)
        .execution_options(synchronize_session=False)
    )
    return _count(courts), _count(victims), len(linked)


def anonymise_referrals(session: Session, today: date) -> int:
    """Remove the referral and its id from the diversion referrals of anonymised pathways.

    Set-based and idempotent, as `anonymise_intake` is; returns the held records changed.
    """
    key = literal(f"{ANONYMISED}:") + sql_cast(DiversionReferralRecord.id, String)
    left = and_(
        DiversionReferralRecord.pathway_id.in_(select(AnonymisedPathway.pathway_id)),
        DiversionReferralRecord.referral_id != key,
    )
    linked = session.scalars(
        select(HeldRecord).where(
            HeldRecord.kind == "diversion_referral",
            HeldRecord.message_id.in_(select(DiversionReferralRecord.referral_id).where(left)),
        )
    ).all()
    for record in linked:
        anonymise_held_record(record, today)
    session.flush()
    session.execute(
        update(DiversionReferralRecord)
        .where(left)
        .values(payload={ANONYMISED: True}, referral_id=key)
        .execution_options(synchronize_session=False)
    )
    return len(linked)


def anonymise_child(session: Session, child_id: str) -> bool:
    """Anonymise the child, unless already done: return whether this call did it.

    Names, PNC id and identity key go; the year of birth, gender and ethnicity stay. The caller
    first checks that none of the child's pathways is open or recent.
    """
    child = session.get(Child, child_id)
    if child is None or child.first_name == ANONYMISED:
        return False
    child.first_name = child.last_name = ANONYMISED
    child.identity_key = f"{ANONYMISED}:{child_id}"
    child.pnc_id = None
    child.date_of_birth = date(child.date_of_birth.year, 1, 1)
    return True


def anonymise_held_records(session: Session, before: date, today: date) -> int:
    """Anonymise held records whose last event (received, or resolved) is before `before`."""
    cutoff = datetime.combine(before, time(), tzinfo=UTC)
    last_event = func.coalesce(HeldRecord.resolved_at, HeldRecord.received_at)
    not_yet = or_(HeldRecord.resolution.is_(None), HeldRecord.resolution.not_like(f"%{HELD_MARK}"))
    due = session.scalars(select(HeldRecord).where(last_event < cutoff, not_yet)).all()
    for record in due:
        anonymise_held_record(record, today)
    return len(due)


def anonymise_held_record(record: HeldRecord, today: date) -> None:
    """Drop a held record's payload, message id and case; redact them from its reasons.

    Its reason and field errors stay (they say what was wrong, for the figures), with any
    identifier they quote replaced; an unresolved one is settled, so a replay is refused.
    """
    identifiers = _identifiers(record)
    record.payload = {ANONYMISED: True}
    record.message_id = record.case_urn = None
    record.reason = _redact(record.reason, identifiers)
    record.errors = [_redact_all(e, identifiers) for e in record.errors]
    resolution = _redact(record.resolution, identifiers) if record.resolution else None
    record.resolution = f"{resolution}; {HELD_MARK}" if resolution else HELD_MARK
    record.resolved_at = record.resolved_at or datetime.combine(today, time(), UTC)


def _identifiers(record: HeldRecord) -> set[str]:
    found = {record.message_id or "", record.case_urn or ""}
    payload = record.payload if isinstance(record.payload, dict) else {}
    for where in (payload, payload.get("defendant")):
        if isinstance(where, dict):
            found.update(str(where[k]) for k in _IDENTIFYING_KEYS if where.get(k))
    return {i for i in found if len(i) >= 3}


def _redact(text: str, identifiers: set[str]) -> str:
    for identifier in sorted(identifiers, key=len, reverse=True):
        text = re.sub(re.escape(identifier), REDACTED, text, flags=re.IGNORECASE)
    return text


def _redact_all(value: Any, identifiers: set[str]) -> Any:
    if isinstance(value, str):
        return _redact(value, identifiers)
    if isinstance(value, dict):
        return {k: _redact_all(v, identifiers) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_all(v, identifiers) for v in value]
    return value


def _count(result: Any) -> int:
    return cast(CursorResult[Any], result).rowcount
