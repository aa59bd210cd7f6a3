"""Headers every answer carries: nothing holding a child's data is kept in a cache."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHEABLE = ("/static/", "/docs-assets/")
"""Public files only (styles, scripts, images): everything else may hold a child's data."""


class NoStore:
    """ASGI middleware: `Cache-Control: no-store` on every answer but the public files."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, marking the answer not to be stored."""
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(CACHEABLE):
            await self.app(scope, receive, send)
            return

        async def no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"
                ]
                headers += [(b"cache-control", b"no-store"), (b"pragma", b"no-cache")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, no_store)
