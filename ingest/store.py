"""The intake's database work: idempotency records, children, held records. Synchronous.

Each call is one short transaction; the service runs them in a thread. A batch of outcomes is
claimed in one transaction (`ingest.claims`); when a concurrent request claimed one of the
same keys first, the batch is claimed again one record at a time, each losing record then
finding the winner's row and answering duplicate.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from contracts.court import CourtOutcome, IngestResultKind
from db.tables import Child, CourtRecord, HeldRecord, PathwayIndex
from ingest.claims import STARTED, STARTING, Claim, claim_batch, identity_key

__all__ = ["STARTED", "STARTING", "Claim", "IntakeStore", "Kept", "identity_key"]


@dataclass(frozen=True, kw_only=True)
class Kept:
    """A rejected or held record to store: what it is, why, and its original payload."""

    kind: str
    result: IngestResultKind
    reason: str
    errors: list[dict[str, str]]
    payload: Any
    message_id: str | None
    case_urn: str | None = None  # victim details only: the case they wait for
    area: str | None = None  # whose supervisors see it (`access.scope`)
    received_by: str | None = None  # who sent it (None: `pathway ingest` on the server)


class IntakeStore:
    """Reads and writes the intake tables, one short transaction per call."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @property
    def sessions(self) -> sessionmaker[Session]:
        """The session factory (for the held-record and victim-details stores)."""
        return self._sessions

    def claim(
        self, outcome: CourtOutcome, payload: dict[str, Any], area: str | None = None
    ) -> Claim:
        """Record the outcome and reserve its pathway id, or find the record it repeats."""
        return self.claim_many([(outcome, payload)], [area])[0]

    def claim_many(
        self,
        items: list[tuple[CourtOutcome, dict[str, Any]]],
        areas: list[str | None] | None = None,
    ) -> list[Claim]:
        """Claim a batch in one transaction (one by one if a concurrent request interferes).

        `areas`: each item's area (see `claim_batch`); None: no areas.
        """
        if not items:
            return []
        areas = areas or [None] * len(items)
        try:
            with self._sessions.begin() as session:
                return claim_batch(session, items, datetime.now(UTC), areas)
        except IntegrityError:
            if len(items) > 1:
                return [
                    self.claim(outcome, payload, area)
                    for (outcome, payload), area in zip(items, areas, strict=True)
                ]
        # One record lost a race: the winner's row is there now.
        with self._sessions.begin() as session:
            return claim_batch(session, items, datetime.now(UTC), areas)

    def accepted(self, message_ids: list[str]) -> dict[str, Claim]:
        """The claims of message ids already accepted (a resend of one is a duplicate)."""
        if not message_ids:
            return {}
        with self._sessions() as session:
            rows = session.scalars(
                select(CourtRecord).where(CourtRecord.message_id.in_(set(message_ids)))
            )
            return {r.message_id: Claim(r.pathway_id, r.child_id, False, r.state, []) for r in rows}

    def mark_started(self, pathway_ids: list[str]) -> None:
        """Note that these pathways' workflows have been started."""
        if not pathway_ids:
            return
        with self._sessions.begin() as session:
            session.execute(
                update(CourtRecord)
                .where(CourtRecord.pathway_id.in_(pathway_ids), CourtRecord.state == STARTING)
                .values(state=STARTED)
            )

    def release(self, pathway_ids: list[str]) -> None:
        """Undo the claims of pathways whose workflows Temporal refused to start.

        The court record and the pathway's index row go, and so does a child that the claim
        created and nothing else refers to; an earlier rejection of the same message that the
        claim resolved as accepted is open again. A record that is still `starting` is never
        left behind: the caller keeps it as a rejected record with the reason instead.
        """
        if not pathway_ids:
            return
        with self._sessions.begin() as session:
            rows = session.scalars(
                select(CourtRecord).where(
                    CourtRecord.pathway_id.in_(pathway_ids), CourtRecord.state == STARTING
                )
            ).all()
            for row in rows:
                session.execute(
                    update(HeldRecord)
                    .where(
                        HeldRecord.message_id == row.message_id,
                        HeldRecord.resolved_at == row.received_at,  # resolved by this claim
                    )
                    .values(resolved_at=None, resolution=None)
                )
                session.delete(row)
                session.execute(
                    delete(PathwayIndex).where(PathwayIndex.pathway_id == row.pathway_id)
                )
            session.flush()
            for row in rows:
                session.execute(
                    delete(Child).where(
                        Child.child_id == row.child_id,
                        Child.created_at == row.received_at,  # created by this claim
                        ~exists().where(PathwayIndex.child_id == Child.child_id),
                        ~exists().where(CourtRecord.child_id == Child.child_id),
                    )
                )

    def keep(self, records: list[Kept]) -> list[int]:
        """Store rejected or held records with their reasons; return their ids.

        A record whose message id already has an unresolved held record of the same kind
        replaces it (a resend of a bad message is one entry, showing the latest attempt).
        """
        if not records:
            return []
        now = datetime.now(UTC)
        ids: list[int] = []
        with self._sessions.begin() as session:
            for record in records:
                row = None
                if record.message_id is not None:
                    row = session.scalars(
                        select(HeldRecord).where(
                            HeldRecord.message_id == record.message_id,
                            HeldRecord.kind == record.kind,
                            HeldRecord.resolved_at.is_(None),
                        )
                    ).first()
                if row is None:
                    row = HeldRecord(kind=record.kind, message_id=record.message_id)
                    session.add(row)
                row.result, row.reason = record.result.value, record.reason
                row.errors, row.payload, row.received_at = record.errors, record.payload, now
                row.case_urn = record.case_urn
                row.area, row.received_by = record.area, record.received_by
                session.flush()
                ids.append(row.id)
        return ids
