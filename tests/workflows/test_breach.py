"""Compliance and breach on the time-skipping server: warnings, breach action, the court's decision."""

from datetime import date, timedelta

import pytest
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from access import Role, User
from contracts.breach import (
    BreachActionBody,
    BreachPanelBody,
    ComplianceFailureBody,
    CourtOutcomeAwaitedBody,
    FailureOutcome,
    OrderChange,
    OrderChangeKind,
    Resentence,
    WarningGivenBody,
)
from contracts.common import DisposalType, PathwayStatus, Step, TaskStatus
from contracts.pathway import PathwayState
from contracts.steps import ClosureReason
from core.workdays import london_date
from tests.factories import CASEWORKER, REFLECTION, pathway_input
from tests.workflows.harness import Handle, Harness
from workflows.pathway import PathwayWorkflow

COURT_FEED = User(name="court feed", role=Role.INTEGRATOR).actor


async def today_of(env: WorkflowEnvironment) -> date:
    return london_date(await env.get_current_time())


def failure(on: date, excuse: bool = False) -> ComplianceFailureBody:
    return ComplianceFailureBody(
        completed_on=on, failed_on=on, reasonable_excuse=excuse, details="Missed an appointment."
    )


def open_steps(state: PathwayState) -> set[Step]:
    return {t.step for t in state.tasks if t.status in (TaskStatus.OPEN, TaskStatus.OVERDUE)}


async def change(handle: Handle, on: date, kind: OrderChangeKind, **fields: object) -> PathwayState:
    command = OrderChange(
        actor=COURT_FEED, change=kind, decided_on=on, court_code="B01LY00", **fields
    )  # type: ignore[arg-type]
    return await handle.execute_update(PathwayWorkflow.order_change, command)


async def refused_change(
    handle: Handle, on: date, kind: OrderChangeKind, actor: object = COURT_FEED, **fields: object
) -> str:
    command = OrderChange(actor=actor, change=kind, decided_on=on, court_code="B01LY00", **fields)  # type: ignore[arg-type]
    with pytest.raises(WorkflowUpdateFailedError) as failed:
        await handle.execute_update(PathwayWorkflow.order_change, command)
    cause = failed.value.cause
    assert isinstance(cause, ApplicationError) and cause.type == "StepNotAllowed"
    return cause.message


async def warned_then_breached(
    ts: Harness, env: WorkflowEnvironment, disposal: DisposalType
) -> tuple[Handle, date]:
    """A pathway whose child failed, was warned, and failed again: a breach is open."""
    today = await today_of(env)
    handle = await ts.start(pathway_input(today, disposal, length_months=12))
    await ts.allocate(handle)
    state = await ts.step(handle, CASEWORKER, failure(today))
    assert open_steps(state) >= {Step.WARNING_GIVEN} and Step.BREACH_ACTION not in open_steps(state)
    state = await ts.step(handle, CASEWORKER, WarningGivenBody(completed_on=today, bias_reflection=REFLECTION))
    assert len(state.compliance.warnings) == 1 and Step.WARNING_GIVEN not in open_steps(state)
    await env.sleep(timedelta(days=30))
    later = await today_of(env)
    state = await ts.step(handle, CASEWORKER, failure(later))
    assert state.compliance.failures[-1].outcome == FailureOutcome.BREACH
    assert Step.BREACH_ACTION in open_steps(state)
    assert [e.kind for e in state.timeline][-3:] == [
        "compliance_failure",
        "warning_given",
        "compliance_failure",
    ]
    return handle, later


