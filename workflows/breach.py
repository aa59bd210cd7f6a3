"""Compliance and breach, and the court's decisions on a running order: pure rules on the state.

The law and guidance the rules follow:

- A failure to comply without reasonable excuse gets a warning; a further one within the warned
  period (12 months from a warning) goes back. Youth rehabilitation orders: Sentencing Act
  2020, Sch. 7 para 4 (warnings and the warned period; a breach in a warned period during which
  a further warning was given must go to court), the court's powers in Sch. 7 paras 6-7, an end
  date extended at most 6 months, once, para 10(4)-(6). Referral orders: back to the youth
  offender panel, which may refer the child back to court (Sentencing Act 2020, Sch. 4).
  DTO supervision: to court, which may order detention for up to 3 months, not beyond the
  term (Sentencing Act 2020, s. 243). How many warnings come before breach action, and the
  warned period, are `DeadlinePolicy.warnings_before_breach` and `warned_period_months`.
- The panel meeting called for non-compliance either continues the contract or refers the
  child back to court (Referral order guidance, Ministry of Justice and YJB, 2018, on
  non-compliance: the panel decides; only the panel refers back to court).

Each step's rules raise `StepRefused` with a reason a caseworker can act on, as
`workflows.steps` does; `apply_order_change` does the same for the court feed's decision.
"""

from datetime import date, datetime, timedelta

from contracts.breach import (
    BreachActionBody,
    BreachPanelBody,
    BreachRecord,
    BreachRoute,
    ComplianceFailure,
    ComplianceFailureBody,
    FailureOutcome,
    OrderChange,
    OrderChangeKind,
    OrderChangeRecord,
    PanelDecision,
    Resentence,
    WarningRecord,
)
from contracts.common import DisposalType, PathwayStatus, Step, TaskStatus
from contracts.pathway import Notification, PathwayState, Task, TimelineEntry
from contracts.referrals import BiasReflectionRecord
from contracts.steps import Actor, ClosureReason, StepBody
from core.workdays import add_months
from workflows.tasks import OPEN_STATUSES, Clock, complete, require
from workflows.victims import end_victim_work

__all__ = [
    "BREACH_HANDLERS",
    "PATCH",
    "apply_order_change",
    "detain_for_breach",
    "order_change_entry",
    "start_resentenced",
]

PATCH = "order-changes-2026-12"
"""Marks a history that took a breach step or an order change (see `workflows.pathway`)."""
ROUTES = {
    DisposalType.REFERRAL_ORDER: BreachRoute.PANEL,  # Sentencing Act 2020, Sch. 4
    DisposalType.YOUTH_REHABILITATION_ORDER: BreachRoute.COURT,  # Sch. 7
    DisposalType.DETENTION_AND_TRAINING_ORDER: BreachRoute.COURT,  # s. 243
}
MAX_YRO_EXTENSION_MONTHS = 6  # Sentencing Act 2020, Sch. 7 para 10(5)(a); once: para 10(6)
MAX_DETENTION_MONTHS = 3  # Sentencing Act 2020, s. 243: at most 3 months, within the term
PANEL_CONTINUED = "panel_continued"
# Tasks a detention does not move: they follow the court and the order, not the community work.
_NOT_COMMUNITY = {Step.CLOSURE, Step.COURT_OUTCOME_AWAITED, Step.CUSTODY_PLANNING}


def _open(state: PathwayState, step: Step) -> Task | None:
    return next((t for t in state.tasks if t.step == step and t.status in OPEN_STATUSES), None)


def _warned_before(state: PathwayState, clock: Clock, on: date) -> int:
    """Warnings whose warned period (`warned_period_months` from the warning) includes `on`."""
    months = clock.policy.warned_period_months
    return sum(
        1 for w in state.compliance.warnings if w.given_on <= on < add_months(w.given_on, months)
    )


