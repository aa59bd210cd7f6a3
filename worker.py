"""The Temporal worker: runs pathway workflows and their activities on one task queue."""

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import timedelta

from sqlalchemy.orm import configure_mappers
from temporalio.client import Client
from temporalio.worker import Worker

import db.readmodel  # noqa: F401 - registers the read model tables
from activities.delivery import delivering
from activities.eligibility import EligibilityActivities
from activities.notifications import NotificationActivities
from activities.projection import ProjectionActivities
from activities.retention import RetentionActivities
from clients import connect_temporal
from db.session import make_engine, make_sessions
from schedules import ensure_retention_schedule
from settings import Settings, get_settings
from workflows.pathway import PathwayWorkflow
from workflows.retention import RetentionWorkflow

ACTIVITY_THREADS = 8
SHUTDOWN_SECONDS = 15
log = logging.getLogger(__name__)


@asynccontextmanager
async def running_worker(
    client: Client, settings: Settings, *, task_queue: str | None = None
) -> AsyncIterator[Worker]:
    """Run a worker for the pathway workflows and activities while the context is open."""
    # Mappers are configured here, not lazily in an activity thread that may be cancelled.
    configure_mappers()
    engine = make_engine(settings.sqlalchemy_url)
    sessions = make_sessions(engine)
    notifications = NotificationActivities(sessions)
    projection = ProjectionActivities(sessions)
    eligibility = EligibilityActivities(sessions)
    retention = RetentionActivities(sessions)
    executor = ThreadPoolExecutor(max_workers=ACTIVITY_THREADS)
    try:
        worker = Worker(
            client,
            task_queue=task_queue or settings.temporal_task_queue,
            workflows=[PathwayWorkflow, RetentionWorkflow],
            activities=[
                notifications.send_notification,
                projection.project_pathway,
                eligibility.evaluate_eligibility,
                retention.anonymise_closed_pathways,
            ],
            activity_executor=executor,
            max_concurrent_activities=ACTIVITY_THREADS,
            max_cached_workflows=settings.max_cached_workflows,
            graceful_shutdown_timeout=timedelta(seconds=2),
        )
        running = asyncio.create_task(worker.run())
        try:
            async with delivering(sessions, settings):
                yield worker
        finally:
            await _shut_down(worker, running)
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
        engine.dispose()


async def _shut_down(worker: Worker, running: "asyncio.Task[None]") -> None:
    # Shutdown is bounded: a poll the server never answers must not hold the process (or a
    # test run) for ever. Work that was in flight is retried by Temporal on another worker.
    try:
        await asyncio.wait_for(worker.shutdown(), SHUTDOWN_SECONDS)
        await asyncio.wait_for(running, SHUTDOWN_SECONDS)
    except TimeoutError:
        log.warning("the worker did not stop within %d s; leaving it", SHUTDOWN_SECONDS)
        running.cancel()


async def run_worker(settings: Settings) -> None:
    """Connect and run the worker until Ctrl-C or SIGTERM, then shut down gracefully."""
    client = await connect_temporal(settings)
    await ensure_retention_schedule(client, settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with running_worker(client, settings):
        await stop.wait()


def main() -> None:
    """Run the worker with the process's settings."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        asyncio.run(run_worker(get_settings()))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
