from datetime import date

from contracts.common import Step, TaskStatus
from contracts.steps import InitialPanelBody
from samples.restorative import enquiry, initial_panel
from tests.factories import CASEWORKER, pathway_input
from tests.workflows.harness import Harness, due_dates


async def test_a_referral_order_from_march_shows_every_missed_task_overdue_and_escalated(
    ts: Harness,
) -> None:
    # Friday 27 March 2026: Good Friday (3 Apr) and Easter Monday (6 Apr) are not working days.
    handle = await ts.start(pathway_input(date(2026, 3, 27)))
    state = await ts.state(handle)
    assert due_dates(state) | {} == {
        "allocation": date(2026, 3, 30),
        "first_contact": date(2026, 4, 7),
        "assessment": date(2026, 4, 21),
        "case_formulation": date(2026, 4, 28),
        "restorative_enquiry": date(2026, 4, 21),
        "initial_panel": date(2026, 4, 28),
        "closure": date(2026, 9, 27),
        # Issue 21: due with the assessment, and on the order's last day.
        "outcome_data_start": date(2026, 4, 21),
        "outcome_data_end": date(2026, 9, 27),
    }
    for task in state.tasks:
        assert task.status == TaskStatus.OVERDUE, task
        assert task.escalated, task


async def test_the_panel_is_refused_until_the_restorative_enquiry_is_recorded(ts: Harness) -> None:
    handle = await ts.start(pathway_input(date(2026, 3, 27)))
    await ts.allocate(handle)  # so the caseworker's team sees it
    reason = await ts.refused(handle, CASEWORKER, InitialPanelBody(completed_on=date(2026, 4, 20)))
    assert "restorative enquiry" in reason
    await ts.step(handle, CASEWORKER, enquiry(date(2026, 4, 14)))
    state = await ts.step(handle, CASEWORKER, initial_panel(date(2026, 4, 20)))
    panel = state.task(Step.INITIAL_PANEL.value)
    assert panel is not None and panel.status == TaskStatus.DONE
    assert state.order_starts_on == date(2026, 4, 20)
    assert state.order_ends_on == date(2026, 10, 20)
