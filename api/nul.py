r"""Requests carrying a NUL character are refused (422) before any route sees them.

PostgreSQL cannot store U+0000 in text, and no caseworker, integrator or court means one:
a NUL in the path, the query string or the body (JSON's \\u0000, a raw byte, or %00 in a
form) is refused with a detail a person can act on, instead of a server error or a
projection retried for ever.
"""

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DETAIL = "the request contains a NUL character (U+0000), which no field may hold: remove it"


class RefuseNul:
    """ASGI middleware refusing NUL characters anywhere in a request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the path and query, read and check the body, then pass the request on."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope.get("path", "") or b"%00" in scope.get("query_string", b""):
            await self._refuse(send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        form = dict(scope.get("headers", [])).get(b"content-type", b"").startswith(
            b"application/x-www-form-urlencoded"
        )
        if b"\x00" in body or b"\\u0000" in body or (form and b"%00" in body):
            await self._refuse(send, _where(body))
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send, field: str = "(request)") -> None:
        detail = f"invalid fields: {field}: {DETAIL}"
        body = json.dumps({"detail": detail, "errors": [{"field": field, "reason": DETAIL}]})
        await send(
            {
                "type": "http.response.start",
                "status": 422,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body.encode()})


def _where(body: bytes) -> str:
    """Return the dotted path of the first JSON string holding a NUL, or "(body)"."""
    try:
        found = _find(json.loads(body))
    except (ValueError, UnicodeDecodeError):
        return "(body)"
    return found or "(body)"


def _find(value: Any, path: str = "") -> str | None:
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
        found = _find(inner, here)
        if found:
            return found
    return None
