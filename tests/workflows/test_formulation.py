"""Case formulation as the keystone (issue 18) on the time-skipping server: what waits for it,
its versions, its agreed actions as tasks that fall overdue and escalate."""

from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError
from temporalio.testing import WorkflowEnvironment

from contracts.common import DisposalType, PathwayStatus, Step, TaskStatus
from contracts.steps import (
    AgreedAction,
    AgreedActionBody,
    CaseFormulationBody,
    ClosureBody,
    ClosureReason,
    InterventionPlanBody,
    ReviewBody,
)
from core.workdays import london_date
from tests.factories import CASEWORKER, REFLECTION, SUPERVISOR, pathway_input
from tests.workflows.harness import Handle, Harness

YRO = DisposalType.YOUTH_REHABILITATION_ORDER


def action(due: date, what: str = "Arrange a return-to-school meeting") -> AgreedAction:
    return AgreedAction(action=what, owner_agency="education", owner_person="Ms Patel", due_on=due)


def formulation(on: date, **changes: Any) -> CaseFormulationBody:
    fields: dict[str, Any] = dict(
        completed_on=on,
        agencies=["yjs", "education", "childrens_social_care"],
        formulation_summary="Offending linked to exclusion from school and conflict at home.",
        agreed_actions=[action(on + timedelta(days=14))],
        child_views="I want to go back to school.",
        family_views="We want the arguments at home to stop.",
        plain_language_summary="We agreed to help you get back to school.",
        bias_reflection=REFLECTION,
    )
    return CaseFormulationBody(**(fields | changes))


def closure(on: date, **changes: Any) -> ClosureBody:
    # Outcome data (issue 21) is waived here by the supervisor: these tests are about formulation.
    fields: dict[str, Any] = dict(
        completed_on=on,
        reason=ClosureReason.REVOKED_EARLY,
        bias_reflection=REFLECTION,
        no_outcome_data_reason="Revoked before the outcome data was gathered.",
    )
    return ClosureBody(**(fields | changes))


async def started(ts: Harness, env: WorkflowEnvironment) -> tuple[Handle, date]:
    today = london_date(await env.get_current_time())
    handle = await ts.start(pathway_input(today, YRO, length_months=12))
    await ts.allocate(handle)
    return handle, today


