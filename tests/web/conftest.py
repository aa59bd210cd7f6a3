"""The pages, served for real: uvicorn on a free port in the tests' own event loop (so the app
uses the Temporal client on the loop it was made on), a real worker on the dev server, a real
SQLite database, and one headless Chromium (Debian's, never a download) for the session."""

import asyncio
import os
import re
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from playwright.async_api import Browser, BrowserContext, Page, async_playwright
from sqlalchemy.orm import Session, sessionmaker
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from api.auth import Role, User, issue_token
from core.settings import Settings
from db.session import migrate
from tests.eventually import eventually
from tests.factories import canonical_outcome
from tests.workflows.harness import fresh_queue
from web.session_store import open_session
from worker import running_worker

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SCREENSHOTS = Path(os.environ.get("PATHWAY_SCREENSHOTS", Path(__file__).parents[1] / "screenshots"))


@dataclass
class Site:
    """The running site: its address, an HTTP client for the API, and the settings."""

    base: str
    http: httpx.AsyncClient
    settings: Settings
    sessions: sessionmaker[Session]

    def token(self, role: str, user: str = "sam.supervisor", team: str | None = "bromley") -> dict[str, str]:
        return {"Authorization": f"Bearer {issue_token(self.settings, user=user, role=Role(role), team=team)}"}

    def session_cookie(self, role: str, user: str, team: str | None) -> str:
        """The cookie of a new server-side session, as sign-in would open it."""
        return open_session(self.sessions, self.settings, User(name=user, role=Role(role), team=team))

    async def ingest(self, **overrides: Any) -> str:
        """Start a pathway from a canonical court outcome; the default hearing (27 March 2026)
        leaves a backlog of overdue, escalated tasks."""
        r = await self.http.post("/v1/court-outcomes", json=canonical_outcome(**overrides), headers=self.token("integrator", "ingest.bot", None))
        assert r.status_code == 200, r.text
        result = r.json()["results"][0]
        assert result["result"] == "started", result
        return str(result["pathway_id"])

    async def allocate(self, pid: str, caseworker: str = "casey.worker", team: str = "bromley") -> None:
        r = await self.http.post(f"/v1/pathways/{pid}/steps/allocation",
                                 json={"completed_on": "2026-03-30", "caseworker": caseworker, "team": team},
                                 headers=self.token("supervisor", team=team))
        assert r.status_code == 200, r.text

    async def until_listed(self, path: str, token: dict[str, str], check: Callable[[Any], bool]) -> Any:
        """The read model follows each change within moments: poll until it shows `check`."""

        async def listed() -> Any:
            r = await self.http.get(path, headers=token)
            assert r.status_code == 200, r.text
            return r.json()

        return await eventually(listed, check, what=f"the read model showing it at {path}")


def started(server: uvicorn.Server, serving: asyncio.Task[None]) -> bool:
    """Whether uvicorn is serving; fails at once if it stopped before it started."""
    if server.started:
        return True
    assert not serving.done(), "uvicorn stopped before it started"
    return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
async def site(dev_env: WorkflowEnvironment, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Site]:
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'pathway.db'}"
    migrate(url)
    settings = Settings(database_url=url, temporal_task_queue=fresh_queue())
    app = create_app(settings, client=dev_env.client)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           ws="none", http="h11", lifespan="on"))
    async with running_worker(dev_env.client, settings):
        serving = asyncio.create_task(server.serve())
        await eventually(lambda: started(server, serving), what="uvicorn serving", seconds=30, every=0.02)
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base) as http:
            yield Site(base, http, settings, app.state.sessions)
        server.should_exit = True
        await serving


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (as root: apt-get install -y chromium)")
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


@pytest.fixture
async def context(browser: Browser, site: Site) -> AsyncIterator[BrowserContext]:
    ctx = await browser.new_context(base_url=site.base, viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield ctx
    await ctx.close()


@pytest.fixture
async def page(context: BrowserContext) -> AsyncIterator[Page]:
    """A fresh page; it fails the test if the page logs an error (a CSP violation, a script error)."""
    p = await context.new_page()
    problems: list[str] = []
    p.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: problems.append(str(e)))
    yield p
    assert not [m for m in problems if not re.search(r"status of 40[49]|status of 422", m)], problems


async def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot for people to look at (PATHWAY_SCREENSHOTS, default tests/screenshots)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


async def sign_in(page: Page, who: str, then: str = "/", shot: str | None = None) -> None:
    """Sign in through the sign-in page as one of the demo users (taking its picture if asked)."""
    await page.goto(then)
    if shot:
        await screenshot(page, shot)
    await page.get_by_label(who).check()
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_load_state()


@pytest.fixture
async def casey(site: Site) -> AsyncIterator[httpx.AsyncClient]:
    """A page session of casey.worker, a caseworker of bromley, for forms sent over plain HTTP."""
    async with httpx.AsyncClient(base_url=site.base) as http:
        http.cookies.set(
            "pathway_session", site.session_cookie("caseworker", "casey.worker", "bromley")
        )
        yield http


def on(day: int, month: int, name: str = "completed_on") -> dict[str, str]:
    """A GOV.UK date input's three fields for a day of 2026."""
    return {f"{name}-day": str(day), f"{name}-month": str(month), f"{name}-year": "2026"}


async def post_form(
    http: httpx.AsyncClient, path: str, data: dict[str, str | list[str]]
) -> httpx.Response:
    """Open a form's page for its CSRF token, then post the form with it, as a browser does."""
    page = await http.get(path)
    assert page.status_code == 200, page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, page.text
    return await http.post(path, data={**data, "csrf_token": token.group(1)})
