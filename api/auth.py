"""Bearer tokens: signed JWTs carrying the user, their role and their team.

In development the API signs and checks HS256 tokens with the configured key (`pathway
token`). In production, point `PATHWAY_OIDC_JWKS_URL` at the identity provider's key set: tokens
are then checked against its public keys, and the role and team come from configured claims.
Expiry, issuer and audience are always checked.
"""

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any

import jwt
from jwt.types import Options
from pydantic import BaseModel

from contracts.steps import Actor
from settings import Settings


class Role(StrEnum):
    """What a user may do."""

    CASEWORKER = "caseworker"
    SUPERVISOR = "supervisor"
    INTEGRATOR = "integrator"
    AUDITOR = "auditor"


class User(BaseModel):
    """The caller, from a verified token."""

    name: str
    role: Role
    team: str | None = None


class InvalidToken(Exception):
    """The token is missing, malformed, expired, or not signed by us."""


def issue_token(settings: Settings, *, user: str, role: Role, team: str | None) -> str:
    """Return a token signed with the configured development key."""
    now = datetime.now(UTC)
    claims = {
        "sub": user,
        "role": role.value,
        "team": team,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + timedelta(minutes=settings.token_ttl_minutes),
    }
    return jwt.encode(claims, settings.jwt_signing_key, algorithm="HS256")


@lru_cache(maxsize=4)
def _jwks(url: str) -> jwt.PyJWKClient:
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=3600)


def _claims(settings: Settings, token: str) -> tuple[dict[str, Any], str, str]:
    options: Options = {"require": ["exp", "sub", "aud", "iss"]}
    if settings.oidc_jwks_url:
        key = _jwks(settings.oidc_jwks_url).get_signing_key_from_jwt(token).key
        claims = jwt.decode(
            token,
            key,
            algorithms=["RS256", "ES256"],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options=options,
        )
        return claims, settings.oidc_role_claim, settings.oidc_team_claim
    claims = jwt.decode(
        token,
        settings.jwt_signing_key,
        algorithms=["HS256"],
        audience=settings.jwt_audience,
        issuer=settings.jwt_issuer,
        options=options,
    )
    return claims, "role", "team"


def actor_of(user: User) -> Actor:
    """The caller as workflows know them."""
    return Actor(user=user.name, role=user.role.value, team=user.team)


def verify_token(settings: Settings, token: str) -> User:
    """Check the signature, expiry, issuer and audience; return the user it names."""
    try:
        claims, role_claim, team_claim = _claims(settings, token)
        return User(name=claims["sub"], role=Role(claims[role_claim]), team=claims.get(team_claim))
    except (jwt.PyJWTError, KeyError, ValueError) as bad:
        raise InvalidToken(str(bad)) from bad
