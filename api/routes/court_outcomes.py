"""Court outcomes from integrators: one record or a JSON array, one result per record.

Bodies are read with limits: more than `MAX_BODY_BYTES`, more than `MAX_RECORDS` records (each
Common Platform defendant of each prosecution case counts as one), or more JSON values than
`ingest.sizing.MAX_VALUES` is refused with 413 before anything is stored or started (split it,
or use `pathway ingest`). A body that is not JSON, or is nested more deeply than
`ingest.sizing.MAX_DEPTH`, is refused with 422.
"""

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from temporalio.service import RPCError

from access import Act, User
from api.deps import IngestDep
from api.guard import GuardedRoute, allowed, note
from contracts.court import IngestResultKind
from core.errors import InvalidInput, TemporalUnavailable, TooMuch
from ingest.decoding import loads
from ingest.service import TOO_LARGE, RecordResult
from ingest.sizing import MAX_RECORDS, check_intake

router = APIRouter(prefix="/v1", tags=["court outcomes"], route_class=GuardedRoute)

MAX_BODY_BYTES = 20 * 1024 * 1024


class IngestResponse(BaseModel):
    """One result per record, in order (a Common Platform message gives one per defendant)."""

    results: list[RecordResult]


async def read_json(
    request: Request, max_bytes: int = MAX_BODY_BYTES, *, optional: bool = False
) -> Any:
    """Return the decoded JSON body; 413 past `max_bytes`, 422 if it is not JSON.

    An empty body is refused with 422, or, when `optional`, answered with None.
    """
    too_large = TooMuch(
        413,
        f"the body is larger than {max_bytes // 1024:,} KB: send it in smaller parts "
        "(or use `pathway ingest FILE` for files)",
    )
    declared = request.headers.get("content-length", "")
    # isdigit() alone also accepts "²", which int() refuses; a long number is too large anyway.
    if (
        declared.isascii()
        and declared.isdigit()
        and (len(declared) > 18 or int(declared) > max_bytes)
    ):
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        if optional:
            return None
        raise InvalidInput("the body is empty: send a JSON object or array")
    try:
        return loads(raw)
    except RecursionError as deep:
        raise InvalidInput("the body is not valid JSON: nested too deeply") from deep
    except (ValueError, UnicodeDecodeError) as bad:  # JSONDecodeError is a ValueError
        raise InvalidInput(f"the body is not valid JSON: {bad}") from bad


def checked(records: list[Any]) -> None:
    """Refuse records over the intake's limits (`TooMuch`: 413, or 422 for nesting) first."""
    check_intake(records)


def temporal_unavailable(err: RPCError) -> TemporalUnavailable:
    """Temporal cannot be reached (503) during an intake: a resend is safe."""
    return TemporalUnavailable(
        f"Temporal is unavailable ({err.status.name}): records received so far are kept and "
        "a resend of the same body is safe (nothing is started twice)"
    )


@router.post(
    "/court-outcomes",
    response_model=IngestResponse,
    responses={
        413: {
            "description": f"more than {MAX_RECORDS} records (Common Platform defendants "
            "counted one by one) or 20 MB in one body, or every record too large for a "
            "workflow (each result says so; the records are kept)"
        },
        422: {
            "description": "not JSON, nested too deeply, or every record was rejected (each "
            "result names fields)"
        },
        503: {"description": "Temporal is unavailable; a resend is safe"},
    },
)
async def post_court_outcomes(
    request: Request,
    ingest: IngestDep,
    user: Annotated[User, allowed(Act.INGEST_COURT_OUTCOMES, max_body=MAX_BODY_BYTES)],
) -> JSONResponse:
    """Start pathways from a canonical outcome, a Common Platform message, or an array of them."""
    body = await read_json(request)
    records = body if isinstance(body, list) else [body]
    if not records:
        raise InvalidInput("the array holds no records")
    checked(records)
    try:
        results = await ingest.ingest(records, sender=user)
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


def intake_summary(results: list[RecordResult]) -> str:
    """What an intake started, found, skipped or held, for the audit log."""
    counts = Counter(r.result.value for r in results)
    parts = [f"{len(results)} record(s): " + ", ".join(f"{n} {k}" for k, n in counts.items())]
    started = [r.pathway_id for r in results if r.result == IngestResultKind.STARTED]
    held = [str(r.held_id) for r in results if r.held_id is not None]
    if started:
        parts.append("started " + " ".join(p for p in started[:50] if p))
    if held:
        parts.append("held records " + " ".join(held[:50]))
    return "; ".join(parts)
