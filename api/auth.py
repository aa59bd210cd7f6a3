"""Bearer tokens: signed JWTs carrying the user, their role and their team."""

from datetime import UTC, datetime, timedelta
from enum import StrEnum

import jwt
from pydantic import BaseModel

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
    """Return a signed token for the configured signing key."""
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


def verify_token(settings: Settings, token: str) -> User:
    """Check the signature, expiry, issuer and audience; return the user it names."""
    try:
        claims = jwt.decode(
            token,
            settings.jwt_signing_key,
            algorithms=["HS256"],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": ["exp", "sub", "aud", "iss"]},
        )
        return User(name=claims["sub"], role=Role(claims["role"]), team=claims.get("team"))
    except (jwt.PyJWTError, KeyError, ValueError) as bad:
        raise InvalidToken(str(bad)) from bad
