"""The diversion pathway workflow: a police or prevention referral, from intake to closure.

A second workflow type over the court pathway's machinery (ADR 0129): `DiversionWorkflow` is a
`PathwayWorkflow` whose input carries the referral (`PathwayInput.diversion`) and whose order
is `DisposalType.DIVERSION`. It keeps the court pathway's state, clock, updates, queries,
effects, continue-as-new and projection, so allocation, deadlines and escalation, case
formulation and the family summary, bias reflections, programme eligibility and referrals,
victims one by one, transfers, access, audit, retention and encryption work as they do for a
court order. What differs lives in the steps (`workflows.diversion_steps`): the joint decision
panel and the work it starts, a youth conditional caution's conditions, the plan in the child's
own words, the exit plan.

Turnaround is asked of the rules (an activity: the date of birth never enters the workflow)
before a Turnaround decision is kept; a child who is not eligible, or whose eligibility
cannot be decided yet, is refused with the rules' reasons (a second referral names the date of
the first).
"""

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.turnaround import TurnaroundActivities
    from contracts.diversion import JointDecisionPanelBody, PanelOutcome, TurnaroundAsk
    from contracts.eligibility import CriterionOutcome, EligibilityStatus, ProgrammeDecision
    from contracts.pathway import PathwayInput, PathwayState
    from contracts.steps import StepCommand
    from core.errors import STEP_NOT_ALLOWED
    from workflows.effects import IO_RETRY, IO_TIMEOUT
    from workflows.pathway import PathwayWorkflow

__all__ = ["DiversionWorkflow", "turnaround_refusal"]


@workflow.defn
class DiversionWorkflow(PathwayWorkflow):
    """One child's referral for diversion or prevention, from intake to closure."""

    @workflow.init
    def __init__(self, input: PathwayInput) -> None:
        if input.carried is None and input.diversion is None:
            raise ApplicationError("a diversion pathway needs its referral", non_retryable=True)
        super().__init__(input)

    @workflow.run
    async def run(self, input: PathwayInput) -> PathwayState:
        """Keep the tasks' clocks until the pathway is closed; return the final state."""
        return await super().run(input)

    async def _before_step(self, command: StepCommand) -> None:
        body = command.body
        if not isinstance(body, JointDecisionPanelBody) or body.outcome != PanelOutcome.TURNAROUND:
            return
        diversion = self._state.diversion
        assert diversion is not None
        ask = TurnaroundAsk(
            child_id=self._state.child.child_id,
            pathway_id=self._state.pathway_id,
            details=diversion.details,
            local=body.turnaround or TurnaroundAsk.model_fields["local"].default,
            on=body.completed_on,
        )
        try:
            decision = await workflow.execute_activity_method(
                TurnaroundActivities.evaluate_turnaround,
                ask,
                start_to_close_timeout=IO_TIMEOUT,
                retry_policy=IO_RETRY,
            )
        except ActivityError as failed:
            cause = failed.cause
            message = cause.message if isinstance(cause, ApplicationError) else str(failed)
            raise ApplicationError(message, type=STEP_NOT_ALLOWED, non_retryable=True) from None
        diversion.turnaround = decision
        refusal = turnaround_refusal(decision)
        if refusal is not None:
            raise ApplicationError(refusal, type=STEP_NOT_ALLOWED, non_retryable=True)


def turnaround_refusal(decision: ProgrammeDecision) -> str | None:
    """Why Turnaround cannot be the decision (None when the child is eligible)."""
    if decision.status == EligibilityStatus.ELIGIBLE:
        return None
    if decision.status == EligibilityStatus.NEEDS_INFORMATION:
        return (
            "outcome: Turnaround's eligibility cannot be decided yet; collect "
            + ", ".join(decision.missing_facts)
        )
    failed = [
        c.description
        for c in decision.criteria
        if (c.kind.value == "inclusion" and c.outcome == CriterionOutcome.NOT_MET)
        or (c.kind.value == "exclusion" and c.outcome == CriterionOutcome.MET)
    ]
    return "outcome: the child is not eligible for Turnaround: " + " ".join(failed)
