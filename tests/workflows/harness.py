"""Run pathway workflows on a real Temporal server with a real worker on a fresh task queue."""

import uuid
from dataclasses import dataclass, field
from datetime import date

import pytest
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError

from contracts.pathway import PathwayInput, PathwayState
from contracts.steps import Actor, StepCommand
from contracts.steps import StepBody as StepBodyType
from workflows.pathway import PathwayWorkflow

Handle = WorkflowHandle[PathwayWorkflow, PathwayState]


@dataclass
class Harness:
    client: Client
    task_queue: str
    started: list[Handle] = field(default_factory=list)

    async def start(self, inp: PathwayInput) -> Handle:
        handle = await self.client.start_workflow(
            PathwayWorkflow.run, inp, id=inp.pathway_id, task_queue=self.task_queue
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
        return await handle.execute_update(
            PathwayWorkflow.record_step, StepCommand(actor=actor, body=body)
        )

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


def fresh_queue() -> str:
    return f"test-{uuid.uuid4().hex[:10]}"


def due_dates(state: PathwayState) -> dict[str, date]:
    return {t.task_id: t.due_date for t in state.tasks}
