"""The codec server: lets the Temporal UI show decrypted payloads to an authorised user.

The dev server's UI is pointed here (`--ui-codec-endpoint`). In development, a browser on this
machine may decode without a token; otherwise a supervisor's or auditor's bearer token is
needed, and every decode is audited.
"""

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials
from google.protobuf import json_format
from temporalio.api.common.v1 import Payloads

from api.audit import audit
from api.auth import InvalidToken, Role, User, verify_token
from api.deps import SessionsDep, SettingsDep
from clients import payload_codec

router = APIRouter(prefix="/codec", tags=["codec"], include_in_schema=False)
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def _caller(request: Request, settings: SettingsDep) -> User:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        creds = HTTPAuthorizationCredentials(scheme="Bearer", credentials=header[7:])
        try:
            user = verify_token(settings, creds.credentials)
        except InvalidToken as bad:
            raise HTTPException(401, f"invalid token: {bad}") from bad
        if user.role not in (Role.SUPERVISOR, Role.AUDITOR):
            raise HTTPException(403, "only supervisors and auditors may decode payloads")
        return user
    client = request.client.host if request.client else ""
    if settings.environment == "development" and client in LOOPBACK:
        return User(name="temporal-ui (development, this machine)", role=Role.AUDITOR)
    raise HTTPException(401, "decoding payloads needs a supervisor's or auditor's bearer token")


async def _payloads(request: Request) -> Payloads:
    body: Any = await request.body()
    try:
        return json_format.Parse(body, Payloads())
    except json_format.ParseError as bad:
        raise HTTPException(422, f"not a Payloads JSON body: {bad}") from bad


@router.post("/decode")
async def decode(request: Request, settings: SettingsDep, sessions: SessionsDep) -> Any:
    """Decrypt payloads for the Temporal UI."""
    user = _caller(request, settings)
    payloads = await _payloads(request)
    decoded = await payload_codec(settings).decode(list(payloads.payloads))
    await audit(sessions, user, "decode_payloads", None, f"{len(decoded)} payloads")
    return json_format.MessageToDict(Payloads(payloads=decoded))


@router.post("/encode")
async def encode(request: Request, settings: SettingsDep) -> Any:
    """Encrypt payloads (the UI uses this when it sends a signal or update)."""
    _caller(request, settings)
    payloads = await _payloads(request)
    encoded = await payload_codec(settings).encode(list(payloads.payloads))
    return json_format.MessageToDict(Payloads(payloads=encoded))
