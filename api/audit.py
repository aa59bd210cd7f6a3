"""The audit log: every read and write of a child's record, and every sign-in and sign-out."""

import asyncio
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session, sessionmaker

from api.auth import User
from db.tables import AuditEvent

# Built once: it runs beside every read and write of the API (ADR 0073).
_INSERT = insert(cast(Table, AuditEvent.__table__))


def record(
    sessions: sessionmaker[Session],
    *,
    user: str,
    role: str,
    team: str | None,
    action: str,
    pathway_id: str | None = None,
    detail: str | None = None,
) -> None:
    """Record one event now, in this thread (for callers already off the event loop).

    Takes the user as plain strings, so an event can name someone who is not a verified
    `User` (a failed sign-in's presented name, with the role `unknown`).
    """
    # One plain INSERT on the session's connection: no ORM object, no statement to build.
    with sessions.begin() as session:
        session.connection().execute(
            _INSERT,
            dict(
                at=datetime.now(UTC),
                user=user[:200],
                role=role[:20],
                team=team[:200] if team else team,
                action=action,
                pathway_id=pathway_id,
                detail=detail,
            ),
        )


def _write(
    sessions: sessionmaker[Session],
    user: User,
    action: str,
    pathway_id: str | None,
    detail: str | None,
) -> None:
    record(
        sessions,
        user=user.name,
        role=user.role.value,
        team=user.team,
        action=action,
        pathway_id=pathway_id,
        detail=detail,
    )


async def audit(
    sessions: sessionmaker[Session],
    user: User,
    action: str,
    pathway_id: str | None = None,
    detail: str | None = None,
) -> None:
    """Record one access (in a thread: the database driver blocks)."""
    await asyncio.to_thread(_write, sessions, user, action, pathway_id, detail)
