"""Temporal schedules the service needs, created when a worker starts (idempotently)."""

import logging
from datetime import timedelta

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleIntervalSpec,
    ScheduleSpec,
)

from contracts.retention import RetentionInput
from settings import Settings
from workflows.retention import SCHEDULE_ID, RetentionWorkflow

log = logging.getLogger(__name__)


async def ensure_retention_schedule(client: Client, settings: Settings) -> None:
    """Create the daily retention schedule unless it exists already."""
    schedule = Schedule(
        action=ScheduleActionStartWorkflow(
            RetentionWorkflow.run,
            RetentionInput(retention_days=settings.retention_days),
            id=SCHEDULE_ID,
            task_queue=settings.temporal_task_queue,
        ),
        spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(days=1))]),
    )
    try:
        await client.create_schedule(SCHEDULE_ID, schedule)
        log.info("created the daily retention schedule (%d days)", settings.retention_days)
    except ScheduleAlreadyRunningError:
        pass
