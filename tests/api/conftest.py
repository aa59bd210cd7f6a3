from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from api.auth import Role, issue_token
from core.settings import Settings
from tests.workflows.harness import fresh_queue
from worker import running_worker


@dataclass
class Api:
    http: httpx.AsyncClient
    settings: Settings
    app: Any = None  # the ASGI app itself, for tests that speak ASGI to it directly

    def token(self, role: str, user: str = "sam", team: str | None = "bromley") -> dict[str, str]:
        return {
            "Authorization": f"Bearer {issue_token(self.settings, user=user, role=Role(role), team=team)}"
        }


@asynccontextmanager
async def serving(
    env: WorkflowEnvironment, database_url: str, **overrides: Any
) -> AsyncIterator[Api]:
    """The real app with these settings, a real worker on a fresh queue, the dev server."""
    settings = Settings(database_url=database_url, temporal_task_queue=fresh_queue(), **overrides)
    app = create_app(settings, client=env.client)
    async with running_worker(env.client, settings), app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            yield Api(http, settings, app)


@pytest.fixture
async def api(dev_env: WorkflowEnvironment, database_url: str) -> AsyncIterator[Api]:
    """The real app over HTTP semantics, a real worker, the dev server, a real database."""
    async with serving(dev_env, database_url) as served:
        yield served


AREAS = {"bromley": "bromley", "bromley-east": "bromley", "croydon": "croydon"}
"""Two services: Bromley's two teams, and Croydon's one."""


@pytest.fixture
async def areas_api(dev_env: WorkflowEnvironment, database_url: str) -> AsyncIterator[Api]:
    """The app serving two areas (youth justice services): Bromley and Croydon."""
    async with serving(dev_env, database_url, team_areas=AREAS) as served:
        yield served
