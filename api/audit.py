"""The audit log: every read and write of a child's record, by whom and when."""

import asyncio
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session, sessionmaker

from api.auth import User
from db.tables import AuditEvent

# Built once: it runs beside every read and write of the API (ADR 0073).
_INSERT = insert(cast(Table, AuditEvent.__table__))


# Who an attempt made without valid credentials is recorded as.
ANONYMOUS = "anonymous"


def _write(
    sessions: sessionmaker[Session],
    user: User | None,
    action: str,
    pathway_id: str | None,
    detail: str | None,
) -> None:
    # One plain INSERT on the session's connection: no ORM object, no statement to build.
    with sessions.begin() as session:
        session.connection().execute(
            _INSERT,
            dict(
                at=datetime.now(UTC),
                user=user.name if user else ANONYMOUS,
                role=user.role.value if user else ANONYMOUS,
                team=user.team if user else None,
                action=action,
                pathway_id=pathway_id,
                detail=detail,
            ),
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


async def audit_anonymous(sessions: sessionmaker[Session], action: str, detail: str) -> None:
    """Record an attempt by a caller with no valid credentials (say where from in `detail`)."""
    await asyncio.to_thread(_write, sessions, None, action, None, detail)
