"""A local server that answers as GOV.UK Notify's API does, for the real Notify client.

What it follows (https://docs.notifications.service.gov.uk/python.html and the REST API
documentation): `POST /v2/notifications/email` and `/v2/notifications/sms`, 201 with
`{"id", "reference", "content", "uri", "template"}`; `GET /v2/notifications?reference=...`;
the JWT bearer token of every request is verified as Notify does: issuer the service id,
HS256 with the key's secret, `iat` within 30 seconds. Errors have Notify's shape,
`{"status_code": N, "errors": [{"error": ..., "message": ...}]}`:

    400 BadRequestError "Template not found"; ValidationError for a bad address or number;
        BadRequestError "Missing personalisation: ..."
    401 AuthError        no token
    403 AuthError        "Invalid token: API key not found" (signed with another secret),
                         "Invalid token: service not found", a clock more than 30 s off
    429 RateLimitError   past `rate_limit` requests in the current window
    500 Exception        "Internal server error", while `down` (or as scripted)

`script` scripts the next sends: "accept_then_500" keeps the message and answers 500, as a
Notify failing after it took a message would; "daily_limit" answers 429 TooManyRequestsError. It counts every send per (reference,
recipient), and keeps what it accepted, with the text as Notify would render it.
"""

import json
import re
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-4ac2-8a8a-d6ac0cb1d1bc"
API_KEY = f"pathway_test-{SERVICE_ID}-{SECRET}"
WRONG_SECRET_KEY = f"pathway_test-{SERVICE_ID}-{uuid.UUID(int=1)}"
ESCALATION_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
REMINDER_TEMPLATE = "5e1fa5b8-6b9a-4f54-9f57-3e05b3b0c5c2"
MISSING_TEMPLATE = "00000000-0000-4000-8000-000000000000"
_PLACEHOLDER = re.compile(r"\(\(([^)]+)\)\)")
_UK_MOBILE = re.compile(r"^(?:\+44|0044|0)7\d{9}$")


@dataclass
class Template:
    type: str
    subject: str
    body: str


TEMPLATES = {
    ESCALATION_TEMPLATE: Template("email", "((subject))", "((message))\n\nPathway ((pathway_id)), for ((for)): ((link))"),
    REMINDER_TEMPLATE: Template("sms", "", "Reminder: you have a youth justice appointment on ((date)) at ((time))."),
}


@dataclass
class Accepted:
    id: str
    type: str
    to: str
    template_id: str
    reference: str | None
    personalisation: dict[str, Any]
    subject: str
    body: str


