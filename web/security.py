"""Protections of the pages: CSRF tokens on every form, and security headers on every answer.

Every form carries a token in a hidden field, compared in constant time on every POST. With a
session cookie, the token is an HMAC of the session id (key derived from the configured signing
key): it is good for that session only, so a token read from one session's page is refused
with another's cookie, and dies with the session. Before sign-in (the sign-in form itself), the
token is a double submit bound by a signature: a random token in an HttpOnly cookie signed
with another derived key. A new pre-session token is issued at sign-in and sign-out.
"""

import hashlib
import hmac
import secrets
from collections.abc import Sequence

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.settings import Settings
from web.errors import PageError
from web.session import SESSION_COOKIE

CSRF_COOKIE = "pathway_csrf"
CSRF_FIELD = "csrf_token"
# Swagger UI and ReDoc load their scripts from a CDN: the pages' policy would break them.
_NO_CSP = ("/docs", "/redoc")


def _key(settings: Settings, purpose: bytes) -> bytes:
    return hmac.new(settings.jwt_signing_key.encode(), purpose, hashlib.sha256).digest()


def _signature(settings: Settings, token: str) -> str:
    return hmac.new(_key(settings, b"pathway-csrf"), token.encode(), hashlib.sha256).hexdigest()


def session_csrf_token(settings: Settings, session_id: str) -> str:
    """The form token of a session: an HMAC of its id, useless with any other session."""
    message = session_id.encode("utf-8", "surrogatepass")
    return hmac.new(_key(settings, b"pathway-csrf-session"), message, hashlib.sha256).hexdigest()


def _valid_token(settings: Settings, cookie: str | None) -> str | None:
    if not cookie or "." not in cookie:
        return None
    token, signature = cookie.rsplit(".", 1)
    return token if hmac.compare_digest(signature, _signature(settings, token)) else None


def csrf_token(request: Request) -> tuple[str, str | None]:
    """Return the token for the page's forms, and a new CSRF cookie value to set if needed.

    With a session cookie, the session's token (no cookie to set); without, the browser's
    pre-session token.
    """
    settings: Settings = request.app.state.settings
    session_id = request.cookies.get(SESSION_COOKIE)
    if session_id:
        return session_csrf_token(settings, session_id), None
    token = _valid_token(settings, request.cookies.get(CSRF_COOKIE))
    if token is not None:
        return token, None
    token = secrets.token_urlsafe(32)
    return token, f"{token}.{_signature(settings, token)}"


def set_csrf_cookie(response: Response, settings: Settings, value: str | None = None) -> None:
    """Set the CSRF cookie (a fresh token unless `value` is given)."""
    if value is None:
        token = secrets.token_urlsafe(32)
        value = f"{token}.{_signature(settings, token)}"
    response.set_cookie(
        CSRF_COOKIE,
        value,
        httponly=True,
        samesite="lax",
        secure=settings.environment == "production",
        path="/",
    )


async def checked_form(request: Request) -> FormData:
    """Return the posted form, or refuse it (400) unless it carries the session's CSRF token.

    The session's cookie is checked separately (`web.session.page_user`); a browser with no
    session cookie must send its pre-session token.
    """
    form = await request.form()
    settings: Settings = request.app.state.settings
    session_id = request.cookies.get(SESSION_COOKIE)
    expected = (
        session_csrf_token(settings, session_id)
        if session_id
        else _valid_token(settings, request.cookies.get(CSRF_COOKIE))
    )
    sent = form.get(CSRF_FIELD)
    if expected is None or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise PageError(
            400,
            "Your form could not be sent",
            "The page was open too long or came from somewhere else. Go back, reload the page "
            "and try again.",
        )
    return form


def content_security_policy(nonce: str | None = None, style_hashes: Sequence[str] = ()) -> str:
    """Return the pages' policy: everything from this site; inline script only with the nonce.

    Inline style attributes are allowed only by hash (`'unsafe-hashes'`), when a page asks.
    """
    script = f"'self' 'nonce-{nonce}'" if nonce else "'self'"
    style = " ".join(["'self'", *(["'unsafe-hashes'", *style_hashes] if style_hashes else [])])
    return (
        f"default-src 'self'; script-src {script}; style-src {style}; img-src 'self' data:; "
        "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "object-src 'none'"
    )


class SecurityHeaders:
    """ASGI middleware adding security headers to every answer (CSP unless a page set its own)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, adding the headers to the response's start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with_csp = not str(scope.get("path", "")).startswith(_NO_CSP)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = {
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"same-origin",
                    b"x-frame-options": b"DENY",
                }
                if with_csp:
                    extra[b"content-security-policy"] = content_security_policy().encode()
                headers += [(k, v) for k, v in extra.items() if k not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
