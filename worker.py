"""The Temporal worker: runs pathway workflows and their activities on one task queue."""

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

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
        )
        async with worker, delivering(sessions, settings):
            yield worker
    finally:
        executor.shutdown(wait=True)
        engine.dispose()


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
