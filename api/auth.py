"""Bearer tokens: signed JWTs carrying the user, their role and their team.

In development the API signs and checks HS256 tokens with the configured key (`pathway
token`). In production, point `PATHWAY_OIDC_JWKS_URL` at the identity provider's key set: tokens
are then checked against its public keys, and the role and team come from configured claims.
Expiry, issuer and audience are always checked, and so is the lifetime: a token must say when
it was issued (`iat`) and live no longer than `max_token_lifetime_minutes` (`exp - iat`), so a
token minted to last a month is refused even when its signature is good.

A token that passed every check is remembered until it expires, for at most `VERIFIED_FOR`
seconds (ADR 0091): PyJWT checks a token's characters one by one in Python, and a caller sends
the same token with every request.
"""

import time
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

import jwt
from jwt.types import Options

from access.identity import Role, User
from core.errors import InvalidToken
from core.settings import Settings

__all__ = ["InvalidToken", "Role", "User", "issue_token", "verify_token"]


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
    options: Options = {"require": ["exp", "iat", "sub", "aud", "iss"]}
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


# How long a verified token is taken on trust (never past its expiry): a key removed from the
# identity provider's key set stops its tokens within this time.
VERIFIED_FOR = 300.0
_VERIFIED_MAX = 10_000  # tokens remembered before the memory is emptied
_verified: dict[tuple[str | None, ...], tuple[User, float]] = {}


def verify_token(settings: Settings, token: str) -> User:
    """Check the signature, expiry, lifetime, issuer and audience; return the user it names."""
    checked_by = (
        token,
        settings.jwt_signing_key,
        settings.jwt_issuer,
        settings.jwt_audience,
        settings.oidc_jwks_url,
        settings.oidc_role_claim,
        settings.oidc_team_claim,
        repr(sorted(settings.team_areas.items())),
        str(settings.max_token_lifetime_minutes),
    )
    now = time.time()
    known = _verified.get(checked_by)
    if known is not None and now < known[1]:
        return known[0]
    try:
        claims, role_claim, team_claim = _claims(settings, token)
        team = claims.get(team_claim)
        user = User(
            name=claims["sub"],
            role=Role(claims[role_claim]),
            team=team,
            area=settings.area_of_team(team) if isinstance(team, str) else None,
        )
        expires = float(claims["exp"])
        lifetime = expires - float(claims["iat"])
    except (jwt.PyJWTError, KeyError, ValueError, TypeError) as bad:
        raise InvalidToken(str(bad)) from bad
    longest = settings.max_token_lifetime_minutes * 60
    if lifetime > longest:
        raise InvalidToken(
            f"token lives {lifetime / 60:.0f} minutes (exp - iat), longer than the "
            f"{settings.max_token_lifetime_minutes} allowed"
        )
    if len(_verified) >= _VERIFIED_MAX:
        _verified.clear()
    _verified[checked_by] = (user, min(expires, now + VERIFIED_FOR))
    return user
