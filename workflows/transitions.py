"""The daily transition sweep: tells the pathways whose child turns 18 soon to plan the move.

Started by a Temporal schedule (`core.schedules`), it tells the pathways whose child turns 18
within the planning window to open their transition planning task.

It reads no date of birth: the activity (`activities.transitions`) finds the pathways in the
case database and answers their ids; each is told by a signal that carries no date
(`PathwayWorkflow.transition_due`), and opens its task from the day it is told. A pathway told
twice, or closed since, changes nothing.
"""

import asyncio
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import FailureError

with workflow.unsafe.imports_passed_through():
    from activities.transitions import TransitionActivities
    from contracts.transfers import (
        TransitionNotice,
        TransitionSweepInput,
        TransitionSweepRequest,
        TransitionSweepResult,
    )
    from core.workdays import london_date

SCHEDULE_ID = "pathway-transitions"
SIGNALS_IN_FLIGHT = 20


@workflow.defn
class TransitionSweepWorkflow:
    """Tell each pathway whose child turns 18 within the window; answer the ids told."""

    @workflow.run
    async def run(self, input: TransitionSweepInput) -> TransitionSweepResult:
        """Find the pathways as of today's London date, then signal each."""
        found = await workflow.execute_activity_method(
            TransitionActivities.find_children_turning_18,
            TransitionSweepRequest(today=london_date(workflow.now())),
            start_to_close_timeout=timedelta(minutes=5),
            retry_policy=RetryPolicy(maximum_interval=timedelta(minutes=5)),
        )
        told: list[str] = []
        ids = found.pathway_ids
        for start in range(0, len(ids), SIGNALS_IN_FLIGHT):
            chunk = ids[start : start + SIGNALS_IN_FLIGHT]
            answers = await asyncio.gather(
                *(self._tell(pathway_id) for pathway_id in chunk), return_exceptions=False
            )
            told += [p for p, ok in zip(chunk, answers, strict=True) if ok]
        return TransitionSweepResult(pathway_ids=told)

    async def _tell(self, pathway_id: str) -> bool:
        try:
            await workflow.get_external_workflow_handle(pathway_id).signal(
                "transition_due", TransitionNotice()
            )
        except FailureError:
            # Closed (or gone) since the read model said it was open: nothing to plan.
            return False
        return True
