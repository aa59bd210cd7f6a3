"""The codec server: the Temporal UI shows a pathway's payloads decrypted, to those who may read it.

`pathway dev` starts the dev server's UI with `--ui-codec-endpoint <api>/codec`, and the UI's
browser POSTs each event's payloads to `/codec/decode`. The caller is known by a bearer token,
as on the API, or, for the UI in a browser, by the Pathway pages' session cookie (sent when the
UI's codec setting "Include cross-origin credentials" is ticked). Each sealed payload names its
pathway (`core/codec.py`); the request is refused whole unless the caller may read every pathway
named, by the rule the API applies. Payloads naming none: auditors only. Every attempt is
audited, refusals included.

There is no `/codec/encode`: the UI needs it only to send signals and updates, and Pathway's
steps go through the API, where they are checked and audited.
"""

import asyncio
from collections.abc import Collection
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from google.protobuf import json_format
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send
from temporalio.api.common.v1 import Payloads

from access import Act, Role, User
from api.deps import SessionsDep, SettingsDep, current_user
from api.guard import GuardedRoute, allowed, note
from core.clients import payload_codec
from core.codec import is_sealed, named_pathway
from core.errors import InvalidInput
from core.settings import Settings
from readmodel.queries import visible_pathways
from readmodel.tables import PathwayRow
from web.session import signed_in

PREFIX = "/codec"
DECODE_BYTES = 4 * 1024 * 1024
"""One request of the UI: the payloads of a page of history events."""
_LOOKUP_CHUNK = 500  # pathway ids per query: well under every database's parameter limit
_PATHWAY_ID_LENGTH = PathwayRow.pathway_id.type.length or 0

router = APIRouter(prefix=PREFIX, tags=["codec"], include_in_schema=False, route_class=GuardedRoute)


def may_read_pathways(
    sessions: sessionmaker[Session], user: User, pathway_ids: Collection[str | None]
) -> set[str | None]:
    """Return the pathways among `pathway_ids` that `user` may not read (None: no pathway).

    Auditors read every pathway. Caseworkers and supervisors read those `access.may_see`
    shows them, by the team and area the read model holds; a pathway the read model does not
    know, and a payload naming no pathway, are for auditors only.
    """
    if user.role == Role.AUDITOR:
        return set()
    # A name no pathway could have (a payload's metadata is the caller's to write) is refused
    # without a query: PostgreSQL cannot even compare a string holding NUL.
    named = sorted(p for p in pathway_ids if p is not None and _could_be_pathway(p))
    seen: set[str] = set()
    with sessions() as session:
        for start in range(0, len(named), _LOOKUP_CHUNK):
            seen |= visible_pathways(session, user, named[start : start + _LOOKUP_CHUNK])
    return {p for p in pathway_ids if p is None or p not in seen}


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


async def codec_caller(request: Request) -> User:
    """A bearer token, as on the API; else the pages' session (the Temporal UI in a browser)."""
    if "authorization" in request.headers:
        return await current_user(request)
    user = await asyncio.to_thread(signed_in, request)
    if user is None:
        raise HTTPException(
            401,
            "no credentials: send Authorization: Bearer <token>, or sign in to Pathway's"
            " pages in this browser and tick the Temporal UI's codec setting"
            " 'Include cross-origin credentials'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


def _payloads(body: bytes) -> Payloads:
    try:
        # The UI sends payloads as history holds them; fields newer than this library are
        # not needed to decode.
        return json_format.Parse(body, Payloads(), ignore_unknown_fields=True)
    except (json_format.ParseError, ValueError) as bad:
        raise InvalidInput(
            f'the body must be Payloads JSON ({{"payloads": [...]}}): {bad}'
        ) from bad


@router.post("/decode")
async def decode(
    request: Request,
    user: Annotated[
        User, allowed(Act.DECODE_PAYLOADS, max_body=DECODE_BYTES, authenticate=codec_caller)
    ],
    settings: SettingsDep,
    sessions: SessionsDep,
) -> Any:
    """Decrypt payloads for the Temporal UI, for a caller who may read their pathways."""
    client = request.client.host if request.client else "unknown"
    note(request, detail=f"from {client}")
    payloads = list(_payloads(await request.body()).payloads)
    named = {named_pathway(p) for p in payloads if is_sealed(p)}
    refused = await asyncio.to_thread(may_read_pathways, sessions, user, named)
    if refused:
        # The caller learns neither which pathway nor whether it exists; the audit log does.
        note(request, detail=f"may not read {_shown(refused)}", pathway_id=_only_pathway(refused))
        raise HTTPException(403, "you may not read the pathway these payloads belong to")
    decoded = await payload_codec(settings).decode(payloads)  # PayloadRefused: 422
    of = f" of {_shown(named)}" if named - {None} else ""
    note(request, detail=f"decoded {len(decoded)} payloads{of}", pathway_id=_only_pathway(named))
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
