from collections.abc import AsyncIterator

import pytest
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from tests.workflows.harness import Harness, fresh_queue
from worker import running_worker


@pytest.fixture
async def ts(time_env: WorkflowEnvironment, sqlite_url: str) -> AsyncIterator[Harness]:
    """A worker on the time-skipping server, with its own task queue and database."""
    queue = fresh_queue()
    async with running_worker(time_env.client, Settings(database_url=sqlite_url), task_queue=queue):
        harness = Harness(time_env.client, queue, sqlite_url)
        yield harness
        await harness.terminate_all()
