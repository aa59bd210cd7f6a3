"""The daily clinical supervision sweep: escalates each case manager's overdue supervision.

Started by a Temporal schedule (`core.schedules`). Staff supervision has no workflow of its
own per person: its due dates follow from the rows in the case database (`core.supervision`),
so one activity a day finds the escalated ones and tells their teams' supervisors, once per due
date (ADR 0124).
"""

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from activities.staff import StaffActivities
    from contracts.staff import StaffSweepInput, StaffSweepRequest, StaffSweepResult
    from core.workdays import london_date

SCHEDULE_ID = "pathway-staff-supervision"


@workflow.defn
class StaffSupervisionSweepWorkflow:
    """Escalate the supervisions overdue past their escalation point, as of today in London."""

    @workflow.run
    async def run(self, input: StaffSweepInput) -> StaffSweepResult:
        """Run the sweep's one activity and answer whom it escalated."""
        return await workflow.execute_activity_method(
            StaffActivities.escalate_overdue_supervision,
            StaffSweepRequest(today=london_date(workflow.now())),
            start_to_close_timeout=timedelta(minutes=5),
            retry_policy=RetryPolicy(maximum_interval=timedelta(minutes=5)),
        )
