"""Who is looking at a page: the user of a server-side session named by an HttpOnly cookie.

The cookie holds only a random session id; the session (user, role, team, when it was last
used, when it expires, whether it was revoked) lives in the database (`web.session_store`,
ADR 0082). A cookie that names no live session is refused like a bad token: the failed sign-in
limiter counts it, an expired or revoked one is audited, and the browser is sent to sign in
again with a fixed notice.
"""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.responses import Response

from access import Act, User, may
from api.audit import record
from api.ratelimit import FailedAuthLimiter
from core.settings import Settings
from web.errors import PageError, SignInRequired
from web.session_store import Refusal, look_up, open_session, revoke

SESSION_COOKIE = "pathway_session"
_CHECKED = "pathway_session_check"  # request.state attribute: one look-up per request


@dataclass(frozen=True)
class SessionCheck:
    """The outcome of a request's session cookie."""

    user: User | None
    refusal: Refusal | None = None
    over_limit: bool = False


def client_address(request: Request) -> str:
    """The caller's address, as the failed sign-in limiter counts it."""
    return request.client.host if request.client else "unknown"


def _sessions(request: Request) -> sessionmaker[Session]:
    sessions: sessionmaker[Session] = request.app.state.sessions
    return sessions


def start_session(request: Request, response: Response, user: User) -> None:
    """Sign `user` in: a new server-side session, its id in an HttpOnly, SameSite=Lax cookie.

    A session the browser already had is revoked, so one browser holds one session.
    """
    settings: Settings = request.app.state.settings
    _revoke(request, reason="signed in again")
    session_id = open_session(_sessions(request), settings, user)
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=settings.session_max_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.environment == "production",
        path="/",
    )


def _revoke(request: Request, reason: str) -> User | None:
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return None
    sessions = _sessions(request)
    user = revoke(sessions, session_id)
    if user is not None:
        record(
            sessions,
            user=user.name,
            role=user.role.value,
            team=user.team,
            action="sign_out",
            detail=f"{reason}; address {client_address(request)}",
        )
    return user


def end_session(request: Request, response: Response) -> User | None:
    """Sign out: revoke the browser's session on the server, audit it, forget the cookie.

    Returns:
        The user whose session was revoked (None if there was no live one).
    """
    response.delete_cookie(SESSION_COOKIE, path="/")
    return _revoke(request, reason="signed out")


def session_check(request: Request) -> SessionCheck:
    """Look the request's session up once (later calls reuse the answer).

    A refused cookie counts as a failed sign-in for the caller's address and for the cookie;
    an expired or revoked one is audited (unless the caller is over the limit, so a flood of
    replays cannot flood the audit log). Reads the database: call it off the event loop.
    """
    known: SessionCheck | None = getattr(request.state, _CHECKED, None)
    if known is not None:
        return known
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        check = SessionCheck(None)
    else:
        settings: Settings = request.app.state.settings
        sessions = _sessions(request)
        found = look_up(sessions, settings, session_id)
        if found.user is not None:
            check = SessionCheck(found.user)
        else:
            limiter: FailedAuthLimiter = request.app.state.auth_limiter
            address = client_address(request)
            over = limiter.failed(address, session_id)
            check = SessionCheck(None, found.refusal, over)
            if found.owner is not None and not over:
                record(
                    sessions,
                    user=found.owner.name,
                    role=found.owner.role.value,
                    team=found.owner.team,
                    action="session_refused",
                    detail=f"{found.refusal}; address {address}",
                )
    setattr(request.state, _CHECKED, check)
    return check


def signed_in(request: Request) -> User | None:
    """Return the user of the browser's live session, if any (reads the database once)."""
    return session_check(request).user


def page_user(request: Request) -> User:
    """Return the signed-in user; send others to sign in, and integrators away."""
    check = session_check(request)
    user = check.user
    if user is None:
        if check.over_limit:
            raise PageError(
                429,
                "Too many failed sign-ins",
                "There have been too many failed sign-ins from this address or with this "
                "session. Wait a minute, then sign in again.",
            )
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(
            path if request.method == "GET" else "/", expired=check.refusal is not None
        )
    if not may(user.role, Act.USE_PAGES):
        raise PageError(
            403,
            "These pages are not for integrators",
            "Integrators send court data to the API (POST /v1/court-outcomes) with a bearer "
            "token. Sign out and sign in as a caseworker, supervisor or auditor to use the pages.",
        )
    return user


PageUser = Annotated[User, Depends(page_user)]
