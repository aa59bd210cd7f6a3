"""A pathway: read it, and record its steps."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Body, HTTPException, Request
from pydantic import TypeAdapter, ValidationError
from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from access import Act, User
from api.auth import actor_of
from api.deps import ClientDep, SessionsDep
from api.errors import unprocessable
from api.guard import STEP_BODY_BYTES, GuardedRoute, allowed, note
from api.params import PathwayId
from contracts.common import Step
from contracts.eligibility import EligibilityDecisions
from contracts.facts import AssessmentFacts
from contracts.pathway import PathwayState
from contracts.referrals import FactsCommand
from contracts.steps import StepBody, StepCommand
from core.errors import NOT_VISIBLE, STEP_NOT_ALLOWED
from core.workdays import london_date
from readmodel.views import PathwayView
from readmodel.writers import write_after_step
from workflows.pathway import PathwayWorkflow
from workflows.visibility import visible_to

router = APIRouter(prefix="/v1/pathways", tags=["pathways"], route_class=GuardedRoute)
STEP_BODY: TypeAdapter[StepBody] = TypeAdapter(StepBody)
FACTS_BODY_BYTES = 16 * 1024
Reader = Annotated[User, allowed(Act.READ_PATHWAY)]


def visible(state: PathwayState, user: User) -> bool:
    """Caseworkers see their team's pathways; supervisors also unallocated ones; auditors all."""
    return visible_to(state, actor_of(user))


async def load(
    client: ClientDep, pathway_id: str, user: User
) -> tuple[WorkflowHandle[Any, Any], PathwayState]:
    """Return the pathway's handle and state, or 404 if it does not exist or is not visible."""
    handle = client.get_workflow_handle_for(PathwayWorkflow.run, pathway_id)
    try:
        state = await handle.query(PathwayWorkflow.state)
    except RPCError as err:
        if err.status in (RPCStatusCode.NOT_FOUND, RPCStatusCode.INVALID_ARGUMENT):
            raise HTTPException(404, f"no pathway {pathway_id}") from err
        raise
    if not visible(state, user):
        raise HTTPException(404, f"no pathway {pathway_id}")
    return handle, state


@router.get("/{pathway_id}", response_model=PathwayView)
async def get_pathway(pathway_id: PathwayId, client: ClientDep, user: Reader) -> PathwayView:
    """A pathway with its tasks, due dates and timeline."""
    _, state = await load(client, pathway_id, user)
    return PathwayView.of(state)


@router.post(
    "/{pathway_id}/steps/{step}",
    response_model=PathwayView,
    responses={409: {"description": "the step is not allowed now; `detail` says why"}},
)
async def record_step(
    request: Request,
    pathway_id: PathwayId,
    step: Step,
    client: ClientDep,
    user: Annotated[User, allowed(Act.RECORD_STEP, max_body=STEP_BODY_BYTES)],
    sessions: SessionsDep,
    background: BackgroundTasks,
    body: Annotated[dict[str, Any], Body(examples=[{"completed_on": "2026-11-20"}])],
) -> PathwayView:
    """Record a step, e.g. `{"completed_on": "2026-11-20"}` plus the step's own fields."""
    note(request, action=f"record_step:{step.value}")
    try:
        parsed = STEP_BODY.validate_python({**body, "step": step.value})
    except ValidationError as invalid:
        raise unprocessable(invalid) from invalid
    # One round trip: the workflow's validator checks visibility (no query first).
    handle = client.get_workflow_handle_for(PathwayWorkflow.run, pathway_id)
    command = StepCommand(
        actor=actor_of(user), body=parsed, check_visibility=True, caller_projects=True
    )
    try:
        state = await handle.execute_update(PathwayWorkflow.record_step, command)
    except WorkflowUpdateFailedError as failed:
        raise _refused(failed, pathway_id) from failed
    except RPCError as err:
        if err.status in (RPCStatusCode.NOT_FOUND, RPCStatusCode.INVALID_ARGUMENT):
            raise HTTPException(404, f"no pathway {pathway_id}") from err
        raise
    # The read model is written from the returned state after the answer has gone (ADR 0070).
    background.add_task(write_after_step, sessions, state)
    return PathwayView.of(state)


def _refused(failed: WorkflowUpdateFailedError, pathway_id: str = "") -> HTTPException:
    cause = failed.cause
    if isinstance(cause, ApplicationError) and cause.type == STEP_NOT_ALLOWED:
        return HTTPException(409, cause.message)
    if isinstance(cause, ApplicationError) and cause.type == NOT_VISIBLE:
        return HTTPException(404, f"no pathway {pathway_id}")
    raise failed


@router.put(
    "/{pathway_id}/facts",
    response_model=EligibilityDecisions,
    responses={409: {"description": "the facts cannot be recorded now; `detail` says why"}},
)
async def put_facts(
    pathway_id: PathwayId,
    facts: AssessmentFacts,
    client: ClientDep,
    user: Annotated[User, allowed(Act.RECORD_FACTS, max_body=FACTS_BODY_BYTES)],
    sessions: SessionsDep,
    background: BackgroundTasks,
) -> EligibilityDecisions:
    """Replace the assessment facts (a fact left out is unknown); answers the new eligibility."""
    handle, _ = await load(client, pathway_id, user)
    command = FactsCommand(
        actor_user=user.name,
        facts=facts,
        recorded_on=london_date(datetime.now(UTC)),
        caller_projects=True,
    )
    try:
        state = await handle.execute_update(PathwayWorkflow.record_facts, command)
    except WorkflowUpdateFailedError as failed:
        raise _refused(failed) from failed
    background.add_task(write_after_step, sessions, state)
    assert state.eligibility is not None
    return state.eligibility


@router.get("/{pathway_id}/eligibility", response_model=EligibilityDecisions)
async def get_eligibility(
    pathway_id: PathwayId,
    client: ClientDep,
    user: Annotated[User, allowed(Act.READ_ELIGIBILITY)],
) -> EligibilityDecisions:
    """The latest eligibility decisions for FFT, NVR and DV groups, with their reasons."""
    _, state = await load(client, pathway_id, user)
    if state.eligibility is None:
        raise HTTPException(
            409, "eligibility has not been decided yet: record assessment facts first"
        )
    return state.eligibility
