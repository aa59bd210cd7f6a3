"""Fuzzing the real app: hypothesis in a thread, every request sent on the app's own loop.

The `api` fixture runs the real app (real worker, Temporal dev server, SQLite or PostgreSQL) on
the session's event loop. Hypothesis is synchronous, so a property runs in a worker thread and
hands each request to that loop; every request is counted, and the total is printed at the
end of the run (and written to `$PATHWAY_FUZZ_REPORT` when set), summed over `make test`'s
parallel processes (`tests/fuzz/tally.py`).

`PATHWAY_FUZZ_EXAMPLES` sets the examples per property (default 30, for `make test`); a
campaign runs e.g. `PATHWAY_FUZZ_EXAMPLES=2000 .venv/bin/pytest tests/fuzz`.
"""

import asyncio
import json
import os
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, settings

from api.app import create_app
from core.settings import Settings
from tests.api.conftest import Api
from tests.fuzz.tally import SECONDS, SENT, STATUSES
from tests.workflows.harness import fresh_queue
from worker import running_worker

EXAMPLES = int(os.environ.get("PATHWAY_FUZZ_EXAMPLES", "30"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)


@dataclass
class Fuzzer:
    """Sends requests to the app from a hypothesis thread; refuses any 5xx."""

    api: Api
    loop: asyncio.AbstractEventLoop
    seen: list[tuple[str, int]] = field(default_factory=list)

    def send(self, endpoint: str, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send one request on the app's loop; count it; fail on a server error."""
        started = time.perf_counter()
        future = asyncio.run_coroutine_threadsafe(
            self.api.http.request(method, url, **kwargs), self.loop
        )
        try:
            response = future.result(timeout=90)
        except Exception as error:  # the ASGI transport re-raises what the app raised: a 500
            error.add_note(f"request: {method} {url} {json.dumps(kwargs, default=str)[:2000]}")
            raise
        SECONDS[endpoint] += time.perf_counter() - started
        SENT[endpoint] += 1
        STATUSES[f"{endpoint} {response.status_code}"] += 1
        self.seen.append((endpoint, response.status_code))
        assert response.status_code < 500, (
            f"{method} {url} answered {response.status_code}: {response.text[:1000]}\n"
            f"request: {json.dumps(kwargs, default=str)[:2000]}"
        )
        return response

    def token(self, role: str, team: str | None = "bromley", user: str = "fuzz") -> dict[str, str]:
        """A real bearer token."""
        return self.api.token(role, user=user, team=team)

    async def run(self, prop: Callable[[], None]) -> None:
        """Run a hypothesis property (decorated with `@given`) in a thread."""
        await asyncio.to_thread(prop)


@pytest.fixture
async def api(dev_env: Any, database_url: str) -> AsyncIterator[Api]:
    """The real app as tests/api/conftest.py builds it, but failed tokens are not rate-limited.

    The fuzzing sends many bad tokens from one address; with the limit on, every request
    after the twentieth would get 429 and reach nothing. The limit has its own tests.
    """
    limits = {"failed_auth_limit": 10**9} if "failed_auth_limit" in Settings.model_fields else {}
    settings = Settings(database_url=database_url, temporal_task_queue=fresh_queue(), **limits)
    app = create_app(settings, client=dev_env.client)
    async with running_worker(dev_env.client, settings), app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            yield Api(http, settings)


@pytest.fixture
async def fuzzer(api: Api) -> Fuzzer:
    """A fuzzer on the real app."""
    return Fuzzer(api, asyncio.get_running_loop())
