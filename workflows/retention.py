"""The retention workflow: started daily by a Temporal schedule, it anonymises old pathways."""

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from contracts.retention import RetentionInput, RetentionRequest, RetentionResult
    from workdays import london_date

SCHEDULE_ID = "pathway-retention"


@workflow.defn
class RetentionWorkflow:
    """Anonymise every pathway closed more than `retention_days` ago."""

    @workflow.run
    async def run(self, input: RetentionInput) -> RetentionResult:
        """Work out the cut-off from today's London date and anonymise."""
        today = london_date(workflow.now())
        result = await workflow.execute_activity(
            "anonymise_closed_pathways",
            RetentionRequest(
                closed_before=today - timedelta(days=input.retention_days), today=today
            ),
            result_type=RetentionResult,
            start_to_close_timeout=timedelta(minutes=10),
            retry_policy=RetryPolicy(maximum_interval=timedelta(minutes=10)),
        )
        assert isinstance(result, RetentionResult)
        return result
