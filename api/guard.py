"""The guard every route passes: who is asking and may they act, before any work is done.

Each route declares the act it performs with `allowed(Act.X, max_body=...)` (or `public()`),
and its router uses `GuardedRoute`. Before FastAPI reads a body or validates a query, the guard:

1. authenticates the caller (a bearer token for the API, the session for the pages): 401;
2. checks that the caller's role may perform the act (`access.acts`): 403;
3. limits the query string and the body to what the route takes (413, 414), reading the body
   in pieces and stopping at the limit, and refuses a NUL character in either (422);

then runs the route, and audits the act with its outcome (done, refused, failed) and the
pathway it concerns, whatever happens: the act is recorded as started beside the route, and
its outcome written once known; one of Pathway's errors (`core.errors`) is recorded with the
status it is answered with. A route adds detail with `note(request, ...)`.

A route without a declaration cannot be built: `GuardedRoute` refuses it at start-up.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, HTTPException, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session, sessionmaker
from starlette.background import BackgroundTasks
from starlette.responses import Response

from access import Act, User
from access.acts import allowed_roles, audited_as, may
from api.audit import ANONYMOUS, begin, finish, record
from api.deps import current_user
from api.nul import DETAIL as NUL_DETAIL
from api.nul import where_nul
from core.errors import PathwayError

log = logging.getLogger(__name__)

Authenticate = Callable[[Request], Awaitable[User]]
MAX_QUERY_BYTES = 8192
"""Longer query strings are refused (414): no list or report takes more."""
NO_BODY = 0
STEP_BODY_BYTES = 64 * 1024
"""A step's body: its fields are bounded (a few long texts at most); a form the same."""


@dataclass(frozen=True)
class Allowed:
    """A route's declaration: its act, the body it takes, and how its callers sign in.

    Used as a FastAPI dependency, it returns the caller the guard has already checked.
    """

    act: Act
    max_body: int = NO_BODY
    authenticate: Authenticate | None = None
    refuse: Callable[[str], Exception] | None = None

    async def __call__(self, request: Request) -> User:
        """Return the caller the guard authenticated (before the body was read)."""
        caller: User | None = getattr(request.state, "caller", None)
        if caller is None:  # a route of a router that does not use GuardedRoute
            raise RuntimeError(f"{request.url.path}: the guard did not run (use GuardedRoute)")
        return caller


def allowed(
    act: Act,
    *,
    max_body: int = NO_BODY,
    authenticate: Authenticate | None = None,
    refuse: Callable[[str], Exception] | None = None,
) -> Any:
    """Declare the act a route performs (a dependency returning the checked caller).

    Args:
        act: what the route does; the roles that may are `access.acts.MAY[act]`.
        max_body: the most bytes of body the route takes (0: none).
        authenticate: how callers sign in (default: a bearer token, `api.deps.current_user`).
        refuse: how to refuse a role that may not act (default: a 403 JSON answer).
    """
    return Depends(Allowed(act, max_body, authenticate, refuse))


@dataclass(frozen=True)
class Public:
    """A route anyone may call (health, sign-in): the limits still apply, nothing is audited."""

    max_body: int = NO_BODY

    async def __call__(self) -> None:
        """Nothing to return: there is no caller to speak of."""


def public(*, max_body: int = NO_BODY) -> Any:
    """Declare a route anyone may call: `dependencies=[public()]`."""
    return Depends(Public(max_body))


def note(
    request: Request,
    *,
    action: str | None = None,
    detail: str | None = None,
    pathway_id: str | None = None,
) -> None:
    """Name the audited action (e.g. with the step), add to its detail, or name its pathway."""
    if action is not None:
        request.state.audit_action = action
    if detail is not None:
        earlier = getattr(request.state, "audit_detail", None)
        request.state.audit_detail = f"{earlier}; {detail}" if earlier else detail
    if pathway_id is not None:
        request.state.audit_pathway = pathway_id


def _declaration(dependant: Dependant) -> Allowed | Public | None:
    for sub in dependant.dependencies:
        if isinstance(sub.call, Allowed | Public):
            return sub.call
        found = _declaration(sub)
        if found is not None:
            return found
    return None


class GuardedRoute(APIRoute):
    """An APIRoute whose handler is wrapped by the guard (see the module docstring)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler (which reads the body) in the guard."""
        declared = _declaration(self.dependant)
        if declared is None:
            raise TypeError(
                f"{self.path}: every route declares its act with allowed(...) or public()"
            )
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            return await _guard(request, declared, handler)

        return guarded


