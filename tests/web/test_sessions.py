"""The pages' server-side sessions, through the real app on SQLite and PostgreSQL: sign-out
revokes the session on the server, idle and old sessions are refused, the CSRF token is bound
to its session, refused cookies and failed sign-ins are limited and audited."""

import re
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from api.auth import Role, issue_token
from core.settings import Settings
from db.tables import AuditEvent, WebSession
from tests.workflows.harness import fresh_queue
from web.security import session_csrf_token
from web.session_store import session_hash

Browser = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@dataclass
class Pages:
    """The real app (pages and API), its database, and browsers at chosen addresses."""

    settings: Settings
    sessions: sessionmaker[Session]
    browser: Browser

    def row(self, cookie: str) -> WebSession:
        with self.sessions() as session:
            found = session.get(WebSession, session_hash(cookie))
            assert found is not None
            return found

    def set_times(self, cookie: str, **times: datetime) -> None:
        with self.sessions.begin() as session:
            session.execute(update(WebSession).where(WebSession.id_hash == session_hash(cookie)).values(**times))

    def audited(self, user: str) -> list[tuple[str, str]]:
        with self.sessions() as session:
            rows = session.scalars(select(AuditEvent).where(AuditEvent.user == user).order_by(AuditEvent.id))
            return [(r.action, r.detail or "") for r in rows]


