"""Signing in and out: demo users in development; the council's OIDC sign-in in production.

Sign-in opens a server-side session and sign-out revokes it (`web.session`); both are audited,
and so is a failed sign-in, which the failed sign-in limiter counts per address and per name
presented. The sign-in page's notice is one of a few fixed sentences, chosen by a known word
in the query string: no text is ever taken from the query string.
"""

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, StringConstraints, ValidationError

from access import Act, Role, User, may
from api.audit import audit, record
from api.guard import public
from api.ratelimit import FailedAuthLimiter
from core.settings import Settings
from web.errors import PageError, local_path
from web.guard import PageRoute
from web.security import checked_form, set_csrf_cookie
from web.session import client_address, end_session, signed_in, start_session
from web.templating import render

router = APIRouter(include_in_schema=False, route_class=PageRoute)
SIGN_IN_BYTES = 4096

DEMO_USERS = {
    "sam.supervisor": User(name="sam.supervisor", role=Role.SUPERVISOR, team="bromley"),
    "casey.worker": User(name="casey.worker", role=Role.CASEWORKER, team="bromley"),
    "robin.worker": User(name="robin.worker", role=Role.CASEWORKER, team="croydon"),
    # Croydon's supervisor: accepts or refuses the transfers Bromley asks for (ADR 0113).
    "cal.supervisor": User(name="cal.supervisor", role=Role.SUPERVISOR, team="croydon"),
    "alex.auditor": User(name="alex.auditor", role=Role.AUDITOR, team=None),
    "ingest.bot": User(name="ingest.bot", role=Role.INTEGRATOR, team=None),
}
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
# The sign-in page's notices: `?notice=<key>` picks one; anything else shows none.
NOTICES = {
    "signed-out": ("You have signed out.", "success"),
    "expired": ("Your session has expired. Sign in again to carry on.", "important"),
}


class SomeoneElse(BaseModel):
    """A user made up on the sign-in page (development only)."""

    name: Name
    role: Role
    team: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""


def _development(request: Request) -> bool:
    settings: Settings = request.app.state.settings
    return settings.environment == "development"


@router.get("/sign-in", response_class=HTMLResponse, dependencies=[public()])
async def sign_in_page(
    request: Request,
    next_path: Annotated[str | None, Query(alias="next")] = None,
    notice: str | None = None,
) -> HTMLResponse:
    """The sign-in page."""
    banner, banner_type = NOTICES.get(notice or "", (None, None))
    return render(
        request,
        "sign_in.html",
        demo_users=DEMO_USERS.values(),
        next_path=local_path(next_path),
        banner=banner,
        banner_type=banner_type,
        allowed=_development(request),
        values={},
    )


@router.post(
    "/sign-in",
    response_class=HTMLResponse,
    response_model=None,
    dependencies=[public(max_body=SIGN_IN_BYTES)],
)
async def sign_in(request: Request) -> HTMLResponse | RedirectResponse:
    """Sign in as a demo user (development only), then go where the user was going."""
    if not _development(request):
        raise PageError(403, "Sign in with your council account", "Demo sign-in is turned off.")
    form = await checked_form(request)
    choice = str(form.get("who", ""))
    next_path = local_path(str(form.get("next", "/")))
    user = DEMO_USERS.get(choice)
    errors: list[dict[str, str]] = []
    if choice == "other":
        try:
            other = SomeoneElse.model_validate(
                {k: form.get(k, "") for k in ("name", "role", "team")}
            )
            user = User(name=other.name, role=other.role, team=other.team or None)
        except ValidationError:
            errors.append({"text": "Enter a user name and choose a role", "href": "#name"})
    elif user is None:
        errors.append({"text": "Select who you are signing in as", "href": "#who"})
    if user is None:
        presented = str(form.get("name", "")) if choice == "other" else choice
        limiter: FailedAuthLimiter = request.app.state.auth_limiter
        address = client_address(request)
        if limiter.failed(address, presented.strip().lower() or None):
            raise PageError(
                429,
                "Too many failed sign-ins",
                "There have been too many failed sign-ins from this address or for this name. "
                "Wait a minute, then try again.",
            )
        await asyncio.to_thread(
            record,
            request.app.state.sessions,
            user=presented[:200] or "(none)",
            role="unknown",
            team=None,
            action="sign_in_failed",
            detail=f"{errors[0]['text']}; address {address}",
        )
        return render(
            request,
            "sign_in.html",
            status=422,
            errors=errors,
            demo_users=DEMO_USERS.values(),
            next_path=next_path,
            allowed=True,
            values={k: str(v) for k, v in form.items()},
        )
    landing = next_path if may(user.role, Act.USE_PAGES) else "/"
    response = RedirectResponse(landing, status_code=303)
    await asyncio.to_thread(start_session, request, response, user)
    await audit(
        request.app.state.sessions,
        user,
        "sign_in",
        detail=f"demo sign-in; address {client_address(request)}",
    )
    set_csrf_cookie(response, request.app.state.settings)
    return response


@router.get("/sign-out", response_class=HTMLResponse, dependencies=[public()])
async def sign_out_page(request: Request) -> HTMLResponse:
    """A page with the sign-out button, for people who type the address."""
    return render(request, "sign_out.html", user=await asyncio.to_thread(signed_in, request))


@router.post("/sign-out", dependencies=[public(max_body=SIGN_IN_BYTES)])
async def sign_out(request: Request) -> RedirectResponse:
    """Sign out (the session is revoked on the server) and go back to the sign-in page."""
    await checked_form(request)
    response = RedirectResponse("/sign-in?notice=signed-out", status_code=303)
    await asyncio.to_thread(end_session, request, response)
    set_csrf_cookie(response, request.app.state.settings)
    return response