def _compliance_failure(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    assert isinstance(body, ComplianceFailureBody)
    c = state.compliance
    require(
        state.order.made_on <= body.failed_on <= body.completed_on,
        f"failed_on {body.failed_on} must be on or after the order ({state.order.made_on}) "
        f"and not after completed_on {body.completed_on}",
    )
    number = len(c.failures) + 1
    if body.reasonable_excuse:
        outcome = FailureOutcome.EXCUSED
    elif c.open_breach() is not None:
        outcome = FailureOutcome.DURING_BREACH
    elif _warned_before(state, clock, body.failed_on) >= clock.policy.warnings_before_breach:
        outcome = FailureOutcome.BREACH
        c.breaches.append(
            BreachRecord(number=len(c.breaches) + 1, failure=number, opened_on=body.completed_on)
        )
        due = clock.due(body.completed_on, clock.policy.breach_action)
        task_id = f"breach_action-{len(c.breaches)}"
        clock.open_task(state, task_id, Step.BREACH_ACTION, due, body.completed_on)
    else:
        outcome = FailureOutcome.AWAITING_WARNING
        due = clock.due(body.completed_on, clock.policy.warning_given)
        task_id = f"warning_given-{number}"
        clock.open_task(state, task_id, Step.WARNING_GIVEN, due, body.completed_on)
    c.failures.append(
        ComplianceFailure(
            number=number,
            failed_on=body.failed_on,
            recorded_on=body.completed_on,
            reasonable_excuse=body.reasonable_excuse,
            details=body.details,
            outcome=outcome,
        )
    )
    return []


def _warning_given(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    c = state.compliance
    failure = next(
        (f for f in reversed(c.failures) if f.outcome == FailureOutcome.AWAITING_WARNING), None
    )
    require(
        failure is not None,
        "no failure to comply is awaiting a warning: record the failure (without reasonable "
        "excuse) first",
    )
    assert failure is not None
    require(
        body.completed_on >= failure.failed_on,
        f"completed_on {body.completed_on} is before the failure on {failure.failed_on}",
    )
    failure.outcome = FailureOutcome.WARNED
    c.warnings.append(
        WarningRecord(
            number=len(c.warnings) + 1, given_on=body.completed_on, failure=failure.number
        )
    )
    complete(state, f"warning_given-{failure.number}", body.completed_on)
    return []


def _breach_action(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    assert isinstance(body, BreachActionBody)
    breach = state.compliance.open_breach()
    task = _open(state, Step.BREACH_ACTION)
    require(
        breach is not None and task is not None,
        "no breach is open: breach action follows a failure without reasonable excuse within "
        "the warned period of a warning",
    )
    assert breach is not None and task is not None
    route = ROUTES[state.order.disposal]
    require(
        body.referred_to == route,
        f"the breach of {_ORDER_WORDS[state.order.disposal]} goes to the {route.value}",
    )
    require(
        body.completed_on >= breach.opened_on,
        f"completed_on {body.completed_on} is before the breach was opened on {breach.opened_on}",
    )
    breach.referred_to, breach.referred_on = route, body.completed_on
    complete(state, task.task_id, body.completed_on)
    # Taking a child back is a decision point: its bias reflection is kept (DESIGN.md).
    state.bias_reflections.append(
        BiasReflectionRecord(
            **body.bias_reflection.model_dump(),
            decision=f"breach_action:{route.value}",
            on=body.completed_on,
            by=actor.user,
        )
    )
    if route == BreachRoute.PANEL:
        due = clock.due(body.completed_on, clock.policy.breach_panel)
        task_id = f"breach_panel-{breach.number}"
        clock.open_task(state, task_id, Step.BREACH_PANEL, due, body.completed_on)
    else:
        _await_court(state, clock, breach, body.completed_on)
    return []


_ORDER_WORDS = {
    DisposalType.REFERRAL_ORDER: "a referral order (Sentencing Act 2020, Sch. 4)",
    DisposalType.YOUTH_REHABILITATION_ORDER: "a youth rehabilitation order (Sch. 7)",
    DisposalType.DETENTION_AND_TRAINING_ORDER: "a DTO's supervision (s. 243)",
}


def _await_court(state: PathwayState, clock: Clock, breach: BreachRecord, on: date) -> None:
    # The pathway stays open while the court decides: the feed's order change completes this.
    due = clock.due(on, clock.policy.court_outcome_awaited)
    task_id = f"court_outcome_awaited-{breach.number}"
    clock.open_task(state, task_id, Step.COURT_OUTCOME_AWAITED, due, on)


def _breach_panel(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    assert isinstance(body, BreachPanelBody)
    breach = state.compliance.open_breach()
    task = _open(state, Step.BREACH_PANEL)
    require(
        breach is not None and task is not None,
        "no breach is before the panel: record the breach action (to the panel) first",
    )
    assert breach is not None and task is not None
    complete(state, task.task_id, body.completed_on)
    breach.panel_decision = body.decision
    if body.decision == PanelDecision.CONTINUE_CONTRACT:
        breach.outcome, breach.resolved_on = PANEL_CONTINUED, body.completed_on
    else:
        _await_court(state, clock, breach, body.completed_on)
    return []


def _court_outcome_awaited(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    require(
        False,
        "the court's decision arrives from the court feed (a court outcome with an "
        "order_change), which completes this task",
    )
    return []


BREACH_HANDLERS = {
    Step.COMPLIANCE_FAILURE: _compliance_failure,
    Step.WARNING_GIVEN: _warning_given,
    Step.BREACH_ACTION: _breach_action,
    Step.BREACH_PANEL: _breach_panel,
    Step.COURT_OUTCOME_AWAITED: _court_outcome_awaited,
}
"""The handlers of the breach steps, hooked into `workflows.steps.HANDLERS`."""


def apply_order_change(
    state: PathwayState, change: OrderChange, clock: Clock, today: date
) -> list[Notification]:
    """Apply a court's decision on the order; `StepRefused` when it cannot apply now."""
    require(
        state.status == PathwayStatus.OPEN,
        f"this pathway is closed ({state.closure_reason.value if state.closure_reason else ''})",
    )
    require(
        state.order.made_on <= change.decided_on <= today,
        f"decided_on {change.decided_on} must be on or after the order ({state.order.made_on}) "
        f"and not in the future (today is {today})",
    )
    record = OrderChangeRecord(
        change=change.change, decided_on=change.decided_on, court_code=change.court_code
    )
    kind, notices = change.change, []
    if kind == OrderChangeKind.EXTENDED:
        record.extended_to = _extend(state, change, clock)
    elif kind == OrderChangeKind.DETENTION_FOR_BREACH:
        record.detention_until = detain_for_breach(state, change, clock)
    elif kind == OrderChangeKind.REVOKED_AND_RESENTENCED:
        require(
            change.new_pathway_id is not None,
            "a re-sentence names the new order's pathway (new_pathway_id)",
        )
        record.new_pathway_id = change.new_pathway_id
    for task in state.tasks:
        if task.step == Step.COURT_OUTCOME_AWAITED and task.status in OPEN_STATUSES:
            complete(state, task.task_id, change.decided_on)
    breach = state.compliance.open_breach()
    if breach is not None and breach.referred_to is not None:
        breach.outcome, breach.resolved_on = kind.value, change.decided_on
    state.compliance.order_changes.append(record)
    if kind == OrderChangeKind.REVOKED:
        notices = _close(state, ClosureReason.REVOKED_BY_COURT, change.decided_on)
    elif kind == OrderChangeKind.REVOKED_AND_RESENTENCED:
        state.compliance.superseded_by = change.new_pathway_id
        notices = _close(state, ClosureReason.SUPERSEDED, change.decided_on)
    return notices


def _extend(state: PathwayState, change: OrderChange, clock: Clock) -> date:
    to = change.extended_to
    require(to is not None, "an extension gives the order's new end date (extended_to)")
    assert to is not None
    require(
        to > state.order_ends_on,
        f"extended_to {to} is not after the order's end on {state.order_ends_on}",
    )
    if state.order.disposal == DisposalType.YOUTH_REHABILITATION_ORDER:
        latest = add_months(state.order_ends_on, MAX_YRO_EXTENSION_MONTHS)
        require(
            to <= latest,
            f"a youth rehabilitation order's end date may move at most "
            f"{MAX_YRO_EXTENSION_MONTHS} months, to {latest} (Sentencing Act 2020, Sch. 7 "
            "para 10(5))",
        )
        require(
            not any(c.change == OrderChangeKind.EXTENDED for c in state.compliance.order_changes),
            "a youth rehabilitation order's end date may be extended once only (Sentencing Act "
            "2020, Sch. 7 para 10(6))",
        )
    state.order_ends_on = to
    closure = state.task(Step.CLOSURE.value)
    if closure is not None and closure.status in OPEN_STATUSES:
        clock.move_task(closure, to)
    return to


def detain_for_breach(state: PathwayState, change: OrderChange, clock: Clock) -> date:
    """A DTO's child detained for breach of supervision: community tasks move past the period.

    Kept minimal and apart: the DTO's custody and release model belongs elsewhere. Returns
    the last day of the detention.
    """
    require(
        state.order.disposal == DisposalType.DETENTION_AND_TRAINING_ORDER,
        "detention for breach applies to a detention and training order's supervision "
        "(Sentencing Act 2020, s. 243)",
    )
    months = change.detention_months
    require(
        months is not None and 1 <= months <= MAX_DETENTION_MONTHS,
        f"detention for breach is for 1 to {MAX_DETENTION_MONTHS} months (detention_months; "
        "Sentencing Act 2020, s. 243)",
    )
    assert months is not None
    until = add_months(change.decided_on, months) - timedelta(days=1)
    require(
        until <= state.order_ends_on,
        f"the detention would end on {until}, after the order's term ends on "
        f"{state.order_ends_on} (Sentencing Act 2020, s. 243)",
    )
    shift = (until - change.decided_on).days + 1
    for task in state.tasks:
        if task.status in OPEN_STATUSES and task.step not in _NOT_COMMUNITY:
            if change.decided_on <= task.due_date <= until or task.due_date < change.decided_on:
                # Due during the detention (or overdue at its start): due as long after the
                # release as it was after the detention began, on a working day.
                moved = max(task.due_date, change.decided_on) + timedelta(days=shift)
                clock.move_task(task, clock.due(moved - timedelta(days=1), 1))
    return until


def _close(state: PathwayState, reason: ClosureReason, on: date) -> list[Notification]:
    """Close the pathway on the court's decision: open tasks cancelled, victim work ended."""
    complete(state, Step.CLOSURE.value, on)
    for task in state.tasks:
        if task.status in OPEN_STATUSES:
            task.status = TaskStatus.CANCELLED
    state.status = PathwayStatus.CLOSED
    state.closure_reason = reason
    return end_victim_work(state, on, "the court ended the order")


def order_change_entry(state: PathwayState, change: OrderChange, now: datetime) -> TimelineEntry:
    """The timeline entry of a court's decision."""
    record = state.compliance.order_changes[-1]
    words = {
        OrderChangeKind.CONTINUED: "the court continued the order",
        OrderChangeKind.EXTENDED: f"the court extended the order to {record.extended_to}",
        OrderChangeKind.REVOKED: "the court revoked the order",
        OrderChangeKind.REVOKED_AND_RESENTENCED: "the court revoked the order and re-sentenced "
        f"the child ({(change.new_disposal or '').replace('_', ' ') or 'a new order'})",
        OrderChangeKind.DETENTION_FOR_BREACH: "the court ordered detention for breach until "
        f"{record.detention_until}",
    }
    return TimelineEntry(
        on=change.decided_on,
        at=now,
        kind="order_change",
        by=change.actor.user,
        summary=words[change.change],
        details=record.model_dump(mode="json", exclude_none=True),
    )


def start_resentenced(state: PathwayState, resentence: Resentence, clock: Clock) -> None:
    """A new order replacing another: the case manager and team carry over, allocation done."""
    state.compliance.resentenced_from = resentence.pathway_id
    if resentence.caseworker is not None and resentence.team is not None:
        state.caseworker, state.team = resentence.caseworker, resentence.team
        complete(state, Step.ALLOCATION.value, state.order.made_on)
