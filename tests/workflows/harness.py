"""Run pathway workflows on a real Temporal server with a real worker on a fresh task queue."""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError

from contracts.pathway import PathwayInput, PathwayState
from contracts.steps import Actor, AllocationBody, StepCommand
from contracts.steps import StepBody as StepBodyType
from db.tables import Child
from tests.eventually import eventually
from tests.factories import SUPERVISOR
from workflows.diversion import DiversionWorkflow
from workflows.pathway import PathwayWorkflow

Handle = WorkflowHandle[PathwayWorkflow, PathwayState]


@dataclass
class Harness:
    client: Client
    task_queue: str
    database_url: str
    started: list[Handle] = field(default_factory=list)

    async def start(self, inp: PathwayInput, date_of_birth: date = date(2011, 5, 14)) -> Handle:
        add_child(self.database_url, inp.child.child_id, date_of_birth)
        # A diversion pathway's input runs as its own workflow type (`workflows.diversion`).
        run = PathwayWorkflow.run if inp.diversion is None else DiversionWorkflow.run
        handle = await self.client.start_workflow(
            run, inp, id=inp.pathway_id, task_queue=self.task_queue
        )
        self.started.append(handle)
        return handle

    async def terminate_all(self) -> None:
        """End what a test started: the time-skipping server will not skip time while a
        workflow whose worker has gone still has work due."""
        for handle in self.started:
            try:
                await handle.terminate("test finished")
            except RPCError:
                pass  # already closed

    @staticmethod
    async def step(handle: Handle, actor: Actor, body: StepBodyType) -> PathwayState:
        command = StepCommand(actor=actor, body=body)
        return await handle.execute_update(PathwayWorkflow.record_step, command)

    async def allocate(self, handle: Handle, team: str = "bromley") -> PathwayState:
        """Allocate the pathway (on the day of its order) so `team`'s caseworkers may see it."""
        made_on = (await self.state(handle)).order.made_on
        body = AllocationBody(completed_on=made_on, caseworker="casey.worker", team=team)
        return await self.step(handle, SUPERVISOR, body)

    @staticmethod
    async def refused(handle: Handle, actor: Actor, body: StepBodyType) -> str:
        with pytest.raises(WorkflowUpdateFailedError) as failure:
            await handle.execute_update(
                PathwayWorkflow.record_step, StepCommand(actor=actor, body=body)
            )
        cause = failure.value.cause
        assert isinstance(cause, ApplicationError)
        assert cause.type == "StepNotAllowed"
        return cause.message

    @staticmethod
    async def state(handle: Handle) -> PathwayState:
        return await handle.query(PathwayWorkflow.state)


def add_child(database_url: str, child_id: str, date_of_birth: date) -> None:
    """The case database holds the child's date of birth (the workflow only their id)."""
    from tests.conftest import sessions_for

    with sessions_for(database_url) as sessions, sessions.begin() as session:
        if session.get(Child, child_id) is None:
            session.add(
                Child(
                    child_id=child_id,
                    identity_key=child_id,
                    first_name="Test",
                    last_name="Child",
                    date_of_birth=date_of_birth,
                    gender="male",
                    created_at=datetime.now(UTC),
                )
            )


def fresh_queue() -> str:
    return f"test-{uuid.uuid4().hex[:10]}"


def due_dates(state: PathwayState) -> dict[str, date]:
    return {t.task_id: t.due_date for t in state.tasks}


async def outbox_keys(database_url: str, pathway_id: str, wanted: str) -> list[str]:
    """Outbox keys of a pathway; written beside the workflow's main loop, so wait a moment."""
    from sqlalchemy import select

    from db.tables import OutboxMessage
    from tests.conftest import sessions_for

    def keys() -> list[str]:
        with sessions_for(database_url) as sessions, sessions() as session:
            query = select(OutboxMessage.key).where(OutboxMessage.pathway_id == pathway_id)
            return list(session.scalars(query))

    return await eventually(
        keys,
        lambda found: any(wanted in k for k in found),
        what=f"an outbox key with {wanted!r}",
        seconds=5,
        every=0.1,
    )
