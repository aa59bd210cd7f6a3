"""The diversion pathway's steps: the joint decision, the plan, the conditions, the exit plan.

Pure functions on a `PathwayState` whose `diversion` is set, called by `workflows.steps.record`
like every other step (so the update's validator and handler cannot disagree). What they
enforce, and why:

- The joint decision panel decides once. A police referral's decision is made by the police
  and the youth justice service together (`police_attendee` and `yjs_attendee`); a prevention
  referral from a school, social care or the family is the service's alone and cannot end in a
  caution, a community resolution or a charge, which only the police give (Crime and Disorder
  Act 1998, ss. 66ZA and 66A; College of Policing, "Community resolutions").
- No further action and a charge end the pathway at once (`CLOSING_OUTCOMES`): a charge goes
  to court, where a court pathway takes over and is linked to this one (ADR 0132).
- Every other outcome starts the work, due from the decision: first contact, the prevention and
  diversion assessment, the case formulation and the plan; the exit plan before the work's
  planned end (`DeadlinePolicy.diversion_months` from the decision), and closure at the end.
- A youth conditional caution's conditions are tasks due on their dates. One not complied with
  needs a reason, and goes back to the police within `noncompliance_to_police` working days
  (Crime and Disorder Act 1998, s. 66E: the police decide whether to prosecute the offence).
- The plan has a section the child writes in their own words, and comes after the assessment.
- Closed as completed needs the exit plan, and every condition settled.
"""

from datetime import date

from contracts.common import PathwayStatus, Step, TaskStatus
from contracts.diversion import (
    CLOSING_OUTCOMES,
    OUTCOME_NAMES,
    POLICE_OUTCOMES,
    Condition,
    ConditionOutcomeBody,
    ConditionStatus,
    DiversionPlan,
    DiversionPlanBody,
    DiversionSource,
    DiversionState,
    ExitPlan,
    ExitPlanBody,
    JointDecisionPanelBody,
    NoncomplianceToPoliceBody,
    PanelDecision,
    PanelOutcome,
)
from contracts.pathway import Notification, PathwayState
from contracts.reflections import ReflectionStage
from contracts.steps import Actor, ClosureBody, ClosureReason, StepBody
from core.workdays import add_months, is_working_day
from workflows.outcome_data import open_intervention_tasks
from workflows.reflections import reflect
from workflows.tasks import OPEN_STATUSES, Clock, complete, not_before, present, require
from workflows.victims import end_victim_work

DIVERSION_CLOSURES = frozenset(
    {ClosureReason.COMPLETED, ClosureReason.REVOKED_EARLY, ClosureReason.CHARGED}
)
"""How a caseworker may close a diversion pathway: completed, ended early, or charged after all
(a condition not complied with, sent back to the police). No further action is the panel's."""
COURT_ONLY_CLOSURES = frozenset(
    {ClosureReason.RETURNED_TO_COURT, ClosureReason.SUPERSEDED, ClosureReason.REVOKED_BY_COURT}
)
DIVERSION_ONLY_CLOSURES = frozenset({ClosureReason.NO_FURTHER_ACTION, ClosureReason.CHARGED})


def diversion_of(state: PathwayState) -> DiversionState:
    """The pathway's diversion part; the step is refused on a court pathway."""
    return present(state.diversion, "this step belongs to a diversion pathway")


def condition_task_id(condition_id: str) -> str:
    """The task that waits for a condition's outcome."""
    return f"condition:{condition_id}"


def police_task_id(condition_id: str) -> str:
    """The task that sends a condition not complied with back to the police."""
    return f"police:{condition_id}"


