"""The retention workflow: started daily by a Temporal schedule, it anonymises old pathways.

It also deletes audit rows older than their own retention period (`audit-retention`: runs
recorded before that patch only anonymised).
"""

from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from activities.retention import RetentionActivities
    from contracts.retention import RetentionInput, RetentionRequest, RetentionResult
    from core.workdays import london_date

SCHEDULE_ID = "pathway-retention"


@workflow.defn
class RetentionWorkflow:
    """Anonymise every pathway closed more than `retention_days` ago; purge old audit rows."""

    @workflow.run
    async def run(self, input: RetentionInput) -> RetentionResult:
        """Work out the cut-offs from today's London date (and now), then anonymise and purge."""
        now = workflow.now()
        today = london_date(now)
        audit_before: datetime | None = None
        if workflow.patched("audit-retention") and input.audit_retention_days is not None:
            audit_before = now - timedelta(days=input.audit_retention_days)
        return await workflow.execute_activity_method(
            RetentionActivities.anonymise_closed_pathways,
            RetentionRequest(
                closed_before=today - timedelta(days=input.retention_days),
                today=today,
                audit_before=audit_before,
            ),
            start_to_close_timeout=timedelta(minutes=10),
            retry_policy=RetryPolicy(maximum_interval=timedelta(minutes=10)),
        )
