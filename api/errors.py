"""Errors a person can act on, answered in one place: Pathway's own errors and 422 bodies.

Pathway's errors (`core.errors`) are answered by `pathway_error_handler` with the status the
tree gives each: `{"detail": ...}`, plus `errors` naming each field of an `InvalidInput` and
the `pathway_id` a victim details refusal may name. Routes raise them and never build these
answers themselves.
"""

from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from contracts.common import Step
from core.errors import InvalidInput, PathwayError, VictimDetailsRefused, problems_of

# Pydantic puts a discriminated union's tag (the step id) first in an error's path.
_SKIPPED_PARTS = {"body"} | {s.value for s in Step}


def field_errors(items: Sequence[Any]) -> list[dict[str, str]]:
    """Return `{"field", "reason"}` pairs, with dotted paths inside the body."""
    return [{"field": p.field, "reason": p.reason} for p in problems_of(items, skip=_SKIPPED_PARTS)]


def answer_of(error: PathwayError) -> dict[str, Any]:
    """The JSON body that answers one of Pathway's errors."""
    content: dict[str, Any] = {"detail": error.detail}
    if isinstance(error, InvalidInput) and error.problems:
        content["errors"] = [{"field": p.field, "reason": p.reason} for p in error.problems]
    if isinstance(error, VictimDetailsRefused):
        content["pathway_id"] = error.pathway_id
    return content


async def pathway_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """Answer any of Pathway's errors with its status and body (`answer_of`)."""
    assert isinstance(exc, PathwayError)
    return JSONResponse(status_code=exc.status, content=answer_of(exc))


async def validation_handler(request: Request, exc: Exception) -> JSONResponse:
    """Answer FastAPI's own validation errors in the same shape as `InvalidInput`."""
    assert isinstance(exc, RequestValidationError)
    errors = field_errors(exc.errors())
    detail = "invalid fields: " + "; ".join(f"{e['field']}: {e['reason']}" for e in errors)
    return JSONResponse(status_code=422, content={"detail": detail, "errors": errors})


async def http_handler(request: Request, exc: Exception) -> JSONResponse:
    """Flatten a dict detail (the guard's NUL refusal, a report's floor) into the body."""
    # Starlette's own 404 and 405 are not FastAPI's HTTPException (its subclass).
    assert isinstance(exc, StarletteHTTPException)
    content = exc.detail if isinstance(exc.detail, dict) else {"detail": exc.detail}
    return JSONResponse(status_code=exc.status_code, content=content, headers=exc.headers)


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "description": "what is wrong, in words a person can act on"},
        "errors": {
            "type": "array",
            "description": "for a 422: each bad field (a dotted path) and why",
            "items": {
                "type": "object",
                "required": ["field", "reason"],
                "properties": {"field": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Describe the 422 body the app really sends, in place of FastAPI's default."""
    schemas = schema.get("components", {}).get("schemas", {})
    if "HTTPValidationError" in schemas:
        schemas["HTTPValidationError"] = ERROR_SCHEMA
    return schema