@pytest.fixture
async def pages(dev_env: WorkflowEnvironment, database_url: str) -> AsyncIterator[Pages]:
    settings = Settings(database_url=database_url, temporal_task_queue=fresh_queue())
    app = create_app(settings, client=dev_env.client)

    @asynccontextmanager
    async def browser(address: str = "127.0.0.1") -> AsyncIterator[httpx.AsyncClient]:
        """A client with its own cookie jar, like one person's browser, at `address`."""
        transport = httpx.ASGITransport(app=app, client=(address, 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            yield http

    async with app.router.lifespan_context(app):
        yield Pages(settings, app.state.sessions, browser)


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


async def form_token(http: httpx.AsyncClient, path: str) -> str:
    found = CSRF.search((await http.get(path)).text)
    assert found, f"no form on {path}"
    return found.group(1)


async def sign_in(http: httpx.AsyncClient, who: str = "casey.worker") -> str:
    """Sign in through the sign-in form; return the session cookie it set."""
    token = await form_token(http, "/sign-in")
    r = await http.post("/sign-in", data={"csrf_token": token, "who": who, "next": "/"})
    assert r.status_code == 303, r.text
    cookie = http.cookies.get("pathway_session")
    assert cookie
    return cookie


async def sign_out(http: httpx.AsyncClient) -> httpx.Response:
    return await http.post("/sign-out", data={"csrf_token": await form_token(http, "/sign-out")})


def refused(r: httpx.Response, path: str) -> bool:
    """Whether the page sent its caller to sign in again, saying the session expired."""
    return r.status_code == 303 and r.headers["location"] == f"/sign-in?next={path.replace('/', '%2F')}&notice=expired"


async def test_a_session_cookie_replayed_after_sign_out_is_refused(pages: Pages) -> None:
    async with pages.browser() as casey:
        stolen = await sign_in(casey)
        assert (await casey.get("/my-work")).status_code == 200
        r = await sign_out(casey)
        assert r.status_code == 303 and r.headers["location"] == "/sign-in?notice=signed-out"
        assert "pathway_session" not in casey.cookies
    assert pages.row(stolen).revoked_at is not None
    async with pages.browser("198.51.100.9") as thief:
        thief.cookies.set("pathway_session", stolen)
        r = await thief.get("/my-work")
        assert refused(r, "/my-work"), r.headers
        assert any(c.startswith("pathway_session=") and "Max-Age=0" in c for c in r.headers.get_list("set-cookie"))
        thief.cookies.set("pathway_session", stolen)
        token = session_csrf_token(pages.settings, stolen)  # even with the session's form token
        r = await thief.post("/cases/pw-any/allocation", data={"csrf_token": token, "caseworker": "x", "team": "y"})
        assert r.status_code == 303 and r.headers["location"].startswith("/sign-in?next=%2F&notice=expired")
    assert ("session_refused", "revoked; address 198.51.100.9") in pages.audited("casey.worker")


async def test_an_idle_session_expires(pages: Pages) -> None:
    async with pages.browser() as casey:
        cookie = await sign_in(casey)
        now = datetime.now(UTC)
        pages.set_times(cookie, last_seen_at=now - timedelta(minutes=29))
        assert (await casey.get("/my-work")).status_code == 200, "29 minutes idle: still signed in"
        assert pages.row(cookie).last_seen_at >= now - timedelta(seconds=5), "its use was noted"
        pages.set_times(cookie, last_seen_at=now - timedelta(minutes=31))
        r = await casey.get("/my-work")
        assert refused(r, "/my-work"), r.headers
        page = await casey.get(r.headers["location"])
        assert "Your session has expired" in page.text
        assert "pathway_session" not in casey.cookies, "the refused cookie is forgotten"
    assert ("session_refused", "idle; address 127.0.0.1") in pages.audited("casey.worker")


async def test_a_session_in_use_still_ends_at_its_absolute_limit(pages: Pages) -> None:
    async with pages.browser() as casey:
        cookie = await sign_in(casey)
        row = pages.row(cookie)
        assert row.expires_at - row.created_at == timedelta(hours=12)
        now = datetime.now(UTC)
        pages.set_times(cookie, expires_at=now + timedelta(minutes=1))
        assert (await casey.get("/my-work")).status_code == 200
        pages.set_times(cookie, expires_at=now - timedelta(seconds=1))
        assert refused(await casey.get("/my-work"), "/my-work")
    assert ("session_refused", "expired; address 127.0.0.1") in pages.audited("casey.worker")


async def test_a_session_notes_its_use_at_most_once_a_minute(pages: Pages) -> None:
    async with pages.browser() as casey:
        cookie = await sign_in(casey)
        signed_in_at = pages.row(cookie).last_seen_at
        for _ in range(3):
            assert (await casey.get("/my-work")).status_code == 200
        assert pages.row(cookie).last_seen_at == signed_in_at, "no write on every request"
        pages.set_times(cookie, last_seen_at=signed_in_at - timedelta(seconds=61))
        assert (await casey.get("/my-work")).status_code == 200
        assert pages.row(cookie).last_seen_at > signed_in_at


async def test_the_session_cookie_holds_only_a_random_id_whose_hash_is_stored(pages: Pages) -> None:
    async with pages.browser() as casey:
        token = await form_token(casey, "/sign-in")
        r = await casey.post("/sign-in", data={"csrf_token": token, "who": "casey.worker", "next": "/"})
        (set_cookie,) = [c for c in r.headers.get_list("set-cookie") if c.startswith("pathway_session=")]
        assert "HttpOnly" in set_cookie and "SameSite=lax" in set_cookie and "Max-Age=43200" in set_cookie
        cookie = casey.cookies["pathway_session"]
        assert len(cookie) >= 43 and "." not in cookie, "not a JWT: nothing to read or forge"
        with pages.sessions() as session:
            hashes = set(session.scalars(select(WebSession.id_hash)))
        assert session_hash(cookie) in hashes and cookie not in hashes


async def test_a_csrf_token_from_another_session_is_refused(pages: Pages) -> None:
    async with pages.browser() as a, pages.browser() as b:
        await sign_in(a, "casey.worker")
        await sign_in(b, "robin.worker")
        a_token = await form_token(a, "/sign-out")
        r = await b.post("/sign-out", data={"csrf_token": a_token})
        assert r.status_code == 400 and "Your form could not be sent" in r.text
        assert (await b.get("/my-work")).status_code == 200, "B's session was not signed out"
        assert await form_token(a, "/sign-in") == a_token, "every form carries the session's token"
        # The token dies with its session: after signing in again, the old token is refused.
        await sign_out(a)
        await sign_in(a, "casey.worker")
        assert (await a.post("/sign-out", data={"csrf_token": a_token})).status_code == 400
        assert (await a.post("/sign-out", data={"csrf_token": await form_token(a, "/sign-out")})).status_code == 303


async def test_a_session_cookie_guessed_at_speed_is_answered_429_but_a_valid_session_still_works(pages: Pages) -> None:
    async with pages.browser("203.0.113.5") as guesser:
        valid = await sign_in(guesser, "sam.supervisor")
        statuses = []
        for _ in range(22):
            guesser.cookies.set("pathway_session", secrets.token_urlsafe(32))
            statuses.append((await guesser.get("/dashboard")).status_code)
        assert statuses == [303] * 20 + [429] * 2
        guesser.cookies.set("pathway_session", valid)
        assert (await guesser.get("/dashboard")).status_code == 200, "a valid session is never refused"
    async with pages.browser("203.0.113.6") as neighbour:
        neighbour.cookies.set("pathway_session", secrets.token_urlsafe(32))
        assert (await neighbour.get("/dashboard")).status_code == 303, "other addresses are not held up"


async def test_failed_sign_ins_are_limited_per_address_and_audited_but_a_good_sign_in_is_never_refused(pages: Pages) -> None:
    async with pages.browser("203.0.113.7") as guesser:
        statuses = []
        for i in range(22):
            token = await form_token(guesser, "/sign-in")
            r = await guesser.post("/sign-in", data={"csrf_token": token, "who": "other", "name": f"guess{i}", "role": "root"})
            statuses.append(r.status_code)
        assert statuses == [422] * 20 + [429] * 2
        assert "Too many failed sign-ins" in r.text
        assert (await sign_in(guesser, "casey.worker"))
        assert (await guesser.get("/my-work")).status_code == 200
    assert pages.audited("guess0") == [("sign_in_failed", "Enter a user name and choose a role; address 203.0.113.7")]
    assert pages.audited("guess21") == [], "refusals over the limit do not flood the audit log"


async def test_failed_sign_ins_for_one_name_are_limited_across_addresses(pages: Pages) -> None:
    statuses = []
    for i in range(21):
        async with pages.browser(f"192.0.2.{i + 1}") as somewhere:
            token = await form_token(somewhere, "/sign-in")
            r = await somewhere.post("/sign-in", data={"csrf_token": token, "who": "other", "name": "Sam.Supervisor", "role": "nobody"})
            statuses.append(r.status_code)
    assert statuses == [422] * 20 + [429]
    async with pages.browser("192.0.2.200") as other:
        token = await form_token(other, "/sign-in")
        r = await other.post("/sign-in", data={"csrf_token": token, "who": "other", "name": "someone.else", "role": "nobody"})
        assert r.status_code == 422, "another name from a fresh address is not held up"


async def test_sign_in_and_sign_out_are_audited(pages: Pages) -> None:
    async with pages.browser("203.0.113.8") as sam:
        first = await sign_in(sam, "sam.supervisor")
        await sign_in(sam, "sam.supervisor")  # signing in again replaces the first session
        assert pages.row(first).revoked_at is not None
        await sign_out(sam)
    assert pages.audited("sam.supervisor") == [
        ("sign_in", "demo sign-in; address 203.0.113.8"),
        ("sign_out", "signed in again; address 203.0.113.8"),
        ("sign_in", "demo sign-in; address 203.0.113.8"),
        ("sign_out", "signed out; address 203.0.113.8"),
    ]


async def test_the_api_does_not_take_a_session_cookie_and_the_pages_do_not_take_a_token(pages: Pages) -> None:
    token = issue_token(pages.settings, user="sam.supervisor", role=Role.SUPERVISOR, team="bromley")
    async with pages.browser() as sam:
        sam.cookies.set("pathway_session", token)
        assert refused(await sam.get("/dashboard"), "/dashboard"), "a bearer token is not a session"
        sam.cookies.clear()
        cookie = await sign_in(sam, "sam.supervisor")
        r = await sam.get("/v1/tasks/overdue", headers={"Authorization": f"Bearer {cookie}"})
        assert r.status_code == 401