async def test_a_warning_then_a_breach_on_a_yro_goes_to_court_and_the_court_continues_it(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, on = await warned_then_breached(ts, time_env, DisposalType.YOUTH_REHABILITATION_ORDER)
    reason = await ts.refused(
        handle,
        CASEWORKER,
        BreachActionBody(completed_on=on, referred_to="panel", bias_reflection=REFLECTION),
    )
    assert "youth rehabilitation order (Sch. 7) goes to the court" in reason
    state = await ts.step(
        handle,
        CASEWORKER,
        BreachActionBody(completed_on=on, referred_to="court", bias_reflection=REFLECTION),
    )
    assert Step.COURT_OUTCOME_AWAITED in open_steps(state)
    assert state.status == PathwayStatus.OPEN, "returning to court keeps the pathway open"
    reason = await ts.refused(handle, CASEWORKER, CourtOutcomeAwaitedBody(completed_on=on))
    assert "court feed" in reason
    assert "only the court feed" in await refused_change(
        handle, on, OrderChangeKind.CONTINUED, actor=CASEWORKER
    )
    state = await change(handle, on, OrderChangeKind.CONTINUED)
    assert Step.COURT_OUTCOME_AWAITED not in open_steps(state)
    assert state.status == PathwayStatus.OPEN
    assert [(b.referred_to, b.outcome) for b in state.compliance.breaches] == [
        ("court", "continued")
    ]
    assert state.timeline[-1].kind == "order_change" and "continued" in state.timeline[-1].summary
    # The breach is resolved: the next failure within the warned period opens another breach.
    state = await ts.step(handle, CASEWORKER, failure(on))
    assert len(state.compliance.breaches) == 2 and state.task("breach_action-2") is not None


async def test_a_yro_revoked_and_resentenced_closes_linked_to_the_new_order_with_the_same_case_manager(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, on = await warned_then_breached(ts, time_env, DisposalType.YOUTH_REHABILITATION_ORDER)
    await ts.step(
        handle,
        CASEWORKER,
        BreachActionBody(completed_on=on, referred_to="court", bias_reflection=REFLECTION),
    )
    reason = await refused_change(handle, on, OrderChangeKind.REVOKED_AND_RESENTENCED)
    assert "new_pathway_id" in reason
    new_input = pathway_input(on, DisposalType.DETENTION_AND_TRAINING_ORDER, length_months=4)
    state = await change(
        handle,
        on,
        OrderChangeKind.REVOKED_AND_RESENTENCED,
        new_pathway_id=new_input.pathway_id,
        new_disposal=DisposalType.DETENTION_AND_TRAINING_ORDER,
    )
    assert state.status == PathwayStatus.CLOSED and state.closure_reason == ClosureReason.SUPERSEDED
    assert state.compliance.superseded_by == new_input.pathway_id
    assert state.compliance.breaches[-1].outcome == "revoked_and_resentenced"
    assert not open_steps(state)
    final = await handle.result()
    assert final.status == PathwayStatus.CLOSED
    # The intake starts the new order's pathway with the old one's case manager and team.
    carried = new_input.model_copy(
        update={
            "resentenced_from": Resentence(
                pathway_id=state.pathway_id, caseworker=state.caseworker, team=state.team
            )
        }
    )
    new = await ts.state(await ts.start(carried))
    assert (new.caseworker, new.team) == ("casey.worker", "bromley")
    assert new.compliance.resentenced_from == state.pathway_id
    allocation = new.task("allocation")
    assert allocation is not None and allocation.status == TaskStatus.DONE
    assert new.timeline[-1].kind == "resentenced"
    with pytest.raises((WorkflowUpdateFailedError, RPCError)):  # the pathway has ended
        await change(handle, on, OrderChangeKind.CONTINUED)


async def test_a_referral_order_breach_goes_back_to_the_panel_which_refers_it_to_court(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, on = await warned_then_breached(ts, time_env, DisposalType.REFERRAL_ORDER)
    reason = await ts.refused(
        handle,
        CASEWORKER,
        BreachActionBody(completed_on=on, referred_to="court", bias_reflection=REFLECTION),
    )
    assert "referral order (Sentencing Act 2020, Sch. 4) goes to the panel" in reason
    assert "no breach is before the panel" in await ts.refused(
        handle, CASEWORKER, BreachPanelBody(completed_on=on, decision="refer_to_court")
    )
    state = await ts.step(
        handle,
        CASEWORKER,
        BreachActionBody(completed_on=on, referred_to="panel", bias_reflection=REFLECTION),
    )
    assert Step.BREACH_PANEL in open_steps(state) and Step.COURT_OUTCOME_AWAITED not in open_steps(
        state
    )
    state = await ts.step(
        handle, CASEWORKER, BreachPanelBody(completed_on=on, decision="refer_to_court")
    )
    assert Step.COURT_OUTCOME_AWAITED in open_steps(state)
    ends = state.order_ends_on
    state = await change(
        handle, on, OrderChangeKind.EXTENDED, extended_to=ends + timedelta(days=60)
    )
    assert state.order_ends_on == ends + timedelta(days=60)
    closure = state.task("closure")
    assert closure is not None and closure.due_date == state.order_ends_on
    assert state.compliance.breaches[-1].outcome == "extended"


async def test_a_referral_order_panel_may_continue_the_contract(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, on = await warned_then_breached(ts, time_env, DisposalType.REFERRAL_ORDER)
    await ts.step(
        handle,
        CASEWORKER,
        BreachActionBody(completed_on=on, referred_to="panel", bias_reflection=REFLECTION),
    )
    state = await ts.step(
        handle, CASEWORKER, BreachPanelBody(completed_on=on, decision="continue_contract")
    )
    assert state.compliance.breaches[-1].outcome == "panel_continued"
    assert not open_steps(state) & {Step.BREACH_PANEL, Step.COURT_OUTCOME_AWAITED}


async def test_breach_steps_out_of_turn_are_refused_with_a_reason(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = await today_of(time_env)
    handle = await ts.start(
        pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=12)
    )
    await ts.allocate(handle)
    assert "no breach is open" in await ts.refused(
        handle,
        CASEWORKER,
        BreachActionBody(completed_on=today, referred_to="court", bias_reflection=REFLECTION),
    )
    assert "no failure to comply is awaiting a warning" in await ts.refused(
        handle, CASEWORKER, WarningGivenBody(completed_on=today, bias_reflection=REFLECTION)
    )
    state = await ts.step(handle, CASEWORKER, failure(today, excuse=True))
    assert state.compliance.failures[-1].outcome == FailureOutcome.EXCUSED
    assert Step.WARNING_GIVEN not in open_steps(state), (
        "a failure with a reasonable excuse is not warned"
    )
    assert "extended_to" in await refused_change(handle, today, OrderChangeKind.EXTENDED)
    assert "Sch. 7 para 10(5)" in await refused_change(
        handle,
        today,
        OrderChangeKind.EXTENDED,
        extended_to=state.order_ends_on + timedelta(days=200),
    )
    assert "s. 243" in await refused_change(
        handle, today, OrderChangeKind.DETENTION_FOR_BREACH, detention_months=1
    )
    state = await change(handle, today, OrderChangeKind.REVOKED)
    assert state.closure_reason == ClosureReason.REVOKED_BY_COURT
    assert (await handle.result()).status == PathwayStatus.CLOSED


async def test_detention_for_breach_of_a_dto_moves_the_community_tasks_past_the_period(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = await today_of(time_env)
    handle = await ts.start(
        pathway_input(today, DisposalType.DETENTION_AND_TRAINING_ORDER, length_months=12)
    )
    await ts.allocate(handle)
    before = await ts.state(handle)
    assert "1 to 3 months" in await refused_change(
        handle, today, OrderChangeKind.DETENTION_FOR_BREACH, detention_months=4
    )
    state = await change(handle, today, OrderChangeKind.DETENTION_FOR_BREACH, detention_months=1)
    until = state.compliance.order_changes[-1].detention_until
    assert until is not None and until > today
    moved = {t.task_id: t.due_date for t in state.tasks}
    first = before.task("first_contact")
    assert first is not None and first.due_date <= until < moved["first_contact"]
    assert moved["closure"] == before.order_ends_on, "the order's end does not move"
    assert moved["custody_planning"] == (before.task("custody_planning") or first).due_date
    assert state.timeline[-1].kind == "order_change" and str(until) in state.timeline[-1].summary
