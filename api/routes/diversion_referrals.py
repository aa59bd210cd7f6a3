"""Referrals for diversion or prevention from integrators: one record or an array, one result each.

`POST /v1/diversion-referrals` takes what the police (or another referrer's system) send, as
`POST /v1/court-outcomes` takes court records (ADR 0131): the caller's role is checked before
a byte of the body is read; the body is read with the same limits (413 past `MAX_BODY_BYTES`
or `MAX_RECORDS` records, 422 for JSON that is not JSON or nests too deeply); every record gets
one result (started, duplicate, held, rejected with its fields), a record that cannot be
processed is kept with its reason, and a resend is safe. Held and rejected referrals are listed
at `/v1/diversion-referrals/held` with the scope of held court records (`ingest.held.seen_by`),
and replayed as stored or corrected (`.../held/{id}/replay`).
"""

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from temporalio.service import RPCError

from access import Act, User
from api.deps import IngestDep, SessionsDep, SettingsDep
from api.guard import GuardedRoute, allowed, note
from api.params import HeldId
from api.routes.court_outcomes import (
    IngestResponse,
    intake_summary,
    read_json,
    temporal_unavailable,
)
from api.routes.held_records import (
    REPLAY_BODY_BYTES,
    HeldResult,
    ReplayResponse,
    optional_json,
    page_of,
)
from contracts.court import IngestResultKind
from contracts.diversion_referrals import EXAMPLE, SCHOOL_EXAMPLE, DiversionReferral
from core.errors import HeldNotFound, InvalidInput, TooMuch
from ingest.diversion import DIVERSION_KINDS, DiversionIntake, replay_referral
from ingest.held import HeldDetail, HeldPage, HeldStore
from ingest.service import TOO_LARGE
from ingest.sizing import check_shape

router = APIRouter(
    prefix="/v1/diversion-referrals", tags=["diversion referrals"], route_class=GuardedRoute
)

MAX_BODY_BYTES = 5 * 1024 * 1024
"""A referral is about 1 KB: 5 MB holds the most records one request takes, with room."""
MAX_RECORDS = 2000
"""Referrals in one request; `pathway ingest` takes files of any size."""


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """The model's JSON schema with its `$defs` written in place (OpenAPI shows it whole)."""
    defs = schema.pop("$defs", {})

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(defs[ref.removeprefix("#/$defs/")])
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    inlined: dict[str, Any] = walk(schema)
    return inlined


_ONE = _inlined(DiversionReferral.model_json_schema())
REQUEST_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "oneOf": [_ONE, {"type": "array", "items": _ONE, "maxItems": MAX_RECORDS}]
            },
            "examples": {
                "police": {"summary": "A police referral for a joint decision", "value": EXAMPLE},
                "school": {"summary": "A school asks for prevention", "value": SCHOOL_EXAMPLE},
                "batch": {"summary": "An array: one result each", "value": [EXAMPLE]},
            },
        }
    },
}


def diversion_intake(ingest: IngestDep, settings: SettingsDep) -> DiversionIntake:
    """The diversion intake, on the court intake's store and Temporal client."""
    return DiversionIntake(ingest.store, ingest.client, settings)


