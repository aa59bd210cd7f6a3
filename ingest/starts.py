"""Starting a claimed pathway's workflow, and opening a review on the child's other pathways.

The workflow input carries the order and demographics, never a name or date of birth. A start
is harmless to repeat: the id is the claim's, and an existing workflow of that id is used.
"""

import asyncio

from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from bank_holidays import england_and_wales
from contracts.court import CourtOutcome, Source
from contracts.pathway import ChildProfile, NewOrderNotice, OrderDetails, PathwayInput
from ingest.canonical import age_on
from ingest.claims import Claim
from settings import Settings
from workflows.pathway import PathwayWorkflow

REVIEW_TIMEOUT_S = 30.0
"""How long to wait for an open pathway to accept a review before saying it could not."""


def pathway_input(outcome: CourtOutcome, claim: Claim, settings: Settings) -> PathwayInput:
    """Build a workflow input: the order and demographics, never a name or date of birth."""
    d, made = outcome.disposal, outcome.disposal.made_on
    years = settings.calendar_years_ahead + (d.length_months + 11) // 12
    return PathwayInput(
        pathway_id=claim.pathway_id,
        child=ChildProfile(
            child_id=claim.child_id,
            gender=outcome.defendant.gender,
            ethnicity=outcome.defendant.ethnicity,
            age_at_order=age_on(outcome.defendant.date_of_birth, made),
        ),
        order=OrderDetails(
            disposal=d.type,
            length_months=d.length_months,
            made_on=made,
            hearing_date=outcome.hearing_date,
            court_code=outcome.court.code,
            has_identified_victim=outcome.has_identified_victim,
            victim_stated=outcome.source != Source.COMMON_PLATFORM,
            requirements=d.requirements,
        ),
        deadlines=settings.deadlines,
        calendar=england_and_wales(made.year, made.year + years),
        max_history_events=settings.max_history_events,
    )


async def start_pathway(
    client: Client, settings: Settings, outcome: CourtOutcome, claim: Claim
) -> None:
    """Start the claim's pathway workflow (an existing one of that id counts as started)."""
    try:
        await client.start_workflow(
            PathwayWorkflow.run,
            pathway_input(outcome, claim, settings),
            id=claim.pathway_id,
            task_queue=settings.temporal_task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        )
    except WorkflowAlreadyStartedError:
        pass  # started by an earlier attempt, and since closed


async def review_open_pathways(client: Client, outcome: CourtOutcome, claim: Claim) -> str | None:
    """Open a review on each of the child's other running pathways; say which, if any."""
    notice = NewOrderNotice(
        new_pathway_id=claim.pathway_id,
        made_on=outcome.disposal.made_on,
        disposal=outcome.disposal.type,
    )
    reviewed: list[str] = []
    missed: list[str] = []
    for other in claim.other_pathways:
        handle = client.get_workflow_handle_for(PathwayWorkflow.run, other)
        try:
            description = await handle.describe()
            if description.status is None or description.status.name != "RUNNING":
                continue
            # One update id per new order: a retried or replayed intake opens one review.
            update = handle.execute_update(
                PathwayWorkflow.new_order, notice, id=f"new-order:{claim.pathway_id}"
            )
            await asyncio.wait_for(update, REVIEW_TIMEOUT_S)
        except RPCError as err:
            if err.status != RPCStatusCode.NOT_FOUND:
                missed.append(other)  # the server could not be reached: say so, never skip
            continue  # else closed or gone: nothing to review
        except TimeoutError:
            missed.append(other)
            continue
        reviewed.append(other)
    notes = []
    if reviewed:
        notes.append(f"linked to the child's open pathway(s) {', '.join(reviewed)}: review opened")
    if missed:
        notes.append(
            f"no review could be opened on {', '.join(missed)} (no worker answered within "
            f"{REVIEW_TIMEOUT_S:.0f} s, or Temporal was unavailable): open one by hand"
        )
    return "; ".join(notes) or None
