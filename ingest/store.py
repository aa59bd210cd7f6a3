"""The intake's database work: idempotency records, children, held records. Synchronous."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from contracts.court import CourtOutcome, MappedRecord
from db.tables import Child, CourtRecord, HeldRecord, PathwayIndex

STARTING, STARTED = "starting", "started"


@dataclass(frozen=True)
class Claim:
    """The outcome of claiming a court record: a new pathway to start, or an earlier one."""

    pathway_id: str
    child_id: str
    new: bool
    state: str
    other_pathways: list[str]


def identity_key(outcome: CourtOutcome) -> str:
    """Name and date of birth, normalised, for linking orders of a child without a PNC id."""
    d = outcome.defendant
    return "|".join(
        [d.last_name.strip().lower(), d.first_name.strip().lower(), d.date_of_birth.isoformat()]
    )


class IntakeStore:
    """Reads and writes the intake tables, one short transaction per call."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def claim(self, outcome: CourtOutcome, payload: dict[str, Any]) -> Claim:
        """Record the outcome and reserve its pathway id, or find the record it repeats."""
        existing = self._existing(outcome)
        if existing is not None:
            return existing
        now = datetime.now(UTC)
        pathway_id = f"pw-{uuid.uuid4().hex[:16]}"
        try:
            with self._sessions.begin() as session:
                child = self._child(session, outcome, now)
                others = list(
                    session.scalars(
                        select(PathwayIndex.pathway_id).where(
                            PathwayIndex.child_id == child.child_id
                        )
                    )
                )
                session.add(
                    CourtRecord(
                        message_id=outcome.message_id,
                        business_key=outcome.business_key(),
                        source=outcome.source.value,
                        pathway_id=pathway_id,
                        child_id=child.child_id,
                        state=STARTING,
                        payload=payload,
                        received_at=now,
                    )
                )
                session.add(
                    PathwayIndex(
                        pathway_id=pathway_id,
                        child_id=child.child_id,
                        disposal=outcome.disposal.type.value,
                        made_on=outcome.disposal.made_on,
                        created_at=now,
                    )
                )
        except IntegrityError:
            # Sent concurrently: the other request's row won; this one is its duplicate.
            found = self._existing(outcome)
            if found is None:
                raise
            return found
        return Claim(pathway_id, child.child_id, True, STARTING, others)

    def mark_started(self, pathway_id: str) -> None:
        """Note that the pathway's workflow has been started."""
        with self._sessions.begin() as session:
            for row in session.scalars(
                select(CourtRecord).where(CourtRecord.pathway_id == pathway_id)
            ):
                row.state = STARTED

    def keep(self, record: MappedRecord, message_id: str | None) -> int:
        """Store a rejected or held record whole, with its reasons; return its id."""
        assert record.result is not None
        with self._sessions.begin() as session:
            row = HeldRecord(
                result=record.result.value,
                message_id=message_id,
                reason=record.reason or "",
                errors=[e.model_dump() for e in record.errors],
                payload=record.original,
                received_at=datetime.now(UTC),
            )
            session.add(row)
            session.flush()
            return row.id

    def _existing(self, outcome: CourtOutcome) -> Claim | None:
        with self._sessions() as session:
            row = session.scalars(
                select(CourtRecord).where(
                    or_(
                        CourtRecord.message_id == outcome.message_id,
                        CourtRecord.business_key == outcome.business_key(),
                    )
                )
            ).first()
            if row is None:
                return None
            return Claim(row.pathway_id, row.child_id, False, row.state, [])

    @staticmethod
    def _child(session: Session, outcome: CourtOutcome, now: datetime) -> Child:
        d = outcome.defendant
        key = identity_key(outcome)
        found = None
        if d.pnc_id:
            found = session.scalars(select(Child).where(Child.pnc_id == d.pnc_id)).first()
        if found is None:
            found = session.scalars(select(Child).where(Child.identity_key == key)).first()
        if found is not None:
            if d.pnc_id and not found.pnc_id:
                found.pnc_id = d.pnc_id
            return found
        child = Child(
            child_id=f"ch-{uuid.uuid4().hex[:16]}",
            pnc_id=d.pnc_id,
            identity_key=key,
            first_name=d.first_name,
            last_name=d.last_name,
            date_of_birth=d.date_of_birth,
            gender=d.gender.value,
            ethnicity=d.ethnicity,
            created_at=now,
        )
        session.add(child)
        session.flush()
        return child
