"""Anonymising closed pathways after the retention period, keeping what reports count.

Names, the PNC id and the exact date of birth go from the child's record (the year of birth
stays, and every pathway keeps its age at order, gender and ethnicity); free text goes from
the court record, overrides, bias reflections and notifications. A child is anonymised only
when none of their pathways is open or inside the retention period.

Held and rejected records (`held_records`: court outcomes and lines that could not be
processed, victim details that matched no pathway) are kept whole so they can be replayed;
once their last event (received, or resolved) is older than the retention period, their
payload goes too. Their reason and field errors stay: those never echo personal data.
"""

import logging
from datetime import UTC, date, datetime, time

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from contracts.retention import RetentionRequest, RetentionResult
from db.readmodel import BiasReflectionRow, PathwayRow, ReferralRow
from db.tables import Child, CourtRecord, HeldRecord, OutboxMessage, PathwayIndex

log = logging.getLogger(__name__)
ANONYMISED = "anonymised"
HELD_MARK = "payload anonymised after the retention period"


class RetentionActivities:
    """Carries out the retention policy in the case database."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @activity.defn(name="anonymise_closed_pathways")
    def anonymise_closed_pathways(self, request: RetentionRequest) -> RetentionResult:
        """Anonymise every pathway closed before the cut-off (idempotent)."""
        with self._sessions.begin() as session:
            due = list(
                session.scalars(
                    select(PathwayRow).where(
                        PathwayRow.status == "closed",
                        PathwayRow.closed_on < request.closed_before,
                        PathwayRow.anonymised_on.is_(None),
                    )
                )
            )
            children = {p.child_id for p in due}
            for p in due:
                _scrub_pathway(session, p.pathway_id)
                p.anonymised_on = request.today
            done = sum(_scrub_child(session, c, request.closed_before) for c in children)
            held = _scrub_held(session, request)
        log.info(
            "retention: %d pathways, %d children and %d held records anonymised",
            len(due),
            done,
            held,
        )
        return RetentionResult(pathways=len(due), children=done, held_records=held)


def _scrub_pathway(session: Session, pathway_id: str) -> None:
    session.execute(
        update(CourtRecord)
        .where(CourtRecord.pathway_id == pathway_id)
        .values(payload={ANONYMISED: True})
    )
    session.execute(
        update(ReferralRow).where(ReferralRow.pathway_id == pathway_id).values(override_reason=None)
    )
    session.execute(
        update(BiasReflectionRow)
        .where(BiasReflectionRow.pathway_id == pathway_id)
        .values(note=None)
    )
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.pathway_id == pathway_id)
        .values(message=ANONYMISED)
    )


def _scrub_held(session: Session, request: RetentionRequest) -> int:
    """Drop the payload of held records whose last event is before the cut-off."""
    cutoff = datetime.combine(request.closed_before, time(), tzinfo=UTC)
    last_event = func.coalesce(HeldRecord.resolved_at, HeldRecord.received_at)
    not_yet = or_(HeldRecord.resolution.is_(None), HeldRecord.resolution.not_like(f"%{HELD_MARK}"))
    due = list(session.scalars(select(HeldRecord).where(last_event < cutoff, not_yet)))
    for record in due:
        record.payload = {ANONYMISED: True}
        # An unresolved one is settled: there is nothing left to replay.
        record.resolution = f"{record.resolution}; {HELD_MARK}" if record.resolution else HELD_MARK
        record.resolved_at = record.resolved_at or datetime.combine(request.today, time(), UTC)
    return len(due)


def _scrub_child(session: Session, child_id: str, closed_before: date) -> bool:
    pathways = session.scalars(
        select(PathwayIndex.pathway_id).where(PathwayIndex.child_id == child_id)
    )
    rows = session.scalars(select(PathwayRow).where(PathwayRow.pathway_id.in_(list(pathways))))
    if any(r.status != "closed" or (r.closed_on and r.closed_on >= closed_before) for r in rows):
        return False  # still open, or closed too recently: keep the child identifiable
    child = session.get(Child, child_id)
    if child is None or child.first_name == ANONYMISED:
        return False
    child.first_name = child.last_name = ANONYMISED
    child.identity_key = f"{ANONYMISED}:{child_id}"
    child.pnc_id = None
    child.date_of_birth = date(child.date_of_birth.year, 1, 1)
    return True
