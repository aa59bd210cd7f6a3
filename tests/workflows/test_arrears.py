"""A pathway recorded in arrears (the demo's year, ADR 0146) keeps its clock at the latest day
recorded, so work done on time is never first escalated by today's date; told it has caught
up, it runs on today's date and what was left undone is overdue and escalated."""

from datetime import timedelta

from temporalio.testing import WorkflowEnvironment

from contracts.common import DisposalType, TaskStatus
from contracts.steps import AllocationBody, FirstContactBody
from core.workdays import london_date
from tests.eventually import eventually
from tests.factories import CASEWORKER, SUPERVISOR, pathway_input
from tests.workflows.harness import Harness

YRO = DisposalType.YOUTH_REHABILITATION_ORDER


async def test_work_recorded_in_arrears_on_time_is_never_escalated_and_the_rest_catches_up(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = london_date(await time_env.get_current_time())
    made = today - timedelta(days=70)
    held = await ts.start(pathway_input(made, YRO).model_copy(update={"in_arrears": True}))
    live = await ts.start(pathway_input(made, YRO))
    state = await ts.state(held)
    assert state.clock_held_at == made
    assert not any(t.escalated or t.status == TaskStatus.OVERDUE for t in state.tasks)
    lively = await ts.state(live)  # the same order, not in arrears: escalated at once by today
    assert lively.task("first_contact") and lively.task("first_contact").escalated  # type: ignore[union-attr]
    on_time = made + timedelta(days=2)
    body = AllocationBody(completed_on=made, caseworker="casey.worker", team="bromley")
    await ts.step(held, SUPERVISOR, body)
    state = await ts.step(held, CASEWORKER, FirstContactBody(completed_on=on_time))
    assert state.clock_held_at == on_time
    first = state.task("first_contact")
    assert first is not None and first.status == TaskStatus.DONE and not first.escalated
    await held.signal("caught_up")

    async def caught() -> object:
        return await ts.state(held)

    state = await eventually(
        caught, lambda s: s.clock_held_at is None, what="the clock runs on today", seconds=10
    )
    assessment = state.task("assessment")
    assert (
        assessment is not None and assessment.status == TaskStatus.OVERDUE and assessment.escalated
    )
    first = state.task("first_contact")
    assert first is not None and not first.escalated  # done on time: never escalated
