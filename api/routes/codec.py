"""The codec server: the Temporal UI shows a pathway's payloads decrypted, to those who may read it.

`pathway dev` starts the dev server's UI with `--ui-codec-endpoint <api>/codec`, and the UI's
browser POSTs each event's payloads to `/codec/decode`. The caller is known by a bearer token,
as on the API, or, for the UI in a browser, by the Pathway pages' session cookie (sent when the
UI's codec setting "Include cross-origin credentials" is ticked). Each sealed payload names its
pathway (`codec.py`); the request is refused whole unless the caller may read every pathway
named, by the rule the API applies. Payloads naming none: auditors only. Every attempt is
audited, refusals included.

There is no `/codec/encode`: the UI needs it only to send signals and updates, and Pathway's
steps go through the API, where they are checked and audited.
"""

import asyncio
from collections.abc import Collection
from typing import Any, NoReturn

from fastapi import APIRouter, FastAPI, HTTPException, Request
from google.protobuf import json_format
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send
from temporalio.api.common.v1 import Payloads

from api.audit import audit, audit_anonymous
from api.auth import InvalidToken, Role, User, actor_of, verify_token
from api.deps import SessionsDep, SettingsDep
from api.ratelimit import FailedAuthLimiter
from clients import payload_codec
from codec import PayloadRefused, is_sealed, named_pathway
from db.readmodel import PathwayRow
from settings import Settings
from web.session import signed_in
from workflows.visibility import team_visible_to

PREFIX = "/codec"
ACTION = "decode_payloads"
DECODING_ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR)
_LOOKUP_CHUNK = 500  # pathway ids per query: well under every database's parameter limit
_PATHWAY_ID_LENGTH = PathwayRow.pathway_id.type.length or 0

router = APIRouter(prefix=PREFIX, tags=["codec"], include_in_schema=False)


def may_read_pathways(
    sessions: sessionmaker[Session], user: User, pathway_ids: Collection[str | None]
) -> set[str | None]:
    """Return the pathways among `pathway_ids` that `user` may not read (None: no pathway).

    Auditors read every pathway. Caseworkers and supervisors read those the workflow's own rule
    shows them (`workflows.visibility`), applied to the team the read model holds; a pathway
    the read model does not know, and a payload naming no pathway, are for auditors only.
    """
    if user.role == Role.AUDITOR:
        return set()
    actor = actor_of(user)
    # A name no pathway could have (a payload's metadata is the caller's to write) is refused
    # without a query: PostgreSQL cannot even compare a string holding NUL.
    named = sorted(p for p in pathway_ids if p is not None and _could_be_pathway(p))
    teams: dict[str, str | None] = {}
    with sessions() as session:
        for start in range(0, len(named), _LOOKUP_CHUNK):
            chunk = named[start : start + _LOOKUP_CHUNK]
            query = select(PathwayRow.pathway_id, PathwayRow.team).where(
                PathwayRow.pathway_id.in_(chunk)
            )
            teams.update({pid: team for pid, team in session.execute(query)})
    return {
        p
        for p in pathway_ids
        if p is None or p not in teams or not team_visible_to(teams[p], actor)
    }


def _could_be_pathway(name: str) -> bool:
    return len(name) <= _PATHWAY_ID_LENGTH and name.isprintable()


def _only_pathway(names: Collection[str | None]) -> str | None:
    """The pathway the audit row is about, when the request named exactly one."""
    if len(names) != 1:
        return None
    only = next(iter(names))
    return only if only is not None and _could_be_pathway(only) else None


def _shown(names: Collection[str | None], most: int = 10) -> str:
    """Names for the audit log: printable, short, and not too many."""
    shown = sorted(
        (n if _could_be_pathway(n) else ascii(n)[:60]) if n is not None else "(no pathway)"
        for n in names
    )
    more = f" and {len(shown) - most} more" if len(shown) > most else ""
    return ", ".join(shown[:most]) + more


