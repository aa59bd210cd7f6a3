"""The diversion pathway (issue 20) on the time-skipping server: each outcome of the joint
decision panel, a youth conditional caution breached, Turnaround asked of the rules, a plan in
the child's own words, the exit plan and closure, and retention of a closed diversion pathway."""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from temporalio.testing import WorkflowEnvironment

from activities.retention import RetentionActivities
from contracts.common import DisposalType, PathwayStatus, Step, TaskStatus
from contracts.diversion import (
    ConditionIn,
    ConditionOutcomeBody,
    ConditionStatus,
    DiversionPlanBody,
    DiversionSource,
    ExitPlanBody,
    JointDecisionPanelBody,
    NoncomplianceToPoliceBody,
    PanelOutcome,
    TurnaroundLocalFacts,
)
from contracts.facts import AssessmentFacts
from contracts.retention import RetentionRequest
from contracts.steps import (
    AssessmentBody,
    ClosureBody,
    ClosureReason,
    ComplianceFailureBody,
    FirstContactBody,
    VictimDetailsReceivedBody,
)
from contracts.turnaround import TurnaroundTrigger
from core.workdays import add_months, add_working_days, london_date
from readmodel.tables import DiversionRow, PathwayRow
from readmodel.writers import project
from tests.conftest import sessions_for
from tests.factories import CASEWORKER, REFLECTION, SUPERVISOR, diversion_input
from tests.workflows.harness import Handle, Harness

BORN = date(2012, 3, 1)


def panel(on: date, outcome: PanelOutcome, **changes: Any) -> JointDecisionPanelBody:
    fields: dict[str, Any] = dict(
        completed_on=on,
        outcome=outcome,
        police_attendee="PS 1234, youth diversion officer",
        yjs_attendee="Youth justice practitioner",
        rationale="First offence, admitted; the child and parent engaged.",
        bias_reflection=REFLECTION,
    )
    return JointDecisionPanelBody(**(fields | changes))


async def referred(ts: Harness, env: WorkflowEnvironment, **changes: Any) -> tuple[Handle, date]:
    today = london_date(await env.get_current_time())
    handle = await ts.start(diversion_input(today, **changes), date_of_birth=BORN)
    await ts.allocate(handle)
    return handle, today


