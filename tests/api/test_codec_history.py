"""Through the real stack (API, worker and client with the codec, the dev server), every payload a
pathway leaves in Temporal's history is sealed and names that pathway, and failure messages are
sealed too, yet reach the API and the codec server intact."""

import asyncio
import base64
import json
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass

import httpx
import pytest
from google.protobuf import json_format
from google.protobuf.message import Message
from sqlalchemy import select
from temporalio.api.common.v1 import Payload, Payloads, WorkflowExecution
from temporalio.api.enums.v1 import EventType
from temporalio.api.history.v1 import History
from temporalio.api.query.v1 import WorkflowQuery
from temporalio.api.workflowservice.v1 import QueryWorkflowRequest
from temporalio.client import (
    Client,
    ScheduleActionExecutionStartWorkflow,
    ScheduleActionResult,
    WorkflowFailureError,
)
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from api.app import create_app
from contracts.retention import RetentionResult
from core.clients import data_converter
from core.codec import is_sealed, named_pathway
from core.schedules import ensure_retention_schedule
from core.settings import Settings
from readmodel.tables import PathwayRow
from tests.api.conftest import Api
from tests.api.failing import CASE_TEXT, FailingWorkflow, refuse_referral
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.factories import canonical_outcome
from tests.workflows.harness import fresh_queue
from worker import running_worker
from workflows.retention import SCHEDULE_ID


@dataclass
class Sealed:
    api: Api
    client: Client


@pytest.fixture
async def sealed(dev_env: WorkflowEnvironment, sqlite_url: str) -> AsyncIterator[Sealed]:
    """The app and a worker whose Temporal client seals payloads, as in every deployment."""
    settings = Settings(database_url=sqlite_url, temporal_task_queue=fresh_queue())
    client = Client(dev_env.client.service_client, namespace=dev_env.client.namespace,
                    data_converter=data_converter(settings))
    app = create_app(settings, client=client)
    async with running_worker(client, settings), app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            yield Sealed(Api(http, settings), client)


def payloads_in(message: Message, path: str = "") -> Iterator[tuple[str, Payload]]:
    """Every Payload inside a history event, with where it sits (search attributes left out:
    Temporal indexes them in the clear, and Pathway puts nothing personal in them)."""
    if isinstance(message, Payload):
        yield path, message
        return
    for field, value in message.ListFields():
        if field.name == "search_attributes":
            continue
        where = f"{path}.{field.name}"
        if field.message_type is None:
            continue
        if field.message_type.GetOptions().map_entry:
            for key, item in value.items():
                if isinstance(item, Message):
                    yield from payloads_in(item, f"{where}[{key}]")
        elif isinstance(value, Message):
            yield from payloads_in(value, where)
        else:
            for i, item in enumerate(value):
                yield from payloads_in(item, f"{where}[{i}]")


async def raw_history(client: Client, workflow_id: str) -> History:
    """The history as Temporal stores it: nothing decoded."""
    history = await client.get_workflow_handle(workflow_id).fetch_history()
    return History(events=history.events)


async def test_every_payload_of_a_pathway_in_history_is_sealed_and_names_the_pathway(sealed: Sealed) -> None:
    api = sealed.api
    r = await api.http.post("/v1/court-outcomes", json=canonical_outcome(court__code="B01QX00"),
                            headers=api.token("integrator"))
    pid = str(r.json()["results"][0]["pathway_id"])
    # The projection activity writes the read model: its input and result are in history.
    with sessions_for(api.settings.sqlalchemy_url) as sessions:

        def projected() -> str | None:
            with sessions() as s:
                return s.scalar(select(PathwayRow.pathway_id).where(PathwayRow.pathway_id == pid))

        await eventually(projected, what="the projection running", every=0.1)
    r = await api.http.post(f"/v1/pathways/{pid}/steps/allocation",
                            json={"completed_on": "2026-03-30", "caseworker": "casey", "team": "bromley"},
                            headers=api.token("supervisor"))
    assert r.status_code == 200, r.text
    # A refusal's reason travels as an encoded failure and still reaches the caller.
    r = await api.http.post(f"/v1/pathways/{pid}/steps/initial_panel", json={"completed_on": "2026-04-20"},
                            headers=api.token("caseworker"))
    assert r.status_code == 409 and "restorative enquiry" in r.json()["detail"], r.text
    r = await api.http.get(f"/v1/pathways/{pid}", headers=api.token("caseworker"))
    assert r.status_code == 200 and r.json()["order"]["court_code"] == "B01QX00", r.text

    # A query's answer is in no history: ask Temporal for it raw.
    answer = await sealed.client.workflow_service.query_workflow(QueryWorkflowRequest(
        namespace=sealed.client.namespace, execution=WorkflowExecution(workflow_id=pid),
        query=WorkflowQuery(query_type="state")))
    (state,) = answer.query_result.payloads
    assert is_sealed(state) and named_pathway(state) == pid

    history = await raw_history(sealed.client, pid)
    assert b"B01QX00" not in history.SerializeToString()
    found = [(event.event_type, where, p) for event in history.events for where, p in payloads_in(event)]
    kinds = {EventType.Name(kind) for kind, _, _ in found}
    assert {"EVENT_TYPE_WORKFLOW_EXECUTION_STARTED", "EVENT_TYPE_ACTIVITY_TASK_SCHEDULED",
            "EVENT_TYPE_ACTIVITY_TASK_COMPLETED", "EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED",
            "EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED"} <= kinds, kinds
    # The SDK writes a `workflow.patched` marker itself, in the clear: it holds the patch's name.
    patches = [p for _, where, p in found if where.startswith(".marker_recorded_event_attributes.details[patch-data]")]
    assert all(set(json.loads(p.data)) == {"id", "deprecated"} for p in patches), patches
    unsealed = [where for _, where, p in found if not is_sealed(p) and p not in patches]
    assert not unsealed, unsealed
    assert {named_pathway(p) for _, _, p in found if is_sealed(p)} == {pid}