@router.post(
    "",
    response_model=IngestResponse,
    openapi_extra={"requestBody": REQUEST_BODY},
    responses={
        413: {"description": f"more than {MAX_RECORDS} records or 5 MB in one body"},
        422: {
            "description": "not JSON, nested too deeply, or every record was rejected (each "
            "result names its fields)"
        },
        503: {"description": "Temporal is unavailable; a resend is safe"},
    },
)
async def post_diversion_referrals(
    request: Request,
    ingest: IngestDep,
    settings: SettingsDep,
    user: Annotated[User, allowed(Act.INGEST_DIVERSION_REFERRALS, max_body=MAX_BODY_BYTES)],
) -> JSONResponse:
    """Start diversion pathways from a referral or an array of them; one result per record.

    Idempotent on `referral_id`: a referral received before answers `duplicate` with its
    pathway, and nothing is started twice. A child under 10 or over 17 on `referred_on`, a date
    in the future or a bad field is rejected naming the field; a child whose PNC id belongs to
    a child of another name or date of birth is held for review. Both are kept with the
    reason (`GET /v1/diversion-referrals/held`).
    """
    body = await read_json(request, MAX_BODY_BYTES)
    records = body if isinstance(body, list) else [body]
    if not records:
        raise InvalidInput("the array holds no records")
    check_shape(records)
    if len(records) > MAX_RECORDS:
        raise_too_many(len(records))
    try:
        results = await diversion_intake(ingest, settings).ingest(records, sender=user)
    except RPCError as err:
        raise temporal_unavailable(err) from err
    note(request, detail=intake_summary(results))
    payload = IngestResponse(results=results).model_dump(mode="json")
    if all(r.result == IngestResultKind.REJECTED for r in results):
        errors = "; ".join(r.reason or "" for r in results[:20])
        payload["detail"] = f"rejected, nothing started: {errors}"
        too_large = all((r.reason or "").startswith(TOO_LARGE) for r in results)
        return JSONResponse(status_code=413 if too_large else 422, content=payload)
    return JSONResponse(content=payload)


def raise_too_many(count: int) -> None:
    """Refuse a body of more records than one request takes (413)."""
    raise TooMuch(
        413,
        f"records: the body holds {count:,} referrals; send at most {MAX_RECORDS} per request "
        "(or use `pathway ingest FILE`)",
    )


@router.get("/held", response_model=HeldPage)
async def list_held_diversion_referrals(
    user: Annotated[User, allowed(Act.LIST_HELD_RECORDS)],
    sessions: SessionsDep,
    result: Annotated[HeldResult | None, Query(description="only held, or only rejected")] = None,
    resolved: Annotated[bool, Query(description="list resolved records instead")] = False,
    after: Annotated[int, Query(ge=0, le=2**31 - 1, description="continue after this id")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> HeldPage:
    """Held and rejected referrals, oldest first: reasons and field errors, no payloads.

    Integrators see what they sent; supervisors their area's; auditors everything.
    """
    return await page_of(sessions, user, DIVERSION_KINDS, result, resolved, after, limit)


@router.post(
    "/held/{held_id}/replay",
    response_model=ReplayResponse,
    responses={
        404: {"description": "no such held referral (that you may see)"},
        409: {"description": "the held referral was resolved already"},
        422: {"description": "the stored original is not JSON: send a corrected referral"},
    },
)
async def replay_held_diversion_referral(
    held_id: HeldId,
    request: Request,
    ingest: IngestDep,
    settings: SettingsDep,
    sessions: SessionsDep,
    user: Annotated[User, allowed(Act.REPLAY_HELD_RECORD, max_body=REPLAY_BODY_BYTES)],
) -> ReplayResponse:
    """Replay a held or rejected referral: as stored, or the corrected referral sent."""
    note(request, detail=f"held record {held_id}")
    corrected = await optional_json(request)
    try:
        done = await replay_referral(
            diversion_intake(ingest, settings), HeldStore(sessions), held_id, corrected, user
        )
    except RPCError as err:
        raise temporal_unavailable(err) from err
    note(request, detail=intake_summary(done.results))
    return ReplayResponse(held_id=held_id, resolved=done.resolved, results=done.results)


@router.get("/held/{held_id}", response_model=HeldDetail)
async def get_held_diversion_referral(
    request: Request,
    held_id: HeldId,
    user: Annotated[User, allowed(Act.READ_HELD_RECORD)],
    sessions: SessionsDep,
) -> HeldDetail:
    """One held or rejected referral with the record as it was received."""
    note(request, detail=f"held record {held_id}")
    found = await asyncio.to_thread(HeldStore(sessions).get, held_id, DIVERSION_KINDS, user)
    if found is None:
        raise HeldNotFound(f"no held diversion referral {held_id}")
    return found