async def test_a_referral_waits_for_the_joint_decision_within_10_working_days(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await referred(ts, time_env)
    state = await ts.state(handle)
    assert state.order.disposal == DisposalType.DIVERSION
    assert state.diversion is not None and state.diversion.decision is None
    panel_task = state.task(Step.JOINT_DECISION_PANEL.value)
    assert panel_task is not None
    assert panel_task.due_date == add_working_days(today, 10, ts_holidays(state))
    # Nothing else is due before the decision: the work follows what the panel decides.
    assert {t.task_id for t in state.tasks} == {"allocation", "joint_decision_panel", "closure"}
    # A court's steps do not apply, and a diversion step is refused before the decision.
    refused = await ts.refused(
        handle,
        CASEWORKER,
        ComplianceFailureBody(
            completed_on=today, failed_on=today, reasonable_excuse=False, details="Missed."
        ),
    )
    assert "does not apply to a diversion pathway" in refused
    refused = await ts.refused(
        handle,
        CASEWORKER,
        ExitPlanBody(completed_on=today, summary="Done.", support_after="School."),
    )
    assert "joint decision panel must decide" in refused


def ts_holidays(state: Any) -> frozenset[date]:
    from samples.orders import england_and_wales

    year = state.order.made_on.year
    return frozenset(england_and_wales(year - 1, year + 3).holidays)


async def test_no_further_action_closes_the_pathway_at_once(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await referred(ts, time_env)
    state = await ts.step(handle, SUPERVISOR, panel(today, PanelOutcome.NO_FURTHER_ACTION))
    assert state.status == PathwayStatus.CLOSED
    assert state.closure_reason == ClosureReason.NO_FURTHER_ACTION
    assert all(t.status in (TaskStatus.DONE, TaskStatus.CANCELLED) for t in state.tasks)
    decisions = [b.decision for b in state.bias_reflections]
    assert decisions == ["diversion_decision:no_further_action"]


async def test_a_decision_to_charge_closes_the_pathway_as_charged(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await referred(ts, time_env)
    state = await ts.step(handle, SUPERVISOR, panel(today, PanelOutcome.CHARGE))
    assert state.status == PathwayStatus.CLOSED
    assert state.closure_reason == ClosureReason.CHARGED
    assert state.diversion is not None and state.diversion.decision is not None
    assert state.diversion.decision.outcome == PanelOutcome.CHARGE


async def test_each_diverting_outcome_starts_the_work_due_from_the_decision(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    for outcome in (
        PanelOutcome.COMMUNITY_RESOLUTION,
        PanelOutcome.YOUTH_CAUTION,
        PanelOutcome.PREVENTION,
    ):
        handle, today = await referred(ts, time_env)
        state = await ts.step(handle, SUPERVISOR, panel(today, outcome))
        holidays = ts_holidays(state)
        assert state.status == PathwayStatus.OPEN, outcome
        due = {t.task_id: t.due_date for t in state.tasks if t.status == TaskStatus.OPEN}
        assert due["assessment"] == add_working_days(today, 15, holidays), outcome
        assert due["first_contact"] == add_working_days(today, 5, holidays)
        assert due["case_formulation"] == add_working_days(today, 20, holidays)
        assert due["diversion_plan"] == add_working_days(today, 20, holidays)
        end = add_months(today, 6)
        assert state.order_ends_on == end and due["closure"] == end
        assert due["exit_plan"] < end and "review-1" in due
        # The intervention's outcome data (issue 21): at its start with the assessment, and end.
        assert due["outcome_data_start"] == due["assessment"] and due["outcome_data_end"] == end
        assert state.diversion is not None and state.diversion.decision is not None
        assert state.diversion.decision.outcome == outcome


async def test_the_joint_decision_needs_the_police_and_a_reflection(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await referred(ts, time_env)
    body = panel(today, PanelOutcome.YOUTH_CAUTION, police_attendee=None)
    assert "police_attendee" in await ts.refused(handle, SUPERVISOR, body)
    body = panel(today, PanelOutcome.YOUTH_CAUTION, bias_reflection=None)
    assert "bias_reflection" in await ts.refused(handle, SUPERVISOR, body)
    await ts.step(handle, SUPERVISOR, panel(today, PanelOutcome.YOUTH_CAUTION))
    again = await ts.refused(handle, SUPERVISOR, panel(today, PanelOutcome.CHARGE))
    assert "joint decision was recorded on" in again


async def test_a_school_referral_is_for_prevention_not_a_caution(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await referred(ts, time_env, source=DiversionSource.SCHOOL, trigger=None)
    body = panel(today, PanelOutcome.YOUTH_CAUTION, police_attendee=None)
    assert "youth caution is the police's decision" in await ts.refused(handle, SUPERVISOR, body)
    state = await ts.step(
        handle, SUPERVISOR, panel(today, PanelOutcome.PREVENTION, police_attendee=None)
    )
    assert state.status == PathwayStatus.OPEN


async def test_turnaround_is_asked_of_the_rules_and_once_only(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = london_date(await time_env.get_current_time())
    first_input = diversion_input(today, trigger=TurnaroundTrigger.COMMUNITY_RESOLUTION)
    first = await ts.start(first_input, date_of_birth=BORN)
    await ts.allocate(first)
    state = await ts.step(first, SUPERVISOR, panel(today, PanelOutcome.TURNAROUND))
    assert state.diversion is not None and state.diversion.turnaround is not None
    assert state.diversion.turnaround.status == "eligible"
    with sessions_for(ts.database_url) as sessions:
        project(sessions, state)  # the caller writes the read model, as the command client does
    # A second referral of the same child is refused, naming the date of the first.
    second_input = diversion_input(today, trigger=TurnaroundTrigger.COMMUNITY_RESOLUTION)
    second_input = second_input.model_copy(update={"child": first_input.child})
    second = await ts.start(second_input, date_of_birth=BORN)
    await ts.allocate(second)
    refusal = await ts.refused(second, SUPERVISOR, panel(today, PanelOutcome.TURNAROUND))
    assert "not eligible for Turnaround" in refusal
    # A charge is not one of the programme's triggers; an unknown trigger asks for it.
    charged = await ts.start(diversion_input(today, trigger=TurnaroundTrigger.OTHER), BORN)
    await ts.allocate(charged)
    refusal = await ts.refused(charged, SUPERVISOR, panel(today, PanelOutcome.TURNAROUND))
    assert "trigger is one of the programme's" in refusal
    unknown = await ts.start(diversion_input(today, trigger=None), BORN)
    await ts.allocate(unknown)
    refusal = await ts.refused(unknown, SUPERVISOR, panel(today, PanelOutcome.TURNAROUND))
    assert "cannot be decided yet; collect" in refusal and "trigger" in refusal
    # The local exclusions the panel knows are read (off in rule set 2026.1: still eligible).
    local = TurnaroundLocalFacts(looked_after=True)
    third = await ts.start(diversion_input(today), BORN)
    await ts.allocate(third)
    state = await ts.step(
        third, SUPERVISOR, panel(today, PanelOutcome.TURNAROUND, turnaround=local)
    )
    assert state.diversion is not None and state.diversion.turnaround is not None


async def test_a_youth_conditional_caution_breached_goes_back_to_the_police(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await referred(ts, time_env)
    conditions = [
        ConditionIn(
            condition="Attend 6 sessions on the impact of the offence",
            due_on=today + timedelta(days=40),
        ),
        ConditionIn(condition="Write a letter of apology", due_on=today + timedelta(days=20)),
    ]
    state = await ts.step(
        handle,
        SUPERVISOR,
        panel(today, PanelOutcome.YOUTH_CONDITIONAL_CAUTION, conditions=conditions),
    )
    due = {t.task_id: t.due_date for t in state.tasks if t.status == TaskStatus.OPEN}
    assert due["condition:c1"] == today + timedelta(days=40)
    assert due["condition:c2"] == today + timedelta(days=20)
    # The apology is written; the sessions are not attended: a reason is needed.
    await ts.step(
        handle,
        CASEWORKER,
        ConditionOutcomeBody(completed_on=today, condition_id="c2", complied=True),
    )
    # Closed as completed needs every condition settled, even with the exit plan agreed.
    await ts.step(handle, CASEWORKER, AssessmentBody(completed_on=today, facts=AssessmentFacts()))
    await ts.step(
        handle,
        CASEWORKER,
        DiversionPlanBody(
            completed_on=today, plan_summary="Sessions.", goals=["Apologise"], child_own_words="OK."
        ),
    )
    await ts.step(
        handle,
        CASEWORKER,
        ExitPlanBody(completed_on=today, summary="Sessions done.", support_after="Mentor."),
    )
    completed = ClosureBody(
        completed_on=today,
        reason=ClosureReason.COMPLETED,
        bias_reflection=REFLECTION,
        no_formulation_reason="Light-touch caution work.",
    )
    refusal = await ts.refused(handle, SUPERVISOR, completed)
    assert "record how condition c1 went (condition_outcome) before closing" in refusal
    await time_env.sleep(timedelta(days=45))  # the sessions' condition falls overdue
    now = london_date(await time_env.get_current_time())
    state = await ts.state(handle)
    overdue = state.task("condition:c1")
    assert overdue is not None and overdue.status == TaskStatus.OVERDUE and overdue.escalated
    state = await ts.step(
        handle,
        CASEWORKER,
        ConditionOutcomeBody(
            completed_on=now, condition_id="c1", complied=False, reason="Attended 2 of 6 sessions."
        ),
    )
    police = state.task("police:c1")
    assert police is not None and police.status == TaskStatus.OPEN
    assert police.due_date == add_working_days(now, 2, ts_holidays(state))
    assert state.diversion is not None
    assert [c.status for c in state.diversion.conditions] == [
        ConditionStatus.NOT_COMPLIED,
        ConditionStatus.COMPLIED,
    ]
    refused = await ts.refused(
        handle,
        CASEWORKER,
        NoncomplianceToPoliceBody(completed_on=now, condition_id="c2", police_contact="PS 1234"),
    )
    assert "c2 was not recorded as not complied with" in refused
    state = await ts.step(
        handle,
        CASEWORKER,
        NoncomplianceToPoliceBody(completed_on=now, condition_id="c1", police_contact="PS 1234"),
    )
    assert state.done("police:c1")
    assert state.diversion is not None and state.diversion.conditions[0].sent_to_police_on == now
    # The police charge the offence: the caseworker closes the diversion pathway as charged.
    state = await ts.step(
        handle,
        SUPERVISOR,
        ClosureBody(
            completed_on=now,
            reason=ClosureReason.CHARGED,
            bias_reflection=REFLECTION,
            no_formulation_reason="Charged before the formulation meeting.",
            no_outcome_data_reason="Charged before the end of the intervention.",
        ),
    )
    assert state.status == PathwayStatus.CLOSED and state.closure_reason == ClosureReason.CHARGED


async def test_a_community_resolution_runs_to_its_exit_plan_in_the_childs_own_words(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await referred(ts, time_env, victim=True)
    state = await ts.step(handle, SUPERVISOR, panel(today, PanelOutcome.COMMUNITY_RESOLUTION))
    # A victim of the offence is engaged as on a court order: details, then contact.
    assert state.victims_v2
    state = await ts.step(
        handle,
        CASEWORKER,
        VictimDetailsReceivedBody(completed_on=today, police_reference="VR-1"),
    )
    assert any(t.step == Step.VICTIM_CONTACT for t in state.tasks)
    plan = DiversionPlanBody(
        completed_on=today,
        plan_summary="Weekly sessions on choices; a mentor.",
        goals=["Stay in school"],
        child_own_words="I want to stay out of trouble.",
    )
    assert "assessment must be recorded before the plan" in await ts.refused(
        handle, CASEWORKER, plan
    )
    await ts.step(handle, CASEWORKER, FirstContactBody(completed_on=today))
    state = await ts.step(
        handle, CASEWORKER, AssessmentBody(completed_on=today, facts=AssessmentFacts())
    )
    assert state.eligibility is not None  # the programmes' rules decided, as on a court order
    state = await ts.step(handle, CASEWORKER, plan)
    assert state.diversion is not None and state.diversion.plan is not None
    assert state.diversion.plan.child_own_words == "I want to stay out of trouble."
    closing = ClosureBody(
        completed_on=today, reason=ClosureReason.COMPLETED, bias_reflection=REFLECTION
    )
    assert "needs the exit plan" in await ts.refused(handle, SUPERVISOR, closing)
    await ts.step(
        handle,
        CASEWORKER,
        ExitPlanBody(completed_on=today, summary="Sessions done.", support_after="Mentor."),
    )
    court_reason = closing.model_copy(update={"reason": ClosureReason.RETURNED_TO_COURT})
    assert "a diversion pathway closes as" in await ts.refused(handle, SUPERVISOR, court_reason)


async def test_a_closed_diversion_pathway_is_anonymised_after_the_retention_period(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, today = await referred(ts, time_env)
    state = await ts.step(handle, SUPERVISOR, panel(today, PanelOutcome.NO_FURTHER_ACTION))
    with sessions_for(ts.database_url) as sessions:
        project(sessions, state)
        result = RetentionActivities(sessions).anonymise_closed_pathways(
            RetentionRequest(closed_before=today + timedelta(days=1), today=today)
        )
        assert result.pathways >= 1
        with sessions() as session:
            row = session.get(PathwayRow, state.pathway_id)
            assert row is not None and row.anonymised_on == today
            kept = session.execute(
                select(DiversionRow.outcome).where(DiversionRow.pathway_id == state.pathway_id)
            ).scalar()
            assert kept == "no_further_action"  # what reports count stays; nothing personal
