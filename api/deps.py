"""Typed dependencies of the routes: settings, the Temporal client, the pathways, the intake."""

from datetime import date
from typing import Annotated

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


async def get_settings_dep(request: Request) -> Settings:
    """Return the app's settings."""
    settings: Settings = request.app.state.settings
    return settings


async def get_client(request: Request) -> Client:
    """Return the app's Temporal client."""
    client: Client = request.app.state.temporal
    return client


async def get_pathways(request: Request) -> Pathways:
    """Return the app's command client of the pathway workflows."""
    pathways: Pathways = request.app.state.pathways
    return pathways


async def get_ingest(request: Request) -> IngestService:
    """Return the app's ingestion service."""
    service: IngestService = request.app.state.ingest
    return service


async def get_sessions(request: Request) -> sessionmaker[Session]:
    """Return the app's database session factory."""
    sessions: sessionmaker[Session] = request.app.state.sessions
    return sessions


def get_holidays(request: Request) -> frozenset[date]:
    """Return the bank holidays used to count working days in lists."""
    today = date.today()
    return frozenset(england_and_wales(today.year - 4, today.year + 2).holidays)


SessionsDep = Annotated[sessionmaker[Session], Depends(get_sessions)]
HolidaysDep = Annotated[frozenset[date], Depends(get_holidays)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ClientDep = Annotated[Client, Depends(get_client)]
PathwaysDep = Annotated[Pathways, Depends(get_pathways)]
IngestDep = Annotated[IngestService, Depends(get_ingest)]


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
