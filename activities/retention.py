"""Anonymising closed pathways after the retention period, keeping what reports count.

Names, the PNC id and the exact date of birth go from the child's record (the year of birth
stays, and every pathway keeps its age at order, gender and ethnicity); free text goes from
the court record, overrides, bias reflections and notifications. A child is anonymised only
when none of their pathways is open or inside the retention period.
"""

import logging
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from contracts.retention import RetentionRequest, RetentionResult
from db.readmodel import BiasReflectionRow, PathwayRow, ReferralRow
from db.tables import Child, CourtRecord, OutboxMessage, PathwayIndex

log = logging.getLogger(__name__)
ANONYMISED = "anonymised"


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
        log.info("retention: %d pathways and %d children anonymised", len(due), done)
        return RetentionResult(pathways=len(due), children=done)


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