async def test_a_new_pathway_follows_the_formulation_rules(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, _ = await started(ts, time_env)
    assert (await ts.state(handle)).formulation_rules


async def test_the_intervention_plan_is_refused_before_the_formulation(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await started(ts, time_env)
    reason = await ts.refused(handle, CASEWORKER, InterventionPlanBody(completed_on=today))
    assert "case formulation must be recorded before the intervention plan" in reason
    await ts.step(handle, CASEWORKER, formulation(today))
    state = await ts.step(handle, CASEWORKER, InterventionPlanBody(completed_on=today))
    assert state.done(Step.INTERVENTION_PLAN.value)


async def test_closure_without_a_formulation_needs_a_supervisors_reason(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await started(ts, time_env)
    reason = await ts.refused(handle, CASEWORKER, closure(today))
    assert reason.startswith("no_formulation_reason:") and "only a supervisor" in reason
    said = closure(today, no_formulation_reason="The order was revoked within a week.")
    reason = await ts.refused(handle, CASEWORKER, said)
    assert "only a supervisor may close a pathway without a case formulation" in reason
    state = await ts.step(handle, SUPERVISOR, said)
    assert state.status == PathwayStatus.CLOSED
    waiver = state.closed_without_formulation
    assert waiver is not None and waiver.by == SUPERVISOR.user
    assert waiver.reason == "The order was revoked within a week."


async def test_closure_with_a_formulation_needs_no_reason_and_takes_none(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await started(ts, time_env)
    await ts.step(handle, CASEWORKER, formulation(today))
    reason = await ts.refused(handle, SUPERVISOR, closure(today, no_formulation_reason="x"))
    assert reason.startswith("no_formulation_reason: a case formulation was recorded")
    state = await ts.step(handle, SUPERVISOR, closure(today))
    assert state.status == PathwayStatus.CLOSED and state.closed_without_formulation is None
    # The open agreed action ends with the order, as every task does.
    assert state.task("action-v1-1") is not None
    assert state.task("action-v1-1").status == TaskStatus.CANCELLED  # type: ignore[union-attr]


def test_a_formulation_with_one_agency_and_no_reason_is_invalid() -> None:
    with pytest.raises(ValidationError) as invalid:
        formulation(date(2026, 4, 1), agencies=["yjs", "police"])
    assert "agencies_reason: name at least 2 agencies besides the youth justice service" in str(
        invalid.value
    )
    ok = formulation(date(2026, 4, 1), agencies=["yjs", "police"], agencies_reason="School shut.")
    assert ok.agencies_reason == "School shut."


async def test_one_agency_with_a_reason_is_recorded(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await started(ts, time_env)
    state = await ts.step(
        handle,
        CASEWORKER,
        formulation(today, agencies=["yjs", "police"], agencies_reason="Education declined."),
    )
    assert state.formulation is not None and state.formulation.agencies_reason


async def test_the_older_shape_is_refused_on_a_new_pathway_naming_the_fields(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await started(ts, time_env)
    old = formulation(today, agencies=None, agencies_present=["YJS", "School"])
    assert (await ts.refused(handle, CASEWORKER, old)).startswith("agencies: choose the agencies")
    untracked = formulation(today, agreed_actions=[AgreedAction(action="Call", owner="School")])
    reason = await ts.refused(handle, CASEWORKER, untracked)
    assert reason.startswith("agreed_actions.0.owner_agency:")
    late = formulation(today, agreed_actions=[action(today - timedelta(days=1))])
    assert "agreed_actions.0.due_on" in await ts.refused(handle, CASEWORKER, late)


async def test_versions_follow_a_review_and_actions_are_tasks_that_escalate(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await started(ts, time_env)
    state = await ts.step(handle, CASEWORKER, formulation(today))
    task = state.task("action-v1-1")
    assert task is not None and task.step == Step.AGREED_ACTION
    assert (task.owner_agency, task.owner_person) == ("education", "Ms Patel")
    assert task.due_date == today + timedelta(days=14)
    reason = await ts.refused(handle, CASEWORKER, formulation(today))
    assert "a new version follows a review, a breach or a court's decision" in reason

    await ts.step(handle, CASEWORKER, ReviewBody(completed_on=today))
    v2 = formulation(
        today,
        agreed_actions=[action(today + timedelta(days=3), "Book CAMHS"), action(today, "Call")],
        child_views="I still want to go back to school, and to play football.",
    )
    state = await ts.step(handle, CASEWORKER, v2)
    assert [f.version for f in state.formulations] == [1, 2]
    assert state.formulation is not None and state.formulation.version == 2
    assert state.formulation.trigger == "review"
    assert state.formulation.action_ids == ["action-v2-1", "action-v2-2"]
    statuses = {t.task_id: t.status for t in state.tasks if t.step == Step.AGREED_ACTION}
    assert statuses == {
        "action-v1-1": TaskStatus.CANCELLED,  # replaced by version 2's actions (ADR 0115)
        "action-v2-1": TaskStatus.OPEN,
        "action-v2-2": TaskStatus.OPEN,
    }
    state = await ts.step(
        handle, CASEWORKER, AgreedActionBody(completed_on=today, action_id="action-v2-2")
    )
    assert state.done("action-v2-2")
    again = AgreedActionBody(completed_on=today, action_id="action-v2-2")
    assert "action_id: agreed action action-v2-2 is done already" in await ts.refused(
        handle, CASEWORKER, again
    )
    gone = AgreedActionBody(completed_on=today, action_id="action-v1-1")
    assert "is cancelled already" in await ts.refused(handle, CASEWORKER, gone)
    missing = AgreedActionBody(completed_on=today, action_id="action-v9-1")
    assert "there is no agreed action action-v9-1" in await ts.refused(handle, CASEWORKER, missing)

    await time_env.sleep(timedelta(days=12))  # action-v2-1 falls overdue, then escalates
    task = (await ts.state(handle)).task("action-v2-1")
    assert task is not None and task.status == TaskStatus.OVERDUE and task.escalated


def test_a_pathway_keeps_at_most_twenty_versions() -> None:
    """Pure: the state travels in Temporal's payloads, so versions are bounded."""
    from datetime import UTC, datetime

    from contracts.pathway import PathwayState, TimelineEntry
    from workflows.formulation import MAX_VERSIONS
    from workflows.steps import record
    from workflows.tasks import Clock, StepRefused

    made = date(2026, 3, 27)
    inp = pathway_input(made, YRO, length_months=12)
    state = PathwayState(
        pathway_id="pw-versions",
        child=inp.child,
        order=inp.order,
        order_starts_on=made,
        order_ends_on=date(2027, 3, 27),
        team="bromley",
        formulation_rules=True,
    )
    clock = Clock(inp.deadlines, inp.calendar.holidays)
    now = datetime(2026, 6, 1, 12, tzinfo=UTC)
    for n in range(1, MAX_VERSIONS + 1):
        record(state, formulation(date(2026, 4, 1)), CASEWORKER, clock, now)
        assert state.formulation is not None and state.formulation.version == n
        state.timeline.append(
            TimelineEntry(on=date(2026, 4, 1), at=now, kind="review", by="c", summary="review")
        )
    with pytest.raises(StepRefused, match="has 20 versions, the most a pathway keeps"):
        record(state, formulation(date(2026, 4, 1)), CASEWORKER, clock, now)
