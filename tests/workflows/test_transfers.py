"""A transfer between services: asked for, then accepted or refused by the receiving team."""

from datetime import date, timedelta

import pytest
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment

from contracts.common import DisposalType, TaskStatus
from contracts.steps import (
    Actor,
    AllocationBody,
    FirstContactBody,
    StepBody,
    StepCommand,
    TransferAcceptedBody,
    TransferRefusedBody,
    TransferRequestedBody,
)
from core.errors import NOT_VISIBLE
from core.workdays import london_date
from db.tables import OutboxMessage
from tests.conftest import sessions_for
from tests.factories import CASEWORKER, REFLECTION, SUPERVISOR, pathway_input
from tests.workflows.harness import Handle, Harness, outbox_keys
from workflows.pathway import PathwayWorkflow

CROYDON_SUPERVISOR = Actor(user="cal.supervisor", role="supervisor", team="croydon")
CROYDON_CASEWORKER = Actor(user="cam.worker", role="caseworker", team="croydon")
MOVED = "the child has moved to Croydon with their mother"


async def not_found(handle: Handle, actor: Actor, body: StepBody) -> None:
    """The actor may not see the pathway: the workflow answers as if there were none."""
    with pytest.raises(WorkflowUpdateFailedError) as failure:
        await handle.execute_update(
            PathwayWorkflow.record_step, StepCommand(actor=actor, body=body)
        )
    cause = failure.value.cause
    assert isinstance(cause, ApplicationError) and cause.type == NOT_VISIBLE


async def allocated_and_asked(ts: Harness, env: WorkflowEnvironment) -> tuple[Handle, date]:
    """A Bromley youth rehabilitation order, allocated, that Bromley asks Croydon to take on."""
    today = london_date(await env.get_current_time())
    handle = await ts.start(
        pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=12)
    )
    await ts.allocate(handle)  # casey.worker, bromley
    state = await ts.step(
        handle,
        SUPERVISOR,
        TransferRequestedBody(completed_on=today, to_team="croydon", reason=MOVED, bias_reflection=REFLECTION),
    )
    assert state.transfer is not None and state.transfer.to_team == "croydon"
    assert (state.team, state.caseworker) == ("bromley", "casey.worker")
    # The receiving team's supervisors are told.
    await outbox_keys(ts.database_url, handle.id, f"{handle.id}:transfer-1")
    with sessions_for(ts.database_url) as sessions, sessions() as session:
        told = session.get(OutboxMessage, f"{handle.id}:transfer-1")
        assert told is not None and told.team == "croydon" and MOVED not in told.message
    return handle, today


async def test_a_transfer_accepted_moves_the_child_to_the_receiving_team_unallocated(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, asked_on = await allocated_and_asked(ts, time_env)
    # Until acceptance the sending team keeps it, and its deadlines keep running.
    await time_env.sleep(timedelta(days=10))
    state = await ts.state(handle)
    assert state.team == "bromley" and state.task("first_contact").status == TaskStatus.OVERDUE
    # The receiving team's supervisors see it, to decide, and may do nothing else.
    refused = await ts.refused(handle, CROYDON_SUPERVISOR, FirstContactBody(completed_on=asked_on))
    assert "may only accept or refuse" in refused
    await not_found(handle, CROYDON_CASEWORKER, FirstContactBody(completed_on=asked_on))
    # Refused with a reason: a second request, and acceptance by the sending team.
    again = TransferRequestedBody(completed_on=asked_on, to_team="lewisham", reason=MOVED, bias_reflection=REFLECTION)
    assert "is pending since" in await ts.refused(handle, SUPERVISOR, again)
    accepted = TransferAcceptedBody(completed_on=asked_on, bias_reflection=REFLECTION)
    assert "receiving team (croydon)" in await ts.refused(handle, SUPERVISOR, accepted)

    state = await ts.step(handle, CROYDON_SUPERVISOR, accepted)

    assert (state.team, state.caseworker, state.transfer) == ("croydon", None, None)
    assert state.case_manager_changes == 1
    assert state.task("allocation-2").status == TaskStatus.OPEN
    assert state.task("first_contact").status == TaskStatus.OVERDUE  # the work goes with it
    await not_found(handle, CASEWORKER, FirstContactBody(completed_on=asked_on))
    # Croydon allocates its own case manager: an empty place filled, not another change.
    body = AllocationBody(completed_on=asked_on, caseworker="cam.worker", team="croydon")
    state = await ts.step(handle, CROYDON_SUPERVISOR, body)
    assert state.task("allocation-2").status == TaskStatus.DONE
    assert (state.caseworker, state.case_manager_changes) == ("cam.worker", 1)
    assert [e.kind for e in state.timeline][-3:] == [
        "transfer_requested",
        "transfer_accepted",
        "allocation",
    ]


async def test_a_transfer_refused_leaves_the_child_with_the_sending_team(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, asked_on = await allocated_and_asked(ts, time_env)
    blank = TransferRefusedBody(completed_on=asked_on, reason="no stable address in Croydon yet", bias_reflection=REFLECTION)

    state = await ts.step(handle, CROYDON_SUPERVISOR, blank)

    assert (state.team, state.caseworker, state.transfer) == ("bromley", "casey.worker", None)
    assert state.case_manager_changes == 0
    assert state.timeline[-1].kind == "transfer_refused"
    assert state.timeline[-1].details["reason"] == "no stable address in Croydon yet"
    # Croydon no longer sees it; acceptance with none pending, and to the same team, refused.
    await not_found(handle, CROYDON_SUPERVISOR, TransferAcceptedBody(completed_on=asked_on, bias_reflection=REFLECTION))
    accept = TransferAcceptedBody(completed_on=asked_on, bias_reflection=REFLECTION)
    assert "no transfer is pending" in await ts.refused(handle, SUPERVISOR, accept)
    same = TransferRequestedBody(completed_on=asked_on, to_team="bromley", reason=MOVED, bias_reflection=REFLECTION)
    assert "a transfer must be to another team" in await ts.refused(handle, SUPERVISOR, same)
    asked_by_caseworker = TransferRequestedBody(completed_on=asked_on, to_team="x", reason=MOVED, bias_reflection=REFLECTION)
    assert "only a supervisor" in await ts.refused(handle, CASEWORKER, asked_by_caseworker)
