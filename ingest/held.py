"""Held and rejected records, as integrators see them: listed, read whole, and settled.

The list shows what went wrong (result, reason, field errors) but not the payload, which holds
a child's name and date of birth; reading one record whole is a separate, audited call.
A record is settled after a replay: resolved when the replay accounted for it, or updated
with the replay's reasons when it still cannot be processed.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from access import Role, User
from contracts.court import FieldError
from core.errors import AlreadyResolved, HeldNotFound
from db.tables import HeldRecord

COURT_KINDS = ("canonical", "common_platform", "unreadable")
VICTIM_KINDS = ("victim_details",)


class HeldView(BaseModel):
    """A rejected or held record, without its payload."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    result: str
    message_id: str | None
    reason: str
    errors: list[FieldError]
    received_at: datetime
    resolved_at: datetime | None
    resolution: str | None
    area: str | None = None
    received_by: str | None = None


class HeldDetail(HeldView):
    """A rejected or held record with the payload it was received with (or last replayed)."""

    payload: Any


class HeldPage(BaseModel):
    """A page of held records, oldest first; `next_after` continues the list."""

    records: list[HeldView]
    next_after: int | None


@dataclass(frozen=True)
class HeldQuery:
    """Which held records to list."""

    kinds: tuple[str, ...]
    result: str | None = None
    resolved: bool = False
    after: int = 0
    limit: int = 100


def seen_by(viewer: User | None) -> ColumnElement[bool] | None:
    """Which held records a user may see (None: all of them).

    Held records are intake no team owns yet: integrators see what they sent, supervisors
    their own area's (and what they sent), auditors everything; `viewer` None is the system.
    """
    if viewer is None or viewer.role == Role.AUDITOR:
        return None
    sent = HeldRecord.received_by == viewer.name
    if viewer.role != Role.SUPERVISOR:
        return sent
    if viewer.area is None:
        return or_(sent, HeldRecord.area.is_(None))
    return or_(sent, HeldRecord.area.is_(None), HeldRecord.area == viewer.area)


def resolve_received_again(
    session: Session, message_ids: Collection[str], *, victim_details: bool, done: str, at: datetime
) -> None:
    """Resolve the held copies of messages that went through when received again.

    `victim_details`: the messages are victim details (else court records); `done`: what
    became of them (`accepted`, `applied`, `recorded`).
    """
    victims = HeldRecord.kind.in_(VICTIM_KINDS)
    kind = victims if victim_details else ~victims
    session.execute(
        update(HeldRecord)
        .where(HeldRecord.message_id.in_(message_ids), HeldRecord.resolved_at.is_(None), kind)
        .values(resolved_at=at, resolution=f"{done} when received again")
    )


class HeldStore:
    """Reads and settles held records, one short transaction per call."""

    def waiting_victim_details(self, case_urns: set[str]) -> list[int]:
        """The ids of unresolved victim details held for any of these cases, oldest first."""
        statement = (
            select(HeldRecord.id)
            .where(
                HeldRecord.kind.in_(VICTIM_KINDS),
                HeldRecord.resolved_at.is_(None),
                HeldRecord.case_urn.in_(sorted(case_urns)),
            )
            .order_by(HeldRecord.id)
        )
        with self._sessions() as session:
            return list(session.scalars(statement))

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def page(self, query: HeldQuery, viewer: User | None = None) -> HeldPage:
        """List held records matching the query that `viewer` may see, after `query.after`."""
        statement = select(HeldRecord).where(
            HeldRecord.kind.in_(query.kinds),
            HeldRecord.id > query.after,
            HeldRecord.resolved_at.is_not(None)
            if query.resolved
            else HeldRecord.resolved_at.is_(None),
        )
        if query.result is not None:
            statement = statement.where(HeldRecord.result == query.result)
        if (scope := seen_by(viewer)) is not None:
            statement = statement.where(scope)
        with self._sessions() as session:
            rows = session.scalars(statement.order_by(HeldRecord.id).limit(query.limit + 1)).all()
            views = [HeldView.model_validate(row) for row in rows[: query.limit]]
        more = len(rows) > query.limit
        return HeldPage(records=views, next_after=views[-1].id if more else None)

    def get(
        self, held_id: int, kinds: tuple[str, ...], viewer: User | None = None
    ) -> HeldDetail | None:
        """Return one held record of one of `kinds` whole, or None (also when not `viewer`'s)."""
        statement = select(HeldRecord).where(
            HeldRecord.id == held_id, HeldRecord.kind.in_(kinds)
        )
        if (scope := seen_by(viewer)) is not None:
            statement = statement.where(scope)
        with self._sessions() as session:
            row = session.scalars(statement).first()
            return None if row is None else HeldDetail.model_validate(row)

    def to_replay(
        self, held_id: int, kinds: tuple[str, ...], viewer: User | None, *, what: str
    ) -> HeldDetail:
        """Return the unresolved held record a replay starts from (`what` names its kind).

        Raises:
            HeldNotFound: there is no such record of `kinds` that `viewer` may see.
            AlreadyResolved: the record was settled already.
        """
        found = self.get(held_id, kinds, viewer)
        if found is None:
            raise HeldNotFound(f"no held {what} {held_id}")
        if found.resolved_at is not None:
            raise AlreadyResolved(
                f"held record {held_id} was resolved at {found.resolved_at.isoformat()} "
                f"({found.resolution}): nothing to replay"
            )
        return found

    def resolve(self, held_id: int, resolution: str) -> None:
        """Mark a held record resolved, saying how (a replay says so even if its claim did)."""
        with self._sessions.begin() as session:
            row = session.get(HeldRecord, held_id)
            if row is not None:
                row.resolved_at = row.resolved_at or datetime.now(UTC)
                row.resolution = resolution[:2000]

    def update(
        self,
        held_id: int,
        *,
        result: str,
        reason: str,
        errors: list[dict[str, str]],
        replayed: tuple[str, Any] | None,
    ) -> None:
        """Record a replay that still failed: its result and reasons, and any corrected payload.

        Args:
            held_id: the held record.
            result: `held` or `rejected`.
            reason: why, as the replay said.
            errors: the replay's field errors.
            replayed: the kind and payload of a corrected record that was replayed, which
                replaces the stored one; None when the stored payload itself was replayed.
        """
        with self._sessions.begin() as session:
            row = session.get(HeldRecord, held_id)
            if row is None:
                return
            row.result, row.reason, row.errors = result, reason, errors
            if replayed is not None:
                row.kind, row.payload = replayed
                row.received_at = datetime.now(UTC)
                if row.kind in VICTIM_KINDS and isinstance(row.payload, dict):
                    row.case_urn = str(row.payload.get("case_urn", "")).upper() or None
