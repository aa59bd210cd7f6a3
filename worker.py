"""The Temporal worker: runs pathway workflows and their activities on one task queue."""

import asyncio
import logging
import os
import signal
import threading
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import timedelta

from sqlalchemy.orm import configure_mappers
from temporalio.client import Client
from temporalio.worker import Worker

import readmodel.tables  # noqa: F401 - registers the read model tables
from activities.delivery import delivering
from activities.eligibility import EligibilityActivities
from activities.notifications import NotificationActivities
from activities.projection import ProjectionActivities
from activities.retention import RetentionActivities
from activities.staff import StaffActivities
from activities.transitions import TransitionActivities
from activities.turnaround import TurnaroundActivities
from core.clients import connect_temporal
from core.schedules import (
    ensure_retention_schedule,
    ensure_staff_schedule,
    ensure_transition_schedule,
)
from core.settings import Settings, get_settings
from db.session import make_engine, make_sessions
from workflows.diversion import DiversionWorkflow
from workflows.pathway import PathwayWorkflow
from workflows.retention import RetentionWorkflow
from workflows.staff import StaffSupervisionSweepWorkflow
from workflows.transitions import TransitionSweepWorkflow

ACTIVITY_THREADS = 8
STOP_MARGIN_SECONDS = 5
"""Beyond the graceful shutdown: for cancelled activities, the poller and the outbox loop."""
log = logging.getLogger(__name__)


@asynccontextmanager
async def running_worker(
    client: Client,
    settings: Settings,
    *,
    task_queue: str | None = None,
    graceful_seconds: float = 2,
) -> AsyncIterator[Worker]:
    """Run a worker for the pathway workflows and activities while the context is open.

    On leaving, running activities get `graceful_seconds` to finish and are then cancelled;
    the whole shutdown takes at most `STOP_MARGIN_SECONDS` more.
    """
    # Mappers are configured here, not lazily in an activity thread that may be cancelled.
    configure_mappers()
    engine = make_engine(settings.sqlalchemy_url)
    sessions = make_sessions(engine)
    notifications = NotificationActivities(sessions)
    projection = ProjectionActivities(sessions)
    eligibility = EligibilityActivities(sessions)
    turnaround = TurnaroundActivities(sessions)
    retention = RetentionActivities(sessions)
    transitions = TransitionActivities(sessions, lead_months=settings.transition_lead_months)
    staff = StaffActivities(
        sessions,
        interval_months=settings.staff_supervision_interval_months,
        escalate_after=settings.deadlines.escalate_after_working_days_overdue,
    )
    executor = ThreadPoolExecutor(max_workers=ACTIVITY_THREADS)
    try:
        worker = Worker(
            client,
            task_queue=task_queue or settings.temporal_task_queue,
            workflows=[
                PathwayWorkflow,
                DiversionWorkflow,
                RetentionWorkflow,
                TransitionSweepWorkflow,
                StaffSupervisionSweepWorkflow,
            ],
            activities=[
                notifications.send_notification,
                projection.project_pathway,
                eligibility.evaluate_eligibility,
                turnaround.evaluate_turnaround,
                retention.anonymise_closed_pathways,
                transitions.find_children_turning_18,
                staff.escalate_overdue_supervision,
            ],
            activity_executor=executor,
            max_concurrent_activities=ACTIVITY_THREADS,
            max_cached_workflows=settings.max_cached_workflows,
            graceful_shutdown_timeout=timedelta(seconds=graceful_seconds),
        )
        running = asyncio.create_task(worker.run())
        try:
            async with delivering(sessions, settings):
                yield worker
        finally:
            await _shut_down(worker, running, graceful_seconds + STOP_MARGIN_SECONDS)
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
        engine.dispose()


async def _shut_down(worker: Worker, running: "asyncio.Task[None]", seconds: float) -> None:
    # Shutdown is bounded: a poll the server never answers, or an activity stuck in a thread
    # (which cannot be interrupted), must not hold the process (or a test run) for ever. Work
    # that was in flight is retried by Temporal on another worker.
    try:
        async with asyncio.timeout(seconds):
            await worker.shutdown()
            await running
    except TimeoutError:
        log.warning("the worker did not stop within %.0f s; leaving it", seconds)
        running.cancel()


def _exit_after(seconds: float) -> None:
    """End the process after `seconds`, whatever still runs.

    A thread stuck in an activity or a database call would otherwise keep it alive: the
    interpreter joins such threads on exit, and they cannot be interrupted.
    """

    def force() -> None:
        log.warning("the worker process did not exit within %.0f s of the signal; exiting", seconds)
        logging.shutdown()
        os._exit(1)

    timer = threading.Timer(seconds, force)
    timer.daemon = True
    timer.start()


async def run_worker(settings: Settings) -> None:
    """Connect and run the worker until Ctrl-C or SIGTERM, then shut down within a bound.

    Running activities get `settings.worker_shutdown_seconds` to finish; the process exits at
    most `STOP_MARGIN_SECONDS` (and a little more for the connections) after that.
    """
    client = await connect_temporal(settings)
    await ensure_retention_schedule(client, settings)
    await ensure_transition_schedule(client, settings)
    await ensure_staff_schedule(client, settings)
    stop = asyncio.Event()
    graceful = settings.worker_shutdown_seconds
    loop = asyncio.get_running_loop()

    def stopping() -> None:
        if not stop.is_set():
            _exit_after(graceful + 2 * STOP_MARGIN_SECONDS)
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping)
    async with running_worker(client, settings, graceful_seconds=graceful):
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
