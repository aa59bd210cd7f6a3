"""The audit log's one writer: who did what to which record, when, and with what outcome.

The guard (`api.guard`) audits every act a route performs; sign-in, sign-out and the codec
write here too. Text is stored as a column can hold it: no NUL (PostgreSQL refuses it), cut
to the column's length.
"""

import asyncio
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.orm import Session, sessionmaker

from access import User
from db.tables import AuditEvent

# Built once: they run beside every read and write of the API (ADR 0073).
_TABLE = cast(Table, AuditEvent.__table__)
_INSERT = insert(_TABLE)
_BEGIN = insert(_TABLE).returning(_TABLE.c.id)
_FINISH = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("b_id"))
    .values(
        action=bindparam("b_action"),
        pathway_id=bindparam("b_pathway_id"),
        detail=bindparam("b_detail"),
        outcome=bindparam("b_outcome"),
        status=bindparam("b_status"),
    )
)
STARTED = "started"
"""The outcome of an act whose answer is not yet known: a row left so never got one."""
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
    outcome = None if status is None else outcome_of(status)
    row = _row(user, role, team, action, pathway_id, detail=detail, outcome=outcome, status=status)
    # One plain INSERT on the session's connection: no ORM object, no statement to build.
    with sessions.begin() as session:
        session.connection().execute(_INSERT, row)


def begin(sessions: sessionmaker[Session], user: User, action: str, pathway_id: str | None) -> int:
    """Record that `user`'s act has started (outcome `started`); return its row, to `finish`.

    The guard writes this beside the route, so an act is on record before it is answered,
    whatever happens to the process afterwards.
    """
    name, role = user.name, user.role.value
    row = _row(name, role, user.team, action, pathway_id, detail=None, outcome=STARTED, status=None)
    with sessions.begin() as session:
        row_id: int = session.connection().execute(_BEGIN, row).scalar_one()
    return row_id


def _row(
    user: str,
    role: str,
    team: str | None,
    action: str,
    pathway_id: str | None,
    *,
    detail: str | None,
    outcome: str | None,
    status: int | None,
) -> dict[str, Any]:
    """An event as its row holds it, stamped now: each text cut to its column, without NUL."""
    return {
        "at": datetime.now(UTC),
        "user": _clean(user, 200),
        "role": _clean(role, 20),
        "team": _clean(team, 200),
        "action": _clean(action, 60),
        "pathway_id": _pathway(pathway_id),
        "detail": _clean(detail, 2000),
        "outcome": outcome,
        "status": status,
    }


def finish(
    sessions: sessionmaker[Session],
    row_id: int,
    *,
    action: str,
    pathway_id: str | None,
    detail: str | None,
    status: int,
) -> None:
    """Record how a started act ended: its status, outcome, final action name and detail."""
    with sessions.begin() as session:
        session.connection().execute(
            _FINISH,
            dict(
                b_id=row_id,
                b_action=_clean(action, 60),
                b_pathway_id=_pathway(pathway_id),
                b_detail=_clean(detail, 2000),
                b_outcome=outcome_of(status),
                b_status=status,
            ),
        )


def _pathway(pathway_id: str | None) -> str | None:
    return pathway_id if pathway_id and len(pathway_id) <= 40 else None


async def audit(
    sessions: sessionmaker[Session],
    user: User | None,
    action: str,
    pathway_id: str | None = None,
    detail: str | None = None,
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
    )
