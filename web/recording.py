"""Reading a case and recording its steps from the pages, through the same workflow as the API."""

import asyncio
from typing import Any

from fastapi import HTTPException
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError

from api.auth import User, actor_of
from api.routes.pathways import STEP_BODY, load
from contracts.pathway import PathwayState
from contracts.referrals import FactsCommand
from contracts.steps import StepCommand
from core.errors import STEP_NOT_ALLOWED
from readmodel.writers import write_after_step
from web.errors import PageError
from workflows.pathway import PathwayWorkflow

Handle = WorkflowHandle[Any, Any]


class Refused(Exception):
    """The workflow refused the step; `reason` says why (the API's 409)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def load_case(client: Client, pathway_id: str, user: User) -> tuple[Handle, PathwayState]:
    """Return the case's handle and state, or an error page (404 when not visible)."""
    try:
        return await load(client, pathway_id, user)
    except HTTPException as error:
        raise PageError.of(error) from error


def _refusal(failed: WorkflowUpdateFailedError) -> Refused:
    cause = failed.cause
    if isinstance(cause, ApplicationError) and cause.type == STEP_NOT_ALLOWED:
        return Refused(cause.message)
    raise failed


async def record_step(
    sessions: sessionmaker[Session], handle: Handle, user: User, step: str, body: dict[str, Any]
) -> PathwayState:
    """Validate and record a step; raise `ValidationError` (422) or `Refused` (409)."""
    parsed = STEP_BODY.validate_python({**body, "step": step})
    command = StepCommand(
        actor=actor_of(user),
        body=parsed,
        caller_projects=True,
    )
    try:
        state = await handle.execute_update(PathwayWorkflow.record_step, command)
    except WorkflowUpdateFailedError as failed:
        raise _refusal(failed) from failed
    await written_to_read_model(sessions, state)
    return state


async def record_facts(
    sessions: sessionmaker[Session], handle: Handle, user: User, command: FactsCommand
) -> PathwayState:
    """Record new assessment facts; raise `Refused` when the workflow refuses them."""
    try:
        state = await handle.execute_update(PathwayWorkflow.record_facts, command)
    except WorkflowUpdateFailedError as failed:
        raise _refusal(failed) from failed
    await written_to_read_model(sessions, state)
    return state


async def written_to_read_model(sessions: sessionmaker[Session], state: PathwayState) -> None:
    """Write the changed state into the read model before the page redirects to a list.

    The workflow projects it again after a grace period (ADR 0070), so a failed write here (the
    database is down) is logged and repaired, never lost.
    """
    await asyncio.to_thread(write_after_step, sessions, state)