@dataclass
class FakeNotify:
    port: int = 0
    down: bool = False
    rate_limit: int | None = None
    script: deque[str] = field(default_factory=deque)
    accepted: list[Accepted] = field(default_factory=list)
    sends: Counter[tuple[str | None, str]] = field(default_factory=Counter)
    requests: list[tuple[str, str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _window: list[float] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def delivered(self, reference: str | None = None) -> Counter[tuple[str | None, str]]:
        """How many times Notify took a message, per (reference, recipient)."""
        return Counter((a.reference, a.to) for a in self.accepted if reference is None or a.reference == reference)

    def reset_rate_window(self) -> None:
        with self.lock:
            self._window.clear()


def _error(status: int, error: str, message: str) -> tuple[int, dict[str, Any]]:
    return status, {"status_code": status, "errors": [{"error": error, "message": message}]}


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> tuple[int, dict[str, Any]] | None:
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not token:
            return _error(401, "AuthError", "Unauthorized: authentication token must be provided")
        try:
            claims = jwt.decode(token, options={"verify_signature": False}, algorithms=["HS256"])
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            return _error(403, "AuthError", "Invalid token: signature, api token not found")
        if header.get("alg") != "HS256":
            return _error(403, "AuthError", "Invalid token: algorithm used is not HS256")
        if claims.get("iss") != SERVICE_ID:
            return _error(403, "AuthError", "Invalid token: service not found")
        try:
            jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_iat": False})
        except jwt.InvalidSignatureError:
            return _error(403, "AuthError", "Invalid token: API key not found")
        except jwt.PyJWTError:
            return _error(403, "AuthError", "Invalid token: signature, api token not found")
        iat = claims.get("iat")
        if not isinstance(iat, int) or abs(time.time() - iat) > 30:
            return _error(403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds")
        return None

    def _limited(self) -> tuple[int, dict[str, Any]] | None:
        fake = self.server.fake
        if fake.rate_limit is None:
            return None
        with fake.lock:
            if len(fake._window) >= fake.rate_limit:
                return _error(429, "RateLimitError",
                              f"Exceeded rate limit for key type LIVE of {fake.rate_limit} requests per 60 seconds")
            fake._window.append(time.monotonic())
        return None

    def _refusal(self) -> tuple[int, dict[str, Any]] | None:
        if self.server.fake.down:
            return _error(500, "Exception", "Internal server error")
        return self._authorised() or self._limited()

    def do_GET(self) -> None:
        url = urlparse(self.path)
        refused = self._refusal()
        if refused is None and url.path != "/v2/notifications":
            refused = _error(404, "NotFoundError", "Not found")
        self.server.fake.requests.append(("GET", url.path, refused[0] if refused else 200))
        if refused is not None:
            return self._answer(*refused)
        query = parse_qs(url.query)
        reference = query.get("reference", [None])[0]
        kind = query.get("template_type", [None])[0]
        with self.server.fake.lock:
            found = [a for a in self.server.fake.accepted
                     if (reference is None or a.reference == reference) and (kind is None or a.type == kind)]
        notifications = [{
            "id": a.id, "reference": a.reference, "type": a.type, "status": "created",
            "email_address": a.to if a.type == "email" else None,
            "phone_number": a.to if a.type == "sms" else None,
            "template": {"id": a.template_id, "version": 1, "uri": f"{self.server.fake.base_url}/v2/template/{a.template_id}"},
            "body": a.body, "subject": a.subject or None,
        } for a in reversed(found)]
        self._answer(200, {"notifications": notifications,
                           "links": {"current": f"{self.server.fake.base_url}/v2/notifications", "next": None}})

    def do_POST(self) -> None:
        fake = self.server.fake
        url = urlparse(self.path)
        kind = {"/v2/notifications/email": "email", "/v2/notifications/sms": "sms"}.get(url.path)
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        to = str(body.get("email_address" if kind == "email" else "phone_number", ""))
        reference = body.get("reference")
        with fake.lock:
            fake.sends[(reference, to)] += 1
        status, answer = self._send(kind, body, to, reference)
        fake.requests.append(("POST", url.path, status))
        self._answer(status, answer)

    def _send(self, kind: str | None, body: dict[str, Any], to: str, reference: str | None) -> tuple[int, dict[str, Any]]:
        fake = self.server.fake
        if kind is None:
            return _error(404, "NotFoundError", "Not found")
        refused = self._refusal()
        if refused is not None:
            return refused
        template = TEMPLATES.get(str(body.get("template_id")))
        if template is None or template.type != kind:
            return _error(400, "BadRequestError", "Template not found")
        if kind == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", to):
            return _error(400, "ValidationError", "email_address Not a valid email address")
        if kind == "sms" and not _UK_MOBILE.match(re.sub(r"[\s()-]", "", to)):
            return _error(400, "ValidationError", "phone_number Not a UK mobile number")
        values = body.get("personalisation") or {}
        needed = set(_PLACEHOLDER.findall(template.subject + template.body))
        if missing := sorted(needed - set(values)):
            return _error(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")

        def render(text: str) -> str:
            return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), text)

        scripted = fake.script.popleft() if fake.script else None
        if scripted == "daily_limit":
            return _error(429, "TooManyRequestsError", "Exceeded send limits (250000) for today")
        accepted = Accepted(str(uuid.uuid4()), kind, to, str(body["template_id"]), reference, values,
                            render(template.subject), render(template.body))
        with fake.lock:
            fake.accepted.append(accepted)
        if scripted == "accept_then_500":
            return _error(500, "Exception", "Internal server error")
        content: dict[str, Any] = {"body": accepted.body}
        if kind == "email":
            content |= {"subject": accepted.subject, "from_email": "pathway@notifications.service.gov.uk"}
        else:
            content |= {"from_number": "GOVUK"}
        return 201, {
            "id": accepted.id, "reference": reference, "content": content,
            "uri": f"{fake.base_url}/v2/notifications/{accepted.id}",
            "template": {"id": accepted.template_id, "version": 1,
                         "uri": f"{fake.base_url}/v2/template/{accepted.template_id}"},
        }


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeNotify) -> None:
        super().__init__(("127.0.0.1", fake.port), _Handler)
        self.fake = fake


@contextmanager
def fake_notify(**settings: Any) -> Iterator[FakeNotify]:
    fake = FakeNotify(**settings)
    server = _Server(fake)
    fake.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
