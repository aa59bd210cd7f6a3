"""A workflow whose activity fails with case text in its message (kept apart from the test
module so the workflow sandbox imports nothing but temporalio)."""

from datetime import timedelta

from temporalio import activity, workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ApplicationError

CASE_TEXT = "the child said: I want to go home to my nan"


@activity.defn
async def refuse_referral(reason: str) -> None:
    """Fail for good, quoting the case."""
    raise ApplicationError(f"referral refused: {reason}", type="Refused", non_retryable=True)


@workflow.defn
class FailingWorkflow:
    """Calls the failing activity once."""

    @workflow.run
    async def run(self, reason: str) -> None:
        await workflow.execute_activity(
            refuse_referral, reason, start_to_close_timeout=timedelta(seconds=10),
            retry_policy=RetryPolicy(maximum_attempts=1),
        )
