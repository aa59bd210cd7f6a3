"""The pages' sessions, kept on the server: opened at sign-in, looked up per request, revoked.

The browser holds only a random session id (256 bits); the `web_sessions` table holds its
SHA-256 hash, so a copy of the table cannot be replayed as cookies. A session is refused when
it was revoked (sign-out), when its absolute lifetime has passed (`session_max_hours`), or when
it has been idle longer than `session_idle_minutes`. Its last use is written at most once per
`TOUCH_EVERY`, not on every request, so idleness is judged to within that much.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from api.auth import Role, User
from core.settings import Settings
from db.tables import WebSession

TOUCH_EVERY = timedelta(minutes=1)
# Rows are deleted this long after their absolute expiry (at a sign-in), so a refused cookie
# is still recognised, and audited as expired, for a while.
KEEP_EXPIRED = timedelta(days=7)


class Refusal(StrEnum):
    """Why a session cookie was refused."""

    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"
    IDLE = "idle"


@dataclass(frozen=True)
class Lookup:
    """What a session cookie is worth: its user, or why it was refused (and whose it was)."""

    user: User | None
    refusal: Refusal | None = None
    owner: User | None = None


def new_session_id() -> str:
    """A fresh session id for a cookie (32 random bytes, URL-safe)."""
    return secrets.token_urlsafe(32)


def session_hash(session_id: str) -> str:
    """The stored form of a session id."""
    return hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()


def _user(row: WebSession) -> User:
    return User(name=row.user_name, role=Role(row.role), team=row.team)


def open_session(
    sessions: sessionmaker[Session], settings: Settings, user: User, now: datetime | None = None
) -> str:
    """Store a new session for `user` and return its id (for the cookie; never stored)."""
    now = now or datetime.now(UTC)
    session_id = new_session_id()
    with sessions.begin() as session:
        session.execute(delete(WebSession).where(WebSession.expires_at < now - KEEP_EXPIRED))
        session.add(
            WebSession(
                id_hash=session_hash(session_id),
                user_name=user.name,
                role=user.role.value,
                team=user.team,
                created_at=now,
                last_seen_at=now,
                expires_at=now + timedelta(hours=settings.session_max_hours),
                revoked_at=None,
            )
        )
    return session_id


def look_up(
    sessions: sessionmaker[Session],
    settings: Settings,
    session_id: str,
    now: datetime | None = None,
) -> Lookup:
    """Return the session's user if it is live (noting its use), else why it is refused."""
    now = now or datetime.now(UTC)
    key = session_hash(session_id)
    with sessions() as session:
        row = session.get(WebSession, key)
        if row is None:
            return Lookup(None, Refusal.UNKNOWN)
        try:
            owner = _user(row)
        except ValueError:  # a role that no longer exists
            return Lookup(None, Refusal.UNKNOWN)
        if row.revoked_at is not None:
            return Lookup(None, Refusal.REVOKED, owner)
        if now >= row.expires_at:
            return Lookup(None, Refusal.EXPIRED, owner)
        if now - row.last_seen_at > timedelta(minutes=settings.session_idle_minutes):
            return Lookup(None, Refusal.IDLE, owner)
        if now - row.last_seen_at >= TOUCH_EVERY:
            session.execute(
                update(WebSession)
                .where(WebSession.id_hash == key, WebSession.revoked_at.is_(None))
                .values(last_seen_at=now)
            )
            session.commit()
        return Lookup(owner)


def revoke(
    sessions: sessionmaker[Session], session_id: str, now: datetime | None = None
) -> User | None:
    """Revoke the session (sign-out); return whose it was, unless it was revoked already."""
    now = now or datetime.now(UTC)
    key = session_hash(session_id)
    with sessions.begin() as session:
        row = session.scalars(
            select(WebSession).where(WebSession.id_hash == key, WebSession.revoked_at.is_(None))
        ).first()
        if row is None:
            return None
        row.revoked_at = now
        try:
            return _user(row)
        except ValueError:
            return None
