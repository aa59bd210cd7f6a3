r"""NUL characters: refused (422) wherever a request carries one.

PostgreSQL cannot store U+0000 in text, and no caseworker, integrator or court means one.
A NUL in the path is refused here, before routing; in the query string or the body (JSON's
\\u0000, a raw byte, or %00 in a form) by the guard (`api.guard`), after the caller has been
authenticated, so that nothing is read for a caller who may not act.
"""

import json
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

DETAIL = "the request contains a NUL character (U+0000), which no field may hold: remove it"
MAX_DEPTH = 64
"""Deeper than this, a NUL is reported for the body as a whole (no input nests so deep)."""


class RefuseNul:
    """ASGI middleware refusing a NUL character in the request's path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a path holding a NUL; pass everything else on untouched."""
        if scope["type"] == "http" and "\x00" in scope.get("path", ""):
            body = json.dumps(
                {
                    "detail": f"invalid fields: (path): {DETAIL}",
                    "errors": [{"field": "(path)", "reason": DETAIL}],
                }
            ).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 422,
                    "headers": [(b"content-type", b"application/json")],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def where_nul(body: bytes) -> str:
    """Return the dotted path of the first JSON string holding a NUL, or "(body)"."""
    try:
        found = _find(json.loads(body))
    except (ValueError, UnicodeDecodeError, RecursionError):  # deep nesting: no path to name
        return "(body)"
    return found or "(body)"


def _find(value: Any, path: str = "", depth: int = 0) -> str | None:
    if depth > MAX_DEPTH:
        return None
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        items = []
    for key, inner in items:
        here = f"{path}.{key}" if path else str(key)
        if "\x00" in str(key):
            return here
        found = _find(inner, here, depth + 1)
        if found:
            return found
    return None
