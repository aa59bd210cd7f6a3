"""A pathway: read it, and record its steps."""

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException
from pydantic import TypeAdapter, ValidationError
from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from api.audit import audit
from api.auth import Role, User
from api.deps import ClientDep, SessionsDep, UserDep
from api.errors import unprocessable
from contracts.common import Step
from contracts.pathway import PathwayState
from contracts.steps import Actor, StepBody, StepCommand
from contracts.views import PathwayView
from errors import STEP_NOT_ALLOWED
from workflows.pathway import PathwayWorkflow

router = APIRouter(prefix="/v1/pathways", tags=["pathways"])
STEP_BODY: TypeAdapter[StepBody] = TypeAdapter(StepBody)
READERS = (Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR)
WRITERS = (Role.CASEWORKER, Role.SUPERVISOR)


def visible(state: PathwayState, user: User) -> bool:
    """Caseworkers see their team's pathways; supervisors also unallocated ones; auditors all."""
    if user.role == Role.AUDITOR:
        return True
    if state.team is None:
        return user.role == Role.SUPERVISOR
    return state.team == user.team


async def load(
    client: ClientDep, pathway_id: str, user: User
) -> tuple[WorkflowHandle[Any, Any], PathwayState]:
    """Return the pathway's handle and state, or 404 if it does not exist or is not visible."""
    if user.role not in READERS:
        raise HTTPException(403, f"a {user.role.value} may not read pathways")
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
async def get_pathway(
    pathway_id: str, client: ClientDep, user: UserDep, sessions: SessionsDep
) -> PathwayView:
    """A pathway with its tasks, due dates and timeline."""
    _, state = await load(client, pathway_id, user)
    await audit(sessions, user, "read_pathway", pathway_id)
    return PathwayView.of(state)


@router.post(
    "/{pathway_id}/steps/{step}",
    response_model=PathwayView,
    responses={409: {"description": "the step is not allowed now; `detail` says why"}},
)
async def record_step(
    pathway_id: str,
    step: Step,
    client: ClientDep,
    user: UserDep,
    sessions: SessionsDep,
    body: Annotated[dict[str, Any], Body(examples=[{"completed_on": "2026-11-20"}])],
) -> PathwayView:
    """Record a step, e.g. `{"completed_on": "2026-11-20"}` plus the step's own fields."""
    if user.role not in WRITERS:
        raise HTTPException(403, f"a {user.role.value} may not record steps")
    try:
        parsed = STEP_BODY.validate_python({**body, "step": step.value})
    except ValidationError as invalid:
        raise unprocessable(invalid) from invalid
    handle, _ = await load(client, pathway_id, user)
    command = StepCommand(
        actor=Actor(user=user.name, role=user.role.value, team=user.team), body=parsed
    )
    written = audit(sessions, user, f"record_step:{step.value}", pathway_id)
    try:
        state, _ = await asyncio.gather(
            handle.execute_update(PathwayWorkflow.record_step, command), written
        )
    except WorkflowUpdateFailedError as failed:
        cause = failed.cause
        if isinstance(cause, ApplicationError) and cause.type == STEP_NOT_ALLOWED:
            raise HTTPException(409, cause.message) from failed
        raise
    return PathwayView.of(state)
