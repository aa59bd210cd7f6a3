"""The record a received message leaves while its pathway takes it: claimed, then done or released.

A court's decision on a running order (`CourtRecord`, `ingest.order_change_store`) and the
police's victim details (`VictimDetailsRecord`, `ingest.victim_details`) are each recorded under
their message id before the pathway is told (the claimed state). When the pathway takes the
message its record is done and any held copy of it is resolved; when the pathway does not, the
record is released, so that a resend is judged afresh.
"""

from datetime import UTC, datetime
from typing import Generic, TypeVar

from sqlalchemy import delete, update
from sqlalchemy.orm import Session, sessionmaker

from db.tables import CourtRecord, VictimDetailsRecord
from ingest.held import resolve_received_again

R = TypeVar("R", CourtRecord, VictimDetailsRecord)


class ReceivedRecords(Generic[R]):
    """The records of one kind of received message, one short transaction per call."""

    record: type[R]
    claimed: str  # the record's state while the pathway is told
    done: str  # its state once the pathway took the message
    victim_details: bool  # which held copies a message that went through resolves

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def mark_done(self, message_id: str) -> None:
        """The pathway took the message: its record is done, an earlier held copy resolved."""
        with self._sessions.begin() as session:
            session.execute(
                update(self.record)
                .where(self.record.message_id == message_id)
                .values(state=self.done)
            )
            resolve_received_again(
                session,
                [message_id],
                victim_details=self.victim_details,
                done=self.done,
                at=datetime.now(UTC),
            )

    def release(self, message_id: str) -> None:
        """Forget a message its pathway did not take, so that a resend is judged afresh."""
        with self._sessions.begin() as session:
            session.execute(
                delete(self.record).where(
                    self.record.message_id == message_id, self.record.state == self.claimed
                )
            )
