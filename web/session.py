"""Who is looking at a page: the signed-in user, from a token kept in an HttpOnly cookie.

The cookie holds the same signed token the API accepts as a bearer token (`api.auth`), so
pages and API share one notion of a user, its role and its team.
"""

from typing import Annotated

from fastapi import Depends, Request
from starlette.responses import Response

from api.auth import InvalidToken, Role, User, issue_token, verify_token
from settings import Settings
from web.errors import PageError, SignInRequired

SESSION_COOKIE = "pathway_session"
PAGE_ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR)


def start_session(response: Response, settings: Settings, user: User) -> None:
    """Sign `user` in: a fresh token in an HttpOnly, SameSite=Lax cookie."""
    token = issue_token(settings, user=user.name, role=user.role, team=user.team)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.token_ttl_minutes * 60,
        httponly=True,
        samesite="lax",
        secure=settings.environment == "production",
        path="/",
    )


def end_session(response: Response) -> None:
    """Sign out: forget the token."""
    response.delete_cookie(SESSION_COOKIE, path="/")


def signed_in(request: Request) -> User | None:
    """Return the user whose valid token the browser sent, if any."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        return verify_token(request.app.state.settings, token)
    except InvalidToken:
        return None


def page_user(request: Request) -> User:
    """Return the signed-in user; send others to sign in, and integrators away."""
    user = signed_in(request)
    if user is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(path if request.method == "GET" else "/")
    if user.role not in PAGE_ROLES:
        raise PageError(
            403,
            "These pages are not for integrators",
            "Integrators send court data to the API (POST /v1/court-outcomes) with a bearer "
            "token. Sign out and sign in as a caseworker, supervisor or auditor to use the pages.",
        )
    return user


PageUser = Annotated[User, Depends(page_user)]


def require(user: User, *roles: Role) -> None:
    """Refuse the page (403) unless the user has one of `roles`."""
    if user.role not in roles:
        allowed = " or ".join(r.value for r in roles)
        raise PageError(
            403, "You cannot see this page", f"This page is for a {allowed}, not a {user.role}."
        )