class _Attempt:
    """One call of the codec: who (once known), from where, and its audit record."""

    def __init__(self, request: Request, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self.client = request.client.host if request.client else "unknown"
        self.user: User | None = None

    async def record(self, outcome: str, pathway_id: str | None = None) -> None:
        detail = f"{outcome} (from {self.client})"
        if self.user is None:
            await audit_anonymous(self.sessions, ACTION, detail)
        else:
            await audit(self.sessions, self.user, ACTION, pathway_id, detail)

    async def refuse(
        self, status: int, reason: str, *, logged: str | None = None, pathway_id: str | None = None
    ) -> NoReturn:
        await self.record(f"refused ({status}): {logged or reason}", pathway_id)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        raise HTTPException(status, reason, headers=headers)


async def _authenticate(request: Request, settings: Settings, attempt: _Attempt) -> User:
    limiter: FailedAuthLimiter = request.app.state.auth_limiter
    if limiter.blocked(attempt.client):
        await attempt.refuse(429, "too many failed sign-ins from this address: wait a minute")
    header = request.headers.get("authorization")
    if header is None:
        user = signed_in(request)
        if user is None:
            await attempt.refuse(
                401,
                "no credentials: send Authorization: Bearer <token>, or sign in to Pathway's"
                " pages in this browser and tick the Temporal UI's codec setting"
                " 'Include cross-origin credentials'",
            )
        return user
    scheme, _, token = header.partition(" ")
    try:
        if scheme.lower() != "bearer" or not token.strip():
            raise InvalidToken("the Authorization header must be 'Bearer <token>'")
        return verify_token(settings, token.strip())
    except InvalidToken as bad:
        limiter.failed(attempt.client)
        await attempt.refuse(401, f"invalid token: {bad}")


async def _payloads(request: Request, attempt: _Attempt) -> Payloads:
    body = await request.body()
    try:
        # The UI sends payloads as history holds them; fields newer than this library are
        # not needed to decode.
        return json_format.Parse(body, Payloads(), ignore_unknown_fields=True)
    except (json_format.ParseError, ValueError) as bad:
        await attempt.refuse(
            422, f"the body must be Payloads JSON ({{\"payloads\": [...]}}): {bad}"
        )


@router.post("/decode")
async def decode(request: Request, settings: SettingsDep, sessions: SessionsDep) -> Any:
    """Decrypt payloads for the Temporal UI, for a caller who may read their pathways."""
    attempt = _Attempt(request, sessions)
    attempt.user = user = await _authenticate(request, settings, attempt)
    if user.role not in DECODING_ROLES:
        await attempt.refuse(403, f"a {user.role.value} may not decode payloads")
    payloads = list((await _payloads(request, attempt)).payloads)
    named = {named_pathway(p) for p in payloads if is_sealed(p)}
    refused = await asyncio.to_thread(may_read_pathways, sessions, user, named)
    if refused:
        # The caller learns neither which pathway nor whether it exists; the audit log does.
        await attempt.refuse(
            403,
            "you may not read the pathway these payloads belong to",
            logged=f"may not read {_shown(refused)}",
            pathway_id=_only_pathway(refused),
        )
    try:
        decoded = await payload_codec(settings).decode(payloads)
    except PayloadRefused as bad:
        await attempt.refuse(422, str(bad))
    await attempt.record(
        f"decoded {len(decoded)} payloads"
        + (f" of {_shown(named)}" if named - {None} else ""),
        _only_pathway(named),
    )
    return json_format.MessageToDict(Payloads(payloads=decoded))


class _CodecCors:
    """CORS for the codec's paths only; every other path passes by untouched."""

    def __init__(self, app: ASGIApp, origins: list[str]) -> None:
        self._app = app
        self._cors = CORSMiddleware(
            app,
            allow_origins=origins,
            allow_methods=["POST", "OPTIONS"],
            allow_headers=["Content-Type", "X-Namespace", "Authorization"],
            allow_credentials=True,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and (path == PREFIX or path.startswith(PREFIX + "/")):
            await self._cors(scope, receive, send)
        else:
            await self._app(scope, receive, send)


def ui_origins(settings: Settings) -> list[str]:
    """The Temporal dev server UI's origins: where `pathway dev` serves it."""
    hosts = dict.fromkeys(["127.0.0.1", "localhost", settings.temporal_address.rsplit(":", 1)[0]])
    return [f"http://{host}:{settings.temporal_ui_port}" for host in hosts]


def add_codec_cors(app: FastAPI, settings: Settings) -> None:
    """In development, let the dev server's UI call the codec from the browser, with cookies.

    Only `/codec` answers cross-origin requests, and only from the UI's origins. In production
    nothing does: serve the Temporal UI and the codec from one origin (a reverse proxy).
    """
    if settings.environment == "development":
        app.add_middleware(_CodecCors, origins=ui_origins(settings))
