"""Serving the pages from the API's app: routes, static files, headers and error pages."""

import asyncio
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from web.errors import PageError, SignInRequired
from web.routes import (
    cases,
    diversion_panel,
    home,
    outcomes,
    referrals,
    reflections,
    reports,
    rule_preview,
    signin,
    staff,
    steps,
)
from web.security import SecurityHeaders
from web.session import SESSION_COOKIE, signed_in
from web.templating import render

STATIC = Path(__file__).parent / "static"


async def _page_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageError)
    return render(
        request,
        "error.html",
        user=await asyncio.to_thread(signed_in, request),
        status=exc.status,
        title=exc.title,
        message=exc.message,
    )


async def _sign_in(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    notice = "&notice=expired" if exc.expired else ""
    response = RedirectResponse(
        f"/sign-in?next={quote(exc.next_path, safe='')}{notice}", status_code=303
    )
    if exc.expired:
        response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def mount(app: FastAPI) -> None:
    """Add the pages to `app`: sign-in, home pages, cases, reports, and their static files."""
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(PageError, _page_error)
    app.add_exception_handler(SignInRequired, _sign_in)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (signin, home, cases, steps, rule_preview, reports, outcomes, staff, reflections):
        app.include_router(module.router)
    app.include_router(diversion_panel.router)  # the joint decision panel (issue 20)
    app.include_router(referrals.router)
