"""The audit log: every read and write of a child's record, by whom and when."""

import asyncio
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session, sessionmaker

from api.auth import User
from db.tables import AuditEvent


def _write(
    sessions: sessionmaker[Session],
    user: User,
    action: str,
    pathway_id: str | None,
    detail: str | None,
) -> None:
    # One plain INSERT (no ORM object): it runs beside every read and write of the API.
    with sessions.begin() as session:
        session.execute(
            insert(cast(Table, AuditEvent.__table__)).values(
                at=datetime.now(UTC),
                user=user.name,
                role=user.role.value,
                team=user.team,
                action=action,
                pathway_id=pathway_id,
                detail=detail,
            )
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
