"""The Temporal UI shows a pathway's input decrypted to a user who may read the pathway, and only
to them: the dev server started as `pathway dev` starts it (UI and `--ui-codec-endpoint`), the
API served over HTTP, a real worker, and Chromium doing what a user does (sign in to Pathway's
pages, tick the UI's "Include cross-origin credentials", open the pathway)."""

import asyncio
import base64
import re
import socket
import subprocess
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from playwright.async_api import Browser, Page, expect
from sqlalchemy import select
from temporalio.client import Client

from api.app import create_app
from api.auth import Role, issue_token
from commands.dev import dev_server_command
from core.clients import connect_temporal
from core.settings import Settings
from db.session import migrate
from db.tables import AuditEvent
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.factories import canonical_outcome
from tests.web.conftest import screenshot, sign_in, started
from tests.workflows.harness import fresh_queue
from worker import running_worker

COURT = "B01QX00"  # the pathway's court code: in its input, sealed in history


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Stack:
    settings: Settings
    api: str  # the API and pages, e.g. http://127.0.0.1:8000
    ui: str  # the Temporal UI, e.g. http://127.0.0.1:8233
    client: Client
    http: httpx.AsyncClient

    def token(self, role: str, team: str | None) -> dict[str, str]:
        user = issue_token(self.settings, user=f"{role}.test", role=Role(role), team=team)
        return {"Authorization": f"Bearer {user}"}


@pytest.fixture
async def stack(tmp_path: Path) -> AsyncIterator[Stack]:
    api_port = _free_port()
    url = f"sqlite:///{tmp_path / 'pathway.db'}"
    migrate(url)
    settings = Settings(data_dir=tmp_path, database_url=url, temporal_address=f"127.0.0.1:{_free_port()}",
                        temporal_ui_port=_free_port(), api_port=api_port, temporal_task_queue=fresh_queue())
    temporal_port = int(settings.temporal_address.rsplit(":", 1)[1])
    with open(tmp_path / "temporal.log", "wb") as log:
        server = subprocess.Popen(dev_server_command(settings, api_port), stdout=log, stderr=subprocess.STDOUT)
    try:
        def listening() -> bool:
            if _listening(temporal_port) and _listening(settings.temporal_ui_port):
                return True
            assert server.poll() is None, (tmp_path / "temporal.log").read_text()
            return False

        await eventually(listening, what="the Temporal dev server and its UI listening", seconds=30)
        client = await connect_temporal(settings)
        app = create_app(settings, client=client)
        api = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=api_port, log_level="warning",
                                            ws="none", http="h11", lifespan="on"))
        async with running_worker(client, settings):
            serving = asyncio.create_task(api.serve())
            await eventually(lambda: started(api, serving), what="uvicorn serving", seconds=30, every=0.02)
            base = f"http://127.0.0.1:{api_port}"
            async with httpx.AsyncClient(base_url=base) as http:
                yield Stack(settings, base, f"http://127.0.0.1:{settings.temporal_ui_port}", client, http)
            api.should_exit = True
            await serving
    finally:
        server.terminate()
        server.wait(timeout=15)


async def start_pathway(stack: Stack, team: str) -> tuple[str, str]:
    """Start a pathway allocated to `team`; return its id and how its sealed input starts."""
    r = await stack.http.post("/v1/court-outcomes", json=canonical_outcome(court__code=COURT),
                              headers=stack.token("integrator", None))
    pid = str(r.json()["results"][0]["pathway_id"])
    r = await stack.http.post(f"/v1/pathways/{pid}/steps/allocation",
                              json={"completed_on": "2026-03-30", "caseworker": "casey.worker", "team": team},
                              headers=stack.token("supervisor", team))
    assert r.status_code == 200, r.text
    history = await stack.client.get_workflow_handle(pid).fetch_history()
    sealed = history.events[0].workflow_execution_started_event_attributes.input.payloads[0]
    assert sealed.metadata["encoding"] == b"binary/encrypted"
    return pid, base64.b64encode(sealed.data).decode()[:24]


async def use_pathway_codec(page: Page, stack: Stack) -> None:
    """What the README asks a user to do once per browser: in the UI's Codec Server settings,
    use the browser's setting, paste the endpoint and include cross-origin credentials."""
    await page.get_by_test_id("top-nav").get_by_role("button", name=re.compile("Codec Server")).click()
    await page.get_by_label("Use my browser setting and ignore Cluster-level setting.").check()
    await page.get_by_placeholder("Paste your endpoint here").fill(f"{stack.api}/codec")
    await page.get_by_text("Include cross-origin credentials", exact=True).click()
    await page.get_by_role("button", name="Apply").click()


async def open_in_ui(page: Page, stack: Stack, who: str, pid: str) -> int:
    """Sign in to Pathway's pages as `who`, open the pathway in the Temporal UI with the codec
    set up, and return the status of the UI's first call to the codec after that."""
    await sign_in(page, who, then=f"{stack.api}/sign-in")
    await page.goto(f"{stack.ui}/namespaces/default/workflows/{pid}")
    await use_pathway_codec(page, stack)
    async with page.expect_response(lambda r: "/codec/decode" in r.url and r.request.method == "POST") as answer:
        await page.reload()
    return (await answer.value).status


async def test_the_temporal_ui_shows_a_pathways_input_decrypted_only_to_users_who_may_read_it(
    stack: Stack, browser: Browser,
) -> None:
    pid, ciphertext = await start_pathway(stack, "bromley")

    supervisor = await browser.new_page(viewport={"width": 1400, "height": 1000})
    assert await open_in_ui(supervisor, stack, "sam.supervisor", pid) == 200
    await expect(supervisor.locator("body")).to_contain_text(f'"court_code": "{COURT}"', timeout=10_000)
    await expect(supervisor.locator("body")).to_contain_text('"disposal": "referral_order"')
    await expect(supervisor.locator("body")).not_to_contain_text(ciphertext)
    await screenshot(supervisor, "temporal-ui-decoded-for-the-pathways-team")

    # robin.worker is a caseworker of croydon: the UI gets a 403 and shows only ciphertext.
    other = await browser.new_page(viewport={"width": 1400, "height": 1000})
    assert await open_in_ui(other, stack, "robin.worker", pid) == 403
    await expect(other.locator("body")).to_contain_text(ciphertext, timeout=10_000)
    await expect(other.locator("body")).not_to_contain_text(COURT)
    await screenshot(other, "temporal-ui-ciphertext-for-another-team")
    await supervisor.context.close()
    await other.context.close()

    def audited() -> set[tuple[str, str | None]]:
        with sessions_for(stack.settings.sqlalchemy_url) as sessions, sessions() as s:
            return {(e.user, e.outcome)
                    for e in s.scalars(select(AuditEvent).where(AuditEvent.action == "decode_payloads"))}

    # The outcome of a decode that was done is written just after its answer (ADR 0083).
    seen = await eventually(audited, lambda rows: ("sam.supervisor", "done") in rows, what="the decodes audited")
    assert {("sam.supervisor", "done"), ("robin.worker", "refused")} <= seen, seen
