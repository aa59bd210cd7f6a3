"""The one client of the pathway workflow: every door loads a pathway and changes it through it.

The API, the pages and the feeds (the police's victim details, the reviews a new order opens)
all come here, so a pathway is loaded under one access rule (`access.may_see`: a pathway the
caller may not see is not found) and Temporal's answers become Pathway's own errors in one
place:

    Temporal's answer                                        Pathway's error (`core.errors`)
    update failed: ApplicationError of type STEP_NOT_ALLOWED  StepNotAllowed(the workflow's reason)
    update failed: ApplicationError of type NOT_VISIBLE       PathwayNotFound
    RPC NOT_FOUND or INVALID_ARGUMENT (no such workflow, or   PathwayNotFound
      it has ended)
    any other RPC error, or no answer in time                 TemporalUnavailable
    a step body that fails its contract                       InvalidInput, naming each field

What it sends: `StepCommand(actor=user.actor, body)` and `FactsCommand(actor_user=user.name,
facts, recorded_on)`, with `check_visibility` and `caller_projects` left at their defaults for
every caller; the workflow checks visibility for people in its step validator, and takes every
step and facts update as written to the read model by its caller. A feed's victim details go
under an update id made from the message id, a new order's notice under one made from the new
pathway, and a court's decision on an order (`OrderChange`, the court feed's only) under one
made from its message id, so a resend is recorded once.

After every change the client writes the state the update returned into the read model: at
once (the pages redirect to lists that read it; the feeds), or after the answer has gone when
the caller passes `later` (the API). The workflow projects each change again after a grace, so
a write that fails here (the database is down) is repaired, never lost (ADR 0070).
"""

import asyncio
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, ParamSpec, Protocol

from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import (
    Client,
    RPCTimeoutOrCancelledError,
    WorkflowExecutionStatus,
    WorkflowHandle,
    WorkflowQueryFailedError,
    WorkflowUpdateFailedError,
)
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from access import User, may_see, scope_of
from contracts.breach import OrderChange
from contracts.common import Step
from contracts.facts import AssessmentFacts
from contracts.pathway import NewOrderNotice, PathwayState
from contracts.referrals import FactsCommand
from contracts.steps import StepBody, StepCommand
from core.errors import (
    NOT_VISIBLE,
    STEP_NOT_ALLOWED,
    InvalidInput,
    PathwayNotFound,
    StepNotAllowed,
    TemporalUnavailable,
)
from core.workdays import london_date
from readmodel.writers import write_after_step
from workflows.pathway import PathwayWorkflow

P = ParamSpec("P")
STEP_BODY: TypeAdapter[StepBody] = TypeAdapter(StepBody)
# Leading parts of a validation error's path that name no field: the union's tag is the step.
_NOT_FIELDS = frozenset({"body"} | {s.value for s in Step})


class Later(Protocol):
    """Where work waits until the answer has gone (Starlette's `BackgroundTasks`)."""

    def add_task(self, func: Callable[P, Any], *args: P.args, **kwargs: P.kwargs) -> None:
        """Run `func(*args, **kwargs)` after the answer."""


def step_body(step: str, fields: Mapping[str, Any]) -> StepBody:
    """The body of a step from its fields; `InvalidInput` naming each bad one."""
    try:
        return STEP_BODY.validate_python({**fields, "step": step})
    except ValidationError as invalid:
        raise InvalidInput.of(invalid, skip=_NOT_FIELDS) from invalid


