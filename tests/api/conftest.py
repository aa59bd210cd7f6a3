from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from api.auth import Role, issue_token
from settings import Settings
from tests.workflows.harness import fresh_queue
from worker import running_worker


@dataclass
class Api:
    http: httpx.AsyncClient
    settings: Settings

    def token(self, role: str, user: str = "sam", team: str | None = "bromley") -> dict[str, str]:
        return {
            "Authorization": f"Bearer {issue_token(self.settings, user=user, role=Role(role), team=team)}"
        }


@pytest.fixture
async def api(dev_env: WorkflowEnvironment, database_url: str) -> AsyncIterator[Api]:
    """The real app over HTTP semantics, a real worker, the dev server, a real database."""
    settings = Settings(database_url=database_url, temporal_task_queue=fresh_queue())
    app = create_app(settings, client=dev_env.client)
    async with running_worker(dev_env.client, settings), app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            yield Api(http, settings)
