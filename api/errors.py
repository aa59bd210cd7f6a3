"""Errors a person can act on: 422 bodies name each bad field and say why."""

from collections.abc import Sequence
from typing import Any

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from contracts.common import Step

# Pydantic puts a discriminated union's tag (the step id) first in an error's path.
_SKIPPED_PARTS = {"body"} | {s.value for s in Step}


def field_errors(items: Sequence[Any]) -> list[dict[str, str]]:
    """Return `{"field", "reason"}` pairs, with dotted paths inside the body."""
    out = []
    for item in items:
        parts = [str(p) for p in item["loc"]]
        while parts and parts[0] in _SKIPPED_PARTS:
            parts.pop(0)
        reason = str(item["msg"]).removeprefix("Value error, ")
        out.append({"field": ".".join(parts) or "(body)", "reason": reason})
    return out


def _detail(errors: list[dict[str, str]]) -> str:
    return "invalid fields: " + "; ".join(f"{e['field']}: {e['reason']}" for e in errors)


def unprocessable(error: ValidationError) -> HTTPException:
    """Return a 422 naming every bad field of a body validated in a route."""
    errors = field_errors(error.errors())
    return HTTPException(422, {"detail": _detail(errors), "errors": errors})


async def validation_handler(request: Request, exc: Exception) -> JSONResponse:
    """Answer FastAPI's own validation errors in the same shape."""
    assert isinstance(exc, RequestValidationError)
    errors = field_errors(exc.errors())
    return JSONResponse(status_code=422, content={"detail": _detail(errors), "errors": errors})


async def http_handler(request: Request, exc: Exception) -> JSONResponse:
    """Flatten a dict detail (from `unprocessable`) into the body."""
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