class Pathways:
    """The pathway workflows, as the API, the pages and the feeds load and change them."""

    def __init__(self, client: Client, sessions: sessionmaker[Session]) -> None:
        self._client = client
        self._sessions = sessions

    def _handle(self, pathway_id: str) -> WorkflowHandle[PathwayWorkflow, PathwayState]:
        return self._client.get_workflow_handle_for(PathwayWorkflow.run, pathway_id)

    async def load(self, pathway_id: str, user: User) -> PathwayState:
        """The pathway as it stands.

        Raises:
            PathwayNotFound: there is none, or `user` may not see it (they are told the same).
            TemporalUnavailable: Temporal did not answer.
        """
        if scope_of(user.role, user.team, user.area).nothing:
            raise PathwayNotFound(pathway_id)
        try:
            state = await self._handle(pathway_id).query(PathwayWorkflow.state)
        except (RPCError, RPCTimeoutOrCancelledError) as err:
            raise _rpc_error(err, pathway_id) from err
        incoming = state.transfer.to_team if state.transfer else None
        if not may_see(user.role, user.team, user.area, state.team, state.order.area, incoming):
            raise PathwayNotFound(pathway_id)
        return state

    async def may_see(self, pathway_id: str, user: User) -> bool:
        """Whether `user` may see the pathway (False if there is none)."""
        try:
            await self.load(pathway_id, user)
        except PathwayNotFound:
            return False
        return True

    async def record_step(
        self,
        pathway_id: str,
        user: User,
        body: StepBody,
        *,
        update_id: str | None = None,
        later: Later | None = None,
    ) -> PathwayState:
        """Record a step by `user`; return the pathway as it now stands.

        The workflow's validator decides whether the step is allowed now, and whether `user`
        may see the pathway at all, in one round trip. `update_id` makes a resend harmless.

        Raises:
            StepNotAllowed: the pathway refuses the step now (its reason, unchanged).
            PathwayNotFound: there is no such running pathway, or `user` may not see it.
            TemporalUnavailable: Temporal did not answer.
        """
        command = StepCommand(actor=user.actor, body=body)
        try:
            state = await self._handle(pathway_id).execute_update(
                PathwayWorkflow.record_step, command, id=update_id
            )
        except (WorkflowUpdateFailedError, RPCError, RPCTimeoutOrCancelledError) as err:
            raise _error_of(err, pathway_id) from err
        await self._written(state, later)
        return state

    async def record_facts(
        self,
        pathway_id: str,
        user: User,
        facts: AssessmentFacts,
        *,
        recorded_on: date | None = None,
        later: Later | None = None,
    ) -> PathwayState:
        """Replace the assessment facts (recorded today by default); eligibility is decided again.

        The facts command names only its author, so whether `user` may see the pathway is
        asked here (a query) before the update.

        Raises:
            StepNotAllowed: the pathway refuses the facts now (closed, or a date out of range).
            PathwayNotFound: there is no such pathway, or `user` may not see it.
            TemporalUnavailable: Temporal did not answer.
        """
        state = await self.load(pathway_id, user)
        if not may_see(user.role, user.team, user.area, state.team, state.order.area):
            # A supervisor who sees it only to decide a transfer (ADR 0113).
            raise StepNotAllowed(
                "until the transfer is accepted the pathway stays with its team: the "
                "receiving team's supervisors may only accept or refuse it"
            )
        command = FactsCommand(
            actor_user=user.name,
            facts=facts,
            recorded_on=recorded_on or london_date(datetime.now(UTC)),
        )
        try:
            state = await self._handle(pathway_id).execute_update(
                PathwayWorkflow.record_facts, command
            )
        except (WorkflowUpdateFailedError, RPCError, RPCTimeoutOrCancelledError) as err:
            raise _error_of(err, pathway_id) from err
        await self._written(state, later)
        return state

    async def notify_new_order(
        self, pathway_id: str, notice: NewOrderNotice, *, timeout: float
    ) -> PathwayState:
        """Tell one of the child's other pathways of a new order, which opens a review on it.

        One update id per new order, so a retried or replayed intake opens one review.

        Raises:
            PathwayNotFound: the pathway is not running (closed, or gone): nothing to review.
            TemporalUnavailable: Temporal, or a worker, did not answer within `timeout` seconds.
        """
        handle = self._handle(pathway_id)
        try:
            description = await handle.describe()
            if description.status != WorkflowExecutionStatus.RUNNING:
                raise PathwayNotFound(pathway_id)
            update = handle.execute_update(
                PathwayWorkflow.new_order, notice, id=f"new-order:{notice.new_pathway_id}"
            )
            state = await asyncio.wait_for(update, timeout)
        except (RPCError, RPCTimeoutOrCancelledError) as err:
            raise _rpc_error(err, pathway_id) from err
        except TimeoutError as err:
            raise TemporalUnavailable(
                f"pathway {pathway_id} did not answer within {timeout:.0f} s"
            ) from err
        await self._written(state, None)
        return state

    async def change_order(
        self, pathway_id: str, change: OrderChange, *, update_id: str
    ) -> PathwayState:
        """Send a court's decision on the order (the court feed only); return the pathway.

        `update_id` (made from the court message's id) makes a resend harmless.

        Raises:
            StepNotAllowed: the pathway refuses the change now (closed, a date out of range,
                a change that does not apply to its order), with its reason.
            PathwayNotFound: the pathway is not running.
            TemporalUnavailable: Temporal did not answer.
        """
        try:
            state = await self._handle(pathway_id).execute_update(
                PathwayWorkflow.order_change, change, id=update_id
            )
        except (WorkflowUpdateFailedError, RPCError, RPCTimeoutOrCancelledError) as err:
            raise _error_of(err, pathway_id) from err
        await self._written(state, None)
        return state

    async def state_of(self, pathway_id: str) -> PathwayState | None:
        """The pathway as it stands, running or ended, for a feed (None: none, or no answer).

        A feed sees no pathway: it must not pass what it reads here on to its sender.
        """
        try:
            return await self._handle(pathway_id).query(PathwayWorkflow.state)
        except (RPCError, RPCTimeoutOrCancelledError, WorkflowQueryFailedError):
            return None

    async def ended(self, pathway_id: str) -> bool:
        """Whether the pathway's workflow ran and has ended (False: never started, or unknown)."""
        try:
            description = await self._handle(pathway_id).describe()
        except RPCError:
            return False
        return description.status not in (None, WorkflowExecutionStatus.RUNNING)

    async def _written(self, state: PathwayState, later: Later | None) -> None:
        if later is not None:
            later.add_task(write_after_step, self._sessions, state)
        else:
            await asyncio.to_thread(write_after_step, self._sessions, state)


def _error_of(err: Exception, pathway_id: str) -> Exception:
    """Pathway's error for Temporal's answer to an update (the answer itself if unknown)."""
    if isinstance(err, WorkflowUpdateFailedError):
        cause = err.cause
        if isinstance(cause, ApplicationError) and cause.type == STEP_NOT_ALLOWED:
            return StepNotAllowed(cause.message)
        if isinstance(cause, ApplicationError) and cause.type == NOT_VISIBLE:
            return PathwayNotFound(pathway_id)
        return err
    return _rpc_error(err, pathway_id)


def _rpc_error(err: Exception, pathway_id: str) -> Exception:
    if isinstance(err, RPCError) and err.status in (
        RPCStatusCode.NOT_FOUND,
        RPCStatusCode.INVALID_ARGUMENT,
    ):
        return PathwayNotFound(pathway_id)
    status = err.status.name if isinstance(err, RPCError) else "no answer in time"
    return TemporalUnavailable(f"Temporal is unavailable ({status}): try again shortly")
