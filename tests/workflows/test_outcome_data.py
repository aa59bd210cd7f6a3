"""Outcome data at source (issue 21) on the time-skipping server: two tasks that fall overdue and
escalate, each point recorded once, and closure refused without both unless a supervisor gives
the reason. A pathway started before the `outcome-data-2026-12` patch (its state without the
rules) closes as before: shown on the pure functions here, and by every older recorded history
replaying (`tests/workflows/test_replay.py`)."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError
from temporalio.testing import WorkflowEnvironment

from contracts.common import DisposalType, PathwayStatus, Step, TaskStatus
from contracts.outcome_data import Ete, OutcomePoint
from contracts.pathway import DeadlinePolicy, PathwayState
from contracts.steps import ClosureBody, ClosureReason
from core.workdays import add_months, add_working_days, london_date
from samples import outcome_data
from samples.restorative import enquiry, initial_panel
from tests.factories import CASEWORKER, REFLECTION, SUPERVISOR, pathway_input
from tests.workflows.harness import Handle, Harness
from tests.workflows.test_journeys import formulation
from workflows.steps import record
from workflows.tasks import Clock, StepRefused

YRO = DisposalType.YOUTH_REHABILITATION_ORDER
WAIVER = "Revoked on appeal a week after sentence: no end data could be gathered."


def closure(on: date, **changes: Any) -> ClosureBody:
    fields: dict[str, Any] = dict(
        completed_on=on,
        reason=ClosureReason.REVOKED_EARLY,
        bias_reflection=REFLECTION,
        no_formulation_reason="Revoked before the formulation meeting.",
    )
    return ClosureBody(**(fields | changes))


async def started(ts: Harness, env: WorkflowEnvironment, disposal: DisposalType = YRO) -> tuple[
    Handle, date
]:
    today = london_date(await env.get_current_time())
    handle = await ts.start(pathway_input(today, disposal, length_months=12))
    await ts.allocate(handle)
    return handle, today


async def test_two_tasks_open_due_with_the_assessment_and_at_the_end_and_escalate(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await started(ts, time_env)
    state = await ts.state(handle)
    assert state.outcome_data_rules
    start, end = state.task("outcome_data_start"), state.task("outcome_data_end")
    assessment = state.task(Step.ASSESSMENT.value)
    assert start is not None and end is not None and assessment is not None
    assert (start.step, end.step) == (Step.OUTCOME_DATA, Step.OUTCOME_DATA)
    assert start.due_date == assessment.due_date
    assert end.due_date == state.order_ends_on == add_months(today, 12)
    # Past the start's deadline and its escalation: overdue and escalated, as every task.
    await time_env.sleep(timedelta(days=(start.escalate_on - today).days + 1))
    state = await ts.state(handle)
    start = state.task("outcome_data_start")
    assert start is not None and start.status == TaskStatus.OVERDUE and start.escalated
    on = london_date(await time_env.get_current_time())
    state = await ts.step(handle, CASEWORKER, outcome_data.start(on))
    assert state.done("outcome_data_start") and not state.done("outcome_data_end")
    assert state.outcome_start is not None and state.outcome_start.by == CASEWORKER.user
    assert state.outcome_start.accommodation_suitable is False


async def test_closure_is_refused_naming_what_is_missing_and_accepted_with_both(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await started(ts, time_env)
    reason = await ts.refused(handle, SUPERVISOR, closure(today))
    assert reason.startswith("no_outcome_data_reason: the outcome data at the start and the end")
    await ts.step(handle, CASEWORKER, outcome_data.start(today))
    reason = await ts.refused(handle, SUPERVISOR, closure(today))
    assert "the outcome data at the end is not recorded" in reason
    await ts.step(handle, CASEWORKER, outcome_data.end(today))
    reason = await ts.refused(handle, SUPERVISOR, closure(today, no_outcome_data_reason="x"))
    assert reason.startswith("no_outcome_data_reason: the outcome data was recorded")
    state = await ts.step(handle, SUPERVISOR, closure(today))
    assert state.status == PathwayStatus.CLOSED and state.closed_without_outcome_data is None
    assert state.done("outcome_data_end")
    assert state.outcome_end is not None and state.outcome_end.ete == Ete.SCHOOL


async def test_only_a_supervisor_closes_without_the_outcome_data_giving_the_reason(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await started(ts, time_env)
    await ts.step(handle, CASEWORKER, formulation(today))  # so only the outcome data is missing
    await ts.step(handle, CASEWORKER, outcome_data.start(today))
    said = closure(today, no_formulation_reason=None, no_outcome_data_reason=WAIVER)
    reason = await ts.refused(handle, CASEWORKER, said)
    assert reason == (
        "no_outcome_data_reason: only a supervisor may close a pathway without its outcome data"
    )
    state = await ts.step(handle, SUPERVISOR, said)
    assert state.status == PathwayStatus.CLOSED
    waiver = state.closed_without_outcome_data
    assert waiver is not None and (waiver.by, waiver.reason) == (SUPERVISOR.user, WAIVER)
    assert waiver.missing == [OutcomePoint.END] and waiver.on == today
    end = state.task("outcome_data_end")
    assert end is not None and end.status == TaskStatus.CANCELLED  # ends with the order


async def test_each_point_is_recorded_once_and_the_end_not_before_the_start(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    await time_env.sleep(timedelta(days=3))
    handle, today = await started(ts, time_env)
    await ts.step(handle, CASEWORKER, outcome_data.start(today))
    reason = await ts.refused(handle, CASEWORKER, outcome_data.start(today))
    assert reason == f"point: the outcome data at the start was recorded on {today}"
    # Back-dated to the order's day is allowed for the start only; the end follows the start.
    handle2, _ = await started(ts, time_env)
    await ts.step(handle2, CASEWORKER, outcome_data.start(today))
    reason = await ts.refused(handle2, CASEWORKER, outcome_data.end(today - timedelta(days=1)))
    assert "before the order was made" in reason or "before the outcome data at the start" in reason


async def test_a_referral_orders_contract_moves_the_end_task_with_the_order(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await started(ts, time_env, DisposalType.REFERRAL_ORDER)
    await time_env.sleep(timedelta(days=7))
    on = london_date(await time_env.get_current_time())
    await ts.step(handle, CASEWORKER, enquiry(on))
    state = await ts.step(handle, CASEWORKER, initial_panel(on))
    end = state.task("outcome_data_end")
    assert end is not None and end.due_date == state.order_ends_on == add_months(on, 12)


# The body: every answer bounded and consistent, a 422 naming the field (through the API:
# `tests/api/test_outcome_data_api.py`).


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ete_hours_offered": 41}, "ete_hours_offered"),
        ({"ete_hours_attended": -1}, "ete_hours_attended"),
        ({"ete": "school", "ete_hours_offered": 10, "ete_hours_attended": 12}, "ete_hours_attended"),
        ({"ete": "none", "ete_hours_offered": 5}, "ete"),
        ({"send_identified": False, "send_formal_plan": True}, "send_formal_plan"),
        ({"mental_health_need": False}, "mental_health_offered"),
        ({"substance_use_attended": True}, "substance_use_attended"),
        ({"accommodation": "unknown"}, "accommodation"),
    ],
)
def test_an_inconsistent_or_out_of_range_answer_is_invalid_naming_its_field(
    changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as invalid:
        outcome_data.start(date(2026, 4, 1), **changes)
    assert field in str(invalid.value)


# A pathway started before the patch: no rules in its state, so nothing changes for it.

MADE = date(2026, 1, 5)
NOW = datetime(2027, 6, 1, 12, tzinfo=UTC)


def older_state() -> tuple[PathwayState, Clock]:
    inp = pathway_input(MADE, YRO, length_months=6)
    clock = Clock(DeadlinePolicy(), inp.calendar.holidays)
    state = PathwayState(
        pathway_id=inp.pathway_id,
        child=inp.child,
        order=inp.order,
        order_starts_on=MADE,
        order_ends_on=add_months(MADE, 6),
    )
    clock.open_initial_tasks(state)
    return state, clock


def test_a_pathway_started_before_the_patch_closes_as_before_and_takes_no_outcome_data() -> None:
    state, clock = older_state()
    assert state.task("outcome_data_start") is None and not state.outcome_data_rules
    with pytest.raises(StepRefused) as refused:
        record(state.model_copy(deep=True), outcome_data.start(MADE), CASEWORKER, clock, NOW)
    assert "started before outcome data was recorded" in str(refused.value)
    record(state, closure(state.order_ends_on), SUPERVISOR, clock, NOW)
    assert state.status == PathwayStatus.CLOSED and state.closed_without_outcome_data is None


def test_the_start_task_is_due_with_the_assessments_working_days() -> None:
    from workflows.outcome_data import open_tasks

    state, clock = older_state()
    open_tasks(state, clock)
    start = state.task("outcome_data_start")
    assert start is not None
    assert start.due_date == add_working_days(MADE, DeadlinePolicy().assessment, clock.holidays)
