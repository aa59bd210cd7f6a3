"""Court outcomes from integrators: one record or a JSON array, one result per record."""

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.auth import Role
from api.deps import IngestDep, require_role
from contracts.court import IngestResult, IngestResultKind

router = APIRouter(prefix="/v1", tags=["court outcomes"])


class IngestResponse(BaseModel):
    """One result per record, in order (a Common Platform message gives one per defendant)."""

    results: list[IngestResult]


@router.post(
    "/court-outcomes",
    response_model=IngestResponse,
    dependencies=[require_role(Role.INTEGRATOR, Role.SUPERVISOR)],  # type: ignore[list-item]
    responses={422: {"description": "every record was rejected; each result names the fields"}},
)
async def post_court_outcomes(request: Request, ingest: IngestDep) -> JSONResponse:
    """Start pathways from a canonical outcome, a Common Platform message, or an array of them."""
    raw = await request.body()
    try:
        body: Any = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as bad:
        return JSONResponse(
            status_code=422,
            content={"detail": f"the body is not valid JSON: {bad}", "results": []},
        )
    records = body if isinstance(body, list) else [body]
    if not records:
        return JSONResponse(
            status_code=422, content={"detail": "the array holds no records", "results": []}
        )
    results = await ingest.ingest(records)
    payload = IngestResponse(results=results).model_dump(mode="json")
    if all(r.result == IngestResultKind.REJECTED for r in results):
        errors = "; ".join(r.reason or "" for r in results)
        payload["detail"] = f"rejected, nothing started: {errors}"
        return JSONResponse(status_code=422, content=payload)
    return JSONResponse(content=payload)