async def _guard(
    request: Request,
    declared: Allowed | Public,
    handler: Callable[[Request], Coroutine[Any, Any, Response]],
) -> Response:
    if isinstance(declared, Public):
        await _limits(request, declared.max_body)
        return await handler(request)
    authenticate = declared.authenticate or _bearer
    try:
        caller = await authenticate(request)
    except HTTPException as refused:
        if refused.status_code == 401:
            await _audit(request, None, declared.act, 401, _words(refused.detail))
        raise
    if not may(caller.role, declared.act):
        detail = f"a {caller.role.value} may not do this (allowed: {allowed_roles(declared.act)})"
        await _audit(request, caller, declared.act, 403, detail)
        raise declared.refuse(detail) if declared.refuse else HTTPException(403, detail)
    request.state.caller = caller
    # The act goes on record beside the route, and its outcome once known: after the answer
    # when it was done (the answer does not wait for the audit), before it when refused.
    started = _begin(request, caller, declared.act) if declared.act not in UNAUDITED else None
    try:
        await _limits(request, declared.max_body)
        response = await handler(request)
    except HTTPException as refused:
        if started is not None:
            await _finish(request, started, declared.act, refused.status_code, refused.detail)
        raise
    except PathwayError as refused:
        if started is not None:
            await _finish(request, started, declared.act, refused.status, refused.detail)
        raise
    except Exception as failed:
        if started is not None:
            await _finish(request, started, declared.act, 500, f"failed: {type(failed).__name__}")
        raise
    if started is not None:
        after = BackgroundTasks()
        after.add_task(_finish, request, started, declared.act, response.status_code, "")
        if response.background is not None:
            after.add_task(response.background)
        response.background = after
    return response


def _words(detail: Any) -> str:
    if isinstance(detail, dict):
        return str(detail.get("detail", ""))
    return str(detail)


async def _bearer(request: Request) -> User:
    return await current_user(request)


async def _limits(request: Request, max_body: int) -> None:
    """Refuse a long query, an oversized body and NUL characters, reading at most the limit."""
    query: bytes = request.scope.get("query_string", b"")
    if len(query) > MAX_QUERY_BYTES:
        raise HTTPException(414, f"the query string is longer than {MAX_QUERY_BYTES} bytes")
    if b"%00" in query or b"\x00" in query:
        raise _nul("(query)")
    declared = request.headers.get("content-length")
    if declared is not None:
        if not (declared.isascii() and declared.isdigit()):
            raise HTTPException(400, "the Content-Length header is not a number")
        # More than 18 digits is past any limit (and past what int() takes at 4,300).
        if len(declared) > 18 or int(declared) > max_body:
            raise _too_large(max_body)
    if max_body == NO_BODY and declared is None and "transfer-encoding" not in request.headers:
        return
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_body:
            raise _too_large(max_body)
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # Starlette's cache: the route reads this, not the stream again
    form = request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded")
    if b"\x00" in body or b"\\u0000" in body or (form and b"%00" in body):
        raise _nul(where_nul(body))


def _too_large(max_body: int) -> HTTPException:
    if max_body == NO_BODY:
        return HTTPException(413, "this request takes no body")
    return HTTPException(
        413,
        f"the request body is larger than {max_body:,} bytes, the most this request takes: "
        "send less (or split it up)",
    )


def _nul(field: str) -> HTTPException:
    return HTTPException(
        422,
        {
            "detail": f"invalid fields: {field}: {NUL_DETAIL}",
            "errors": [{"field": field, "reason": NUL_DETAIL}],
        },
    )


UNAUDITED = frozenset({Act.USE_PAGES})
"""Acts that touch no child's record (the home page's redirect): not audited when done."""


def _sessions(request: Request) -> sessionmaker[Session] | None:
    sessions: sessionmaker[Session] | None = getattr(request.app.state, "sessions", None)
    return sessions


def _begin(request: Request, user: User, act: Act) -> asyncio.Task[int] | None:
    sessions = _sessions(request)
    if sessions is None:
        return None
    return asyncio.create_task(
        asyncio.to_thread(begin, sessions, user, audited_as(act), _pathway_of(request))
    )


async def _finish(
    request: Request, started: asyncio.Task[int], act: Act, status: int, detail: Any
) -> None:
    row_id = await started
    sessions = _sessions(request)
    assert sessions is not None  # a row was begun with them
    noted = getattr(request.state, "audit_detail", None)
    await asyncio.to_thread(
        finish,
        sessions,
        row_id,
        action=getattr(request.state, "audit_action", None) or audited_as(act),
        pathway_id=_pathway_of(request),
        detail="; ".join(d for d in (noted, _words(detail)) if d) or None,
        status=status,
    )


async def _audit(request: Request, user: User | None, act: Act, status: int, detail: str) -> None:
    state = request.state
    noted = getattr(state, "audit_detail", None)
    client = request.client.host if request.client else ""
    sessions = _sessions(request)
    if sessions is None:
        return
    await asyncio.to_thread(
        record,
        sessions,
        user=user.name if user else f"{ANONYMOUS} {client}".strip(),
        role=user.role.value if user else ANONYMOUS,
        team=user.team if user else None,
        action=getattr(state, "audit_action", None) or audited_as(act),
        pathway_id=_pathway_of(request),
        detail="; ".join(d for d in (noted, detail) if d) or None,
        status=status,
    )


def _pathway_of(request: Request) -> str | None:
    value = request.path_params.get("pathway_id") or getattr(request.state, "audit_pathway", None)
    return value if isinstance(value, str) and "\x00" not in value else None
