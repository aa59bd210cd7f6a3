"""Typed dependencies of the routes: settings, the Temporal client, the pathways, the intake."""

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from access import Scope, User
from access import scope_of as access_scope
from api.auth import InvalidToken, verify_token
from api.ratelimit import FailedAuthLimiter
from core.bank_holidays import england_and_wales
from core.pathways import Pathways
from core.settings import Settings
from ingest.service import IngestService


def app_state(name: str) -> Callable[[Request], Awaitable[Any]]:
    """A dependency returning what the app's lifespan keeps as `app.state.<name>` (`api.app`)."""

    async def dependency(request: Request) -> Any:
        return getattr(request.app.state, name)

    return dependency


def get_holidays(request: Request) -> frozenset[date]:
    """Return the bank holidays used to count working days in lists."""
    today = date.today()
    return frozenset(england_and_wales(today.year - 4, today.year + 2).holidays)


SessionsDep = Annotated[sessionmaker[Session], Depends(app_state("sessions"))]
HolidaysDep = Annotated[frozenset[date], Depends(get_holidays)]
SettingsDep = Annotated[Settings, Depends(app_state("settings"))]
ClientDep = Annotated[Client, Depends(app_state("temporal"))]
PathwaysDep = Annotated[Pathways, Depends(app_state("pathways"))]
IngestDep = Annotated[IngestService, Depends(app_state("ingest"))]


async def current_user(request: Request) -> User:
    """Return the caller from their bearer token; 401 without a valid one, 429 after many.

    The guard (`api.guard`) calls this before a route reads anything of the request.
    """
    settings: Settings = request.app.state.settings
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise HTTPException(
            401,
            "no bearer token: send Authorization: Bearer <token> (see `pathway token`)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    token = credentials.strip()
    try:
        return verify_token(settings, token)
    except InvalidToken as bad:
        # Verified first: the limiter refuses only failures, never a valid token.
        limiter: FailedAuthLimiter = request.app.state.auth_limiter
        client = request.client.host if request.client else "unknown"
        if limiter.failed(client, token):
            raise HTTPException(
                429,
                "too many failed sign-ins from this address or with this token: wait a minute",
                headers={"Retry-After": str(int(limiter.window_seconds))},
            ) from bad
        raise HTTPException(
            401, f"invalid token: {bad}", headers={"WWW-Authenticate": "Bearer"}
        ) from bad


def scope_of(user: User) -> Scope:
    """Return what a user may see (`access.scope`)."""
    return access_scope(user.role, user.team, user.area)
