"""A referral order's whole journey as step commands, sent as the API sends them.

The `workers` benchmark sends every pathway the same eleven steps, from allocation to an early
closure, so its final state can be checked step by step; the `year` benchmark takes the
bodies of the steps it plans from here.
"""

from datetime import date, timedelta
from typing import Any

from temporalio.client import Client
from temporalio.service import RPCError

from contracts.facts import AssessmentFacts
from contracts.steps import (
    Actor,
    AgreedAction,
    AllocationBody,
    AssessmentBody,
    CaseFormulationBody,
    ClosureBody,
    ClosureReason,
    FirstContactBody,
    ReviewBody,
    StepBody,
    StepCommand,
)
from samples import outcome_data, restorative
from samples.orders import CASEWORKER, REFLECTION, SUPERVISOR, TEAM
from workflows.pathway import PathwayWorkflow

FACTS = AssessmentFacts(
    lives_with_caregiver=True,
    caregiver_willing_to_engage=True,
    acute_psychiatric_illness=False,
    sex_offending_only=False,
    placement=None,
    child_to_parent_violence=False,
    dv_exposure=False,
)


def journey(on: date) -> list[tuple[Actor, StepBody]]:
    """The eleven steps of a referral order recorded on one day, allocation to closure."""
    formulation = CaseFormulationBody(
        completed_on=on,
        agencies=["yjs", "education", "health"],
        formulation_summary="Offending linked to school exclusion and peer pressure.",
        agreed_actions=[
            AgreedAction(
                action="Return to education plan",
                owner_agency="education",
                owner_person="Head of year",
                due_on=on + timedelta(days=14),
            )
        ],
        child_views="Wants to get back to college.",
        plain_language_summary="We will help you get back to college and keep you safe.",
        bias_reflection=REFLECTION,
    )
    closure = ClosureBody(
        completed_on=on, reason=ClosureReason.REVOKED_EARLY, bias_reflection=REFLECTION
    )
    allocation = AllocationBody(completed_on=on, caseworker=CASEWORKER.user, team=TEAM)
    return [
        (SUPERVISOR, allocation),
        (CASEWORKER, FirstContactBody(completed_on=on)),
        (CASEWORKER, AssessmentBody(completed_on=on, facts=FACTS)),
        (CASEWORKER, formulation),
        (CASEWORKER, restorative.enquiry(on)),
        (CASEWORKER, restorative.initial_panel(on)),
        (CASEWORKER, restorative.parent_work(on)),
        (CASEWORKER, ReviewBody(completed_on=on)),
        (CASEWORKER, outcome_data.start(on)),  # issue 21: needed before closure
        (CASEWORKER, outcome_data.end(on)),
        (SUPERVISOR, closure),
    ]


async def send(client: Client, pathway_id: str, n: int, actor: Actor, body: StepBody) -> Any:
    """Send step `n` of a pathway; retried under the same update id, so it applies once.

    A worker killed while holding the workflow delays the update (its task times out and
    moves to another worker); it is not lost.
    """
    handle = client.get_workflow_handle(pathway_id)
    command = StepCommand(actor=actor, body=body)
    for attempt in range(5):
        try:
            return await handle.execute_update(
                PathwayWorkflow.record_step, command, id=f"{pathway_id}-step-{n}"
            )
        except RPCError:
            if attempt == 4:
                raise
    return None
