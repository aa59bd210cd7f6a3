"""The Temporal worker: runs pathway workflows and their activities on one task queue."""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from temporalio.client import Client
from temporalio.worker import Worker

from activities.notifications import NotificationActivities
from clients import connect_temporal
from db.session import make_engine, make_sessions
from settings import Settings, get_settings
from workflows.pathway import PathwayWorkflow


def build_worker(
    client: Client, settings: Settings, *, task_queue: str | None = None
) -> tuple[Worker, ThreadPoolExecutor]:
    """Return a worker for the pathway workflows and activities, and its activity thread pool."""
    sessions = make_sessions(make_engine(settings.sqlalchemy_url))
    notifications = NotificationActivities(sessions)
    executor = ThreadPoolExecutor(max_workers=8)
    worker = Worker(
        client,
        task_queue=task_queue or settings.temporal_task_queue,
        workflows=[PathwayWorkflow],
        activities=[notifications.send_notification],
        activity_executor=executor,
    )
    return worker, executor


async def run_worker(settings: Settings) -> None:
    """Connect and run the worker until cancelled."""
    client = await connect_temporal(settings)
    worker, executor = build_worker(client, settings)
    with executor:
        await worker.run()


def main() -> None:
    """Run the worker with the process's settings."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    asyncio.run(run_worker(get_settings()))


if __name__ == "__main__":
    main()