async def test_a_failure_message_is_sealed_in_history_and_decodes_through_the_codec(sealed: Sealed) -> None:
    queue, workflow_id = fresh_queue(), f"failing-{uuid.uuid4().hex[:8]}"
    async with Worker(sealed.client, task_queue=queue, workflows=[FailingWorkflow], activities=[refuse_referral]):
        with pytest.raises(WorkflowFailureError) as failed:
            await sealed.client.execute_workflow(FailingWorkflow.run, CASE_TEXT, id=workflow_id, task_queue=queue)
    # The client decodes the failure: the message is whole for whoever handles it.
    activity_error = failed.value.cause
    assert isinstance(activity_error, ActivityError) and isinstance(activity_error.cause, ApplicationError)
    assert activity_error.cause.message == f"referral refused: {CASE_TEXT}"

    history = await raw_history(sealed.client, workflow_id)
    assert CASE_TEXT.encode() not in history.SerializeToString()
    failure = next(e.activity_task_failed_event_attributes.failure for e in history.events
                   if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)
    assert failure.message == "Encoded failure" and not failure.stack_trace
    assert is_sealed(failure.encoded_attributes) and named_pathway(failure.encoded_attributes) == workflow_id

    # The codec server decodes it, as the Temporal UI asks it to: this workflow is no pathway,
    # so for auditors only.
    body = json_format.MessageToDict(Payloads(payloads=[failure.encoded_attributes]))
    r = await sealed.api.http.post("/codec/decode", json=body, headers=sealed.api.token("supervisor"))
    assert r.status_code == 403
    r = await sealed.api.http.post("/codec/decode", json=body, headers=sealed.api.token("auditor", "alex", None))
    assert r.status_code == 200, r.text
    attributes = json.loads(base64.b64decode(r.json()["payloads"][0]["data"]))
    assert attributes["message"] == f"referral refused: {CASE_TEXT}" and "refuse_referral" in attributes["stack_trace"]


async def test_the_retention_workflow_started_by_its_schedule_reads_its_sealed_input(sealed: Sealed) -> None:
    """The schedule's action is sealed for the schedule's workflow id; each run's id adds a time."""
    settings = sealed.api.settings
    await ensure_retention_schedule(sealed.client, settings)
    schedule = sealed.client.get_schedule_handle(SCHEDULE_ID)
    try:
        await schedule.trigger()
        async def recent_actions() -> Sequence[ScheduleActionResult]:
            return (await schedule.describe()).info.recent_actions

        actions = await eventually(recent_actions, what="the schedule starting the workflow", every=0.1)
        action = actions[0].action
        assert isinstance(action, ScheduleActionExecutionStartWorkflow)
        assert action.workflow_id.startswith(f"{SCHEDULE_ID}-")
        result = await asyncio.wait_for(
            sealed.client.get_workflow_handle(action.workflow_id, result_type=RetentionResult).result(), 20)
        assert isinstance(result, RetentionResult)
        history = await raw_history(sealed.client, action.workflow_id)
        started = history.events[0].workflow_execution_started_event_attributes.input.payloads[0]
        assert is_sealed(started) and named_pathway(started) == SCHEDULE_ID
    finally:
        await schedule.delete()
