"""A referral order's restorative enquiry, parent work and panels on the time-skipping server.

The rules one by one are in `test_restorative_rules.py`; here the workflow keeps them: the
patch marks new pathways, refusals come back as the update's failure, a declined enquiry
cancels the parent work, and the contract's progress panels fall due and escalate.
"""

from datetime import date, timedelta

from temporalio.testing import WorkflowEnvironment

from contracts.common import Step, TaskStatus
from contracts.steps import RestorativeEnquiryBody
from core.workdays import add_months, london_date
from samples.restorative import enquiry, initial_panel, parent_work
from tests.factories import CASEWORKER, SUPERVISOR, pathway_input
from tests.workflows.harness import Harness


async def today_of(env: WorkflowEnvironment) -> date:
    return london_date(await env.get_current_time())


async def test_a_declined_enquiry_cancels_the_parent_work_and_the_panel_still_sits(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = await today_of(time_env)
    handle = await ts.start(pathway_input(today))
    await ts.allocate(handle)
    state = await ts.state(handle)
    assert state.restorative is not None, "a new referral order runs under the patch"
    declined = RestorativeEnquiryBody(completed_on=today, not_done_reason="The child declined.")
    assert "only a supervisor" in await ts.refused(handle, CASEWORKER, declined)
    state = await ts.step(handle, SUPERVISOR, declined)
    enquiry_task = state.task(Step.RESTORATIVE_ENQUIRY.value)
    parent = state.task(Step.PARENT_RESTORATIVE_WORK.value)
    assert enquiry_task is not None and parent is not None
    assert (enquiry_task.status, enquiry_task.not_done) == (TaskStatus.CANCELLED, True)
    assert (parent.status, parent.not_done) == (TaskStatus.CANCELLED, True)
    assert "was not done" in await ts.refused(handle, CASEWORKER, parent_work(today))
    # The initial panel with one community member and no reason is refused, naming the field.
    one_member = initial_panel(today, community_panel_members=1)
    reason = await ts.refused(handle, CASEWORKER, one_member)
    assert reason.startswith("not_quorate_reason:")
    state = await ts.step(handle, CASEWORKER, initial_panel(today))
    assert state.done(Step.INITIAL_PANEL.value)


async def test_the_contracts_progress_panels_fall_due_and_escalate(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = await today_of(time_env)
    handle = await ts.start(pathway_input(today, length_months=6))
    await ts.allocate(handle)
    await ts.step(handle, CASEWORKER, enquiry(today))
    state = await ts.step(
        handle, CASEWORKER, initial_panel(today, progress_panel_interval_months=2)
    )
    first = state.task("progress_panel-1")
    assert first is not None and first.due_date == add_months(today, 2)
    await time_env.sleep(timedelta(days=75))
    state = await ts.state(handle)
    first = state.task("progress_panel-1")
    assert first is not None and first.status == TaskStatus.OVERDUE and first.escalated
    final = state.task(Step.FINAL_PANEL.value)
    assert final is not None and final.status == TaskStatus.OPEN
