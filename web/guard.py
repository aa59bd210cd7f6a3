"""The pages' side of the guard (`api.guard`): signed in by session, refused with a page.

Every page route declares its act with `page(Act.X)`: the guard checks the session and the
act's roles before any form is read, and audits the act, as for the API. Page routers use
`PageRoute`, which shows any of Pathway's errors a page lets through as the error page (the
API answers the same errors as JSON, `api.errors`).
"""

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request
from starlette.responses import Response

from access import Act, User
from api.guard import NO_BODY, GuardedRoute, allowed
from core.errors import PathwayError
from web.errors import PageError
from web.session import page_user

FORM_BYTES = 64 * 1024
"""A page's form: a step's fields at most."""


async def _signed_in(request: Request) -> User:
    # The session is read from the database: in a thread, not on the event loop.
    return await asyncio.to_thread(page_user, request)


def _refuse(detail: str) -> Exception:
    return PageError(403, "You cannot see this page", detail)


def page(act: Act, *, max_body: int = NO_BODY) -> Any:
    """Declare the act a page route performs (signed in by session, refused by a page)."""
    return allowed(act, max_body=max_body, authenticate=_signed_in, refuse=_refuse)


class PageRoute(GuardedRoute):
    """A page's route: guarded as every route is, Pathway's errors shown as the error page."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap the guarded handler: a `PathwayError` becomes a `PageError`."""
        handler = super().get_route_handler()

        async def shown(request: Request) -> Response:
            try:
                return await handler(request)
            except PathwayError as error:
                raise PageError.of(error) from error

        return shown
