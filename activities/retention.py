"""Anonymising closed pathways after the retention period, keeping what reports count.

Names, the PNC id and the exact date of birth go from the child's record (the year of birth
stays, and every pathway keeps its age at order, gender and ethnicity); free text goes from
the read model (`readmodel.writers.anonymise_pathway`), the court record and notifications;
case URNs, defendant ids, message ids and business keys go from the pathway's court and
victim-details records (`db/anonymisation.py` says what goes, table by table). A child is
anonymised only when none of their pathways is open or inside the retention period.

Held and rejected records (`held_records`: court outcomes and lines that could not be
processed, victim details that matched no pathway) are kept whole so they can be replayed;
once their last event (received, or resolved) is older than the retention period, their
payload, message id and case go too. Their reason and field errors stay, with any identifier
they quote redacted.

Audit rows have their own retention period: rows older than it are deleted, in batches of
their own transactions after the anonymising one, so a long backlog never holds one huge
transaction.
"""

import logging
from datetime import UTC, datetime

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from contracts.retention import RetentionRequest, RetentionResult
from db.anonymisation import (
    ANONYMISED,
    HELD_MARK,
    anonymise_child,
    anonymise_contacts,
    anonymise_discussions,
    anonymise_held_records,
    anonymise_intake,
    anonymise_notifications,
    anonymise_referrals,
)
from db.tables import AnonymisedPathway, AuditEvent
from readmodel import writers
from readmodel.queries import keeps_child_identified
from readmodel.tables import PathwayRow

__all__ = ["ANONYMISED", "AUDIT_BATCH", "HELD_MARK", "RetentionActivities"]

log = logging.getLogger(__name__)
AUDIT_BATCH = 10_000
"""Audit rows deleted per transaction."""


class RetentionActivities:
    """Carries out the retention policy in the case database."""

    def __init__(self, sessions: sessionmaker[Session], *, audit_batch: int = AUDIT_BATCH) -> None:
        self._sessions = sessions
        self._audit_batch = audit_batch

    @activity.defn(name="anonymise_closed_pathways")
    def anonymise_closed_pathways(self, request: RetentionRequest) -> RetentionResult:
        """Anonymise every pathway closed before the cut-off; purge old audit rows (idempotent)."""
        with self._sessions.begin() as session:
            due = list(
                session.scalars(
                    select(PathwayRow).where(
                        PathwayRow.anonymised_on.is_(None),
                        or_(
                            and_(
                                PathwayRow.status == "closed",
                                PathwayRow.closed_on < request.closed_before,
                            ),
                            # A row restored from a backup taken before its anonymisation.
                            PathwayRow.pathway_id.in_(select(AnonymisedPathway.pathway_id)),
                        ),
                    )
                )
            )
            for p in due:
                writers.anonymise_pathway(session, p, request.today)
                anonymise_notifications(session, p.pathway_id)
                anonymise_discussions(session, p.pathway_id)
                anonymise_contacts(session, p.pathway_id, datetime.now(UTC))
            courts, victims, linked = anonymise_intake(session, request.today)
            linked += anonymise_referrals(session, request.today)  # ADR 0131
            children = {p.child_id for p in due}
            done = sum(
                anonymise_child(session, c)
                for c in children
                if not keeps_child_identified(session, c, request.closed_before)
            )
            held = anonymise_held_records(session, request.closed_before, request.today)
        audit = 0 if request.audit_before is None else self._purge_audit(request.audit_before)
        result = RetentionResult(
            pathways=len(due),
            children=done,
            held_records=held + linked,
            court_records=courts,
            victim_details=victims,
            audit_events=audit,
        )
        log.info(
            "retention: %d pathways, %d children, %d court records, %d victim-details records "
            "and %d held records anonymised; %d audit rows deleted",
            result.pathways,
            result.children,
            result.court_records,
            result.victim_details,
            result.held_records,
            result.audit_events,
        )
        return result

    def _purge_audit(self, before: datetime) -> int:
        deleted = 0
        while True:
            with self._sessions.begin() as session:
                batch = list(
                    session.scalars(
                        select(AuditEvent.id)
                        .where(AuditEvent.at < before)
                        .limit(self._audit_batch)
                    )
                )
                if batch:
                    session.execute(
                        delete(AuditEvent)
                        .where(AuditEvent.id.in_(batch))
                        .execution_options(synchronize_session=False)
                    )
            deleted += len(batch)
            if len(batch) < self._audit_batch:
                return deleted