def _joint_decision(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    assert isinstance(body, JointDecisionPanelBody)
    diversion = diversion_of(state)
    require(
        diversion.decision is None,
        "the joint decision was recorded on "
        f"{diversion.decision.decided_on if diversion.decision else ''}",
    )
    police = diversion.details.source == DiversionSource.POLICE
    if police:
        require(
            body.police_attendee is not None,
            "police_attendee: the police and the youth justice service decide together: name "
            "the police decision maker",
        )
    else:
        require(
            body.outcome not in POLICE_OUTCOMES,
            f"outcome: {OUTCOME_NAMES[body.outcome].lower()} is the police's decision; a "
            f"referral from {diversion.details.source.value.replace('_', ' ')} can end in "
            "Turnaround, other prevention support or no further action",
        )
    reflect(
        state,
        clock,
        body.bias_reflection,
        ReflectionStage.DIVERSION_DECISION,
        f"diversion_decision:{body.outcome.value}",
        body.completed_on,
        actor.user,
    )
    on = body.completed_on
    diversion.decision = PanelDecision(
        outcome=body.outcome,
        decided_on=on,
        police_attendee=body.police_attendee,
        yjs_attendee=body.yjs_attendee,
        rationale=body.rationale,
        recorded_by=actor.user,
    )
    complete(state, Step.JOINT_DECISION_PANEL.value, on)
    if body.outcome in CLOSING_OUTCOMES:
        reason = (
            ClosureReason.CHARGED
            if body.outcome == PanelOutcome.CHARGE
            else ClosureReason.NO_FURTHER_ACTION
        )
        return close(state, reason, on, f"the joint decision panel decided: {body.outcome.value}")
    _start_the_work(state, body, clock)
    return []


def _start_the_work(state: PathwayState, body: JointDecisionPanelBody, clock: Clock) -> None:
    p, on = clock.policy, body.completed_on
    state.order_starts_on = on
    state.order_ends_on = add_months(on, p.diversion_months)
    closure = state.task(Step.CLOSURE.value)
    if closure is not None and closure.status in OPEN_STATUSES:
        clock.move_task(closure, state.order_ends_on)
    for step, days in (
        (Step.FIRST_CONTACT, p.first_contact),
        (Step.ASSESSMENT, p.diversion_assessment),
        (Step.CASE_FORMULATION, p.case_formulation),
        (Step.DIVERSION_PLAN, p.diversion_plan),
    ):
        clock.open_task(state, step.value, step, clock.due(on, days), on)
    exit_due = max(on, _working_days_before(clock, state.order_ends_on, p.exit_plan_before_end))
    clock.open_task(state, Step.EXIT_PLAN.value, Step.EXIT_PLAN, exit_due, on)
    diversion = diversion_of(state)
    for number, given in enumerate(body.conditions, start=1):
        condition = Condition(condition_id=f"c{number}", **given.model_dump())
        diversion.conditions.append(condition)
        task_id = condition_task_id(condition.condition_id)
        clock.open_task(state, task_id, Step.CONDITION_OUTCOME, condition.due_on, on)
    clock.schedule_next_review(state, on)
    open_intervention_tasks(state, clock, on)  # outcome data at its start and end (issue 21)


def _working_days_before(clock: Clock, end: date, days: int) -> date:
    """The working day `days` working days before `end`."""
    day = end
    while days > 0:
        day = date.fromordinal(day.toordinal() - 1)
        if is_working_day(day, clock.holidays):
            days -= 1
    return day


def _plan(state: PathwayState, body: StepBody, actor: Actor, clock: Clock) -> list[Notification]:
    assert isinstance(body, DiversionPlanBody)
    diversion = diversion_of(state)
    _decided_to_work(diversion)
    assessment = state.task(Step.ASSESSMENT.value)
    require(
        assessment is not None and assessment.status == TaskStatus.DONE,
        "the prevention and diversion assessment must be recorded before the plan",
    )
    assert assessment is not None and assessment.completed_on is not None
    not_before(body.completed_on, assessment.completed_on, "the assessment")
    diversion.plan = DiversionPlan(
        agreed_on=body.completed_on,
        plan_summary=body.plan_summary,
        goals=list(body.goals),
        child_own_words=body.child_own_words,
    )
    complete(state, Step.DIVERSION_PLAN.value, body.completed_on)
    return []


def _condition_outcome(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    assert isinstance(body, ConditionOutcomeBody)
    condition = _condition(state, body.condition_id)
    require(
        condition.status == ConditionStatus.OPEN,
        f"condition_id: {body.condition_id} was recorded as {condition.status.value} on "
        f"{condition.recorded_on}",
    )
    decided = diversion_of(state).decision
    assert decided is not None
    not_before(body.completed_on, decided.decided_on, "the joint decision")
    condition.status = ConditionStatus.COMPLIED if body.complied else ConditionStatus.NOT_COMPLIED
    condition.recorded_on = body.completed_on
    condition.reason = body.reason
    complete(state, condition_task_id(condition.condition_id), body.completed_on)
    if not body.complied:
        due = clock.due(body.completed_on, clock.policy.noncompliance_to_police)
        task_id = police_task_id(condition.condition_id)
        clock.open_task(state, task_id, Step.NONCOMPLIANCE_TO_POLICE, due, body.completed_on)
    return []


def _to_police(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    assert isinstance(body, NoncomplianceToPoliceBody)
    condition = _condition(state, body.condition_id)
    require(
        condition.status == ConditionStatus.NOT_COMPLIED,
        f"condition_id: {body.condition_id} was not recorded as not complied with",
    )
    require(
        condition.sent_to_police_on is None,
        f"condition_id: {body.condition_id} went back to the police on "
        f"{condition.sent_to_police_on}",
    )
    assert condition.recorded_on is not None
    not_before(body.completed_on, condition.recorded_on, "the condition was not complied with")
    condition.sent_to_police_on = body.completed_on
    complete(state, police_task_id(condition.condition_id), body.completed_on)
    return []


def _exit_plan(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    assert isinstance(body, ExitPlanBody)
    diversion = diversion_of(state)
    _decided_to_work(diversion)
    require(diversion.plan is not None, "the plan must be agreed before the exit plan")
    assert diversion.plan is not None
    not_before(body.completed_on, diversion.plan.agreed_on, "the plan was agreed")
    require(diversion.exit_plan is None, "the exit plan was already recorded")
    diversion.exit_plan = ExitPlan(
        agreed_on=body.completed_on,
        summary=body.summary,
        support_after=body.support_after,
        child_own_words=body.child_own_words,
    )
    complete(state, Step.EXIT_PLAN.value, body.completed_on)
    return []


def check_closure_reason(state: PathwayState, body: ClosureBody) -> None:
    """A closure's reason fits the pathway: a diversion's, or a court order's."""
    if state.diversion is None:
        require(
            body.reason not in DIVERSION_ONLY_CLOSURES,
            f"reason: {body.reason.value} closes a diversion pathway, not a court order",
        )
        return
    require(
        body.reason in DIVERSION_CLOSURES,
        f"reason: a diversion pathway closes as completed, revoked_early (ended early) or "
        f"charged, not {body.reason.value}",
    )
    if body.reason != ClosureReason.COMPLETED:
        return
    diversion = state.diversion
    require(
        diversion.decision is not None and diversion.exit_plan is not None,
        "a diversion pathway closed as completed needs the exit plan (record exit_plan first)",
    )
    unsettled = [c.condition_id for c in diversion.conditions if c.status == ConditionStatus.OPEN]
    require(
        not unsettled,
        f"record how condition {', '.join(unsettled)} went (condition_outcome) before closing",
    )


def close(state: PathwayState, reason: ClosureReason, on: date, why: str) -> list[Notification]:
    """End the pathway now (the panel's no further action or charge): every open task ends."""
    complete(state, Step.CLOSURE.value, on)
    for task in state.tasks:
        if task.status in OPEN_STATUSES:
            task.status = TaskStatus.CANCELLED
    state.status = PathwayStatus.CLOSED
    state.closure_reason = reason
    state.transfer = None
    return end_victim_work(state, on, why)


def _decided_to_work(diversion: DiversionState) -> None:
    require(
        diversion.decision is not None,
        "the joint decision panel must decide before the work starts",
    )


def _condition(state: PathwayState, condition_id: str) -> Condition:
    conditions = diversion_of(state).conditions
    found = next((c for c in conditions if c.condition_id == condition_id), None)
    return present(found, f"condition_id: there is no condition {condition_id} on this pathway")


HANDLERS = {
    Step.JOINT_DECISION_PANEL: _joint_decision,
    Step.DIVERSION_PLAN: _plan,
    Step.CONDITION_OUTCOME: _condition_outcome,
    Step.NONCOMPLIANCE_TO_POLICE: _to_police,
    Step.EXIT_PLAN: _exit_plan,
}
