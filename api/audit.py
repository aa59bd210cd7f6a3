"""The audit log's one writer: who did what to which record, when, and with what outcome.

The guard (`api.guard`) audits every act a route performs; sign-in, sign-out and the codec
write here too. Text is stored as a column can hold it: no NUL (PostgreSQL refuses it), cut
to the column's length.
"""

import asyncio
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session, sessionmaker

from access import User
from db.tables import AuditEvent

# Built once: it runs beside every read and write of the API (ADR 0073).
_INSERT = insert(cast(Table, AuditEvent.__table__))
ANONYMOUS = "anonymous"
"""Who an attempt made without valid credentials is recorded as."""


def _clean(text: str | None, limit: int) -> str | None:
    return None if text is None else text.replace("\x00", "\\0")[:limit]


def outcome_of(status: int) -> str:
    """An HTTP status as an audit outcome: done, refused (4xx) or failed (5xx)."""
    if status < 400:
        return "done"
    return "refused" if status < 500 else "failed"


def record(
    sessions: sessionmaker[Session],
    *,
    user: str,
    role: str,
    team: str | None,
    action: str,
    pathway_id: str | None = None,
    detail: str | None = None,
    status: int | None = None,
) -> None:
    """Record one event now, in this thread (for callers already off the event loop).

    Takes the user as plain strings, so an event can name someone who is not a verified
    `User` (a failed sign-in's presented name, with the role `unknown`). `status` is the
    HTTP status the act was answered with; its outcome is derived from it.
    """
    # One plain INSERT on the session's connection: no ORM object, no statement to build.
    with sessions.begin() as session:
        session.connection().execute(
            _INSERT,
            dict(
                at=datetime.now(UTC),
                user=_clean(user, 200),
                role=_clean(role, 20),
                team=_clean(team, 200),
                action=_clean(action, 60),
                pathway_id=pathway_id if pathway_id and len(pathway_id) <= 40 else None,
                detail=_clean(detail, 2000),
                outcome=None if status is None else outcome_of(status),
                status=status,
            ),
        )


async def audit(
    sessions: sessionmaker[Session],
    user: User | None,
    action: str,
    pathway_id: str | None = None,
    detail: str | None = None,
    status: int | None = None,
) -> None:
    """Record one act (in a thread: the database driver blocks); `user` None: no credentials."""
    await asyncio.to_thread(
        record,
        sessions,
        user=user.name if user else ANONYMOUS,
        role=user.role.value if user else ANONYMOUS,
        team=user.team if user else None,
        action=action,
        pathway_id=pathway_id,
        detail=detail,
        status=status,
    )
