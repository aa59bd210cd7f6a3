"""Temporal schedules the service needs, created (or brought up to date) when a worker starts.

The daily retention run, the daily transition sweep (children turning 18 on an order), and the
daily clinical supervision sweep (staff whose supervision is overdue past escalation).
"""

import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import cast

from temporalio.api.common.v1 import Payload
from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleIntervalSpec,
    ScheduleSpec,
    ScheduleUpdate,
    ScheduleUpdateInput,
)

from contracts.retention import RetentionInput
from contracts.staff import StaffSweepInput
from contracts.transfers import TransitionSweepInput
from core.settings import Settings
from workflows.retention import SCHEDULE_ID, RetentionWorkflow
from workflows.staff import SCHEDULE_ID as STAFF_SCHEDULE_ID
from workflows.staff import StaffSupervisionSweepWorkflow
from workflows.transitions import SCHEDULE_ID as TRANSITIONS_SCHEDULE_ID
from workflows.transitions import TransitionSweepWorkflow

log = logging.getLogger(__name__)


def retention_input(settings: Settings) -> RetentionInput:
    """The input the retention schedule should start its workflow with."""
    return RetentionInput(
        retention_days=settings.retention_days,
        audit_retention_days=settings.audit_retention_days,
    )


def _action(settings: Settings) -> ScheduleActionStartWorkflow:
    return ScheduleActionStartWorkflow(
        RetentionWorkflow.run,
        retention_input(settings),
        id=SCHEDULE_ID,
        task_queue=settings.temporal_task_queue,
    )


async def ensure_retention_schedule(client: Client, settings: Settings) -> None:
    """Create the daily retention schedule, or update its input if the settings changed.

    Only the action (the workflow's input and task queue) is replaced: its timing, and
    whether it is paused, are left as an operator may have set them.
    """
    schedule = Schedule(
        action=_action(settings),
        spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(days=1))]),
    )
    try:
        await client.create_schedule(SCHEDULE_ID, schedule)
    except ScheduleAlreadyRunningError:
        pass
    else:
        log.info(
            "created the daily retention schedule (pathways %d days, audit rows %d days)",
            settings.retention_days,
            settings.audit_retention_days,
        )
        return
    wanted = retention_input(settings)
    was: list[str] = []

    async def updater(current: ScheduleUpdateInput) -> ScheduleUpdate | None:
        action = current.description.schedule.action
        running = await _running_input(client, action)
        queue = action.task_queue if isinstance(action, ScheduleActionStartWorkflow) else None
        if running == wanted and queue == settings.temporal_task_queue:
            return None
        was[:] = [_describe(running, queue)]
        current.description.schedule.action = _action(settings)
        return ScheduleUpdate(schedule=current.description.schedule)

    await client.get_schedule_handle(SCHEDULE_ID).update(updater)
    if was:
        log.info(
            "updated the retention schedule: %s, now %s",
            was[0],
            _describe(wanted, settings.temporal_task_queue),
        )


async def _running_input(client: Client, action: object) -> RetentionInput | None:
    """The schedule's current workflow input; None if it cannot be read as one."""
    if not isinstance(action, ScheduleActionStartWorkflow) or len(action.args) != 1:
        return None
    try:
        (found,) = await client.data_converter.decode(
            cast(Sequence[Payload], action.args), [RetentionInput]
        )
    except Exception:  # an input written by other code: replace it
        return None
    return found if isinstance(found, RetentionInput) else None


def _describe(running: RetentionInput | None, queue: str | None) -> str:
    if running is None:
        return f"an unreadable input on task queue {queue}"
    audit = running.audit_retention_days
    return (
        f"pathways {running.retention_days} days, "
        f"audit rows {'kept for ever' if audit is None else f'{audit} days'}, "
        f"task queue {queue}"
    )


async def ensure_transition_schedule(client: Client, settings: Settings) -> None:
    """Create the daily transition sweep's schedule (children turning 18), unless it exists.

    Its input holds nothing configurable (the window is the worker's setting,
    `transition_lead_months`), so an existing schedule is left as it is, or as an operator set it.
    """
    schedule = Schedule(
        action=ScheduleActionStartWorkflow(
            TransitionSweepWorkflow.run,
            TransitionSweepInput(),
            id=TRANSITIONS_SCHEDULE_ID,
            task_queue=settings.temporal_task_queue,
        ),
        spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(days=1))]),
    )
    try:
        await client.create_schedule(TRANSITIONS_SCHEDULE_ID, schedule)
    except ScheduleAlreadyRunningError:
        return
    log.info("created the daily transition sweep (children turning 18 on an order)")


async def ensure_staff_schedule(client: Client, settings: Settings) -> None:
    """Create the daily clinical supervision sweep's schedule, unless it exists.

    Its input holds nothing configurable (the interval is the worker's setting), so an existing
    schedule is left as it is, or as an operator set it.
    """
    schedule = Schedule(
        action=ScheduleActionStartWorkflow(
            StaffSupervisionSweepWorkflow.run,
            StaffSweepInput(),
            id=STAFF_SCHEDULE_ID,
            task_queue=settings.temporal_task_queue,
        ),
        spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(days=1))]),
    )
    try:
        await client.create_schedule(STAFF_SCHEDULE_ID, schedule)
    except ScheduleAlreadyRunningError:
        return
    log.info("created the daily clinical supervision sweep")
