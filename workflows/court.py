"""The court's decisions on a running order, from the court feed: pure rules on the state.

`apply_order_change` takes a decision (`contracts.breach.OrderChange`, sent by the intake as the
court feed through `Pathways.change_order`) and refuses it with `StepRefused` when it cannot
apply now. The law it follows: a youth rehabilitation order's end date may move at most 6
months, once (Sentencing Act 2020, Sch. 7 para 10(4)-(6)); a DTO's child may be detained for
breach of supervision for up to 3 months, within the term (s. 243). Revocation closes the
pathway; a re-sentence closes it as superseded by the new order's pathway, which starts with the
case manager and team carried over (`start_resentenced`).
"""

from datetime import date, datetime, timedelta

from contracts.breach import OrderChange, OrderChangeKind, OrderChangeRecord, Resentence
from contracts.common import DisposalType, PathwayStatus, Step, TaskStatus
from contracts.pathway import Notification, PathwayState, TimelineEntry
from contracts.steps import ClosureReason
from core.workdays import add_months
from workflows.outcome_data import move_end
from workflows.tasks import OPEN_STATUSES, Clock, complete, require
from workflows.victims import end_victim_work

__all__ = ["apply_order_change", "detain_for_breach", "order_change_entry", "start_resentenced"]

MAX_YRO_EXTENSION_MONTHS = 6  # Sentencing Act 2020, Sch. 7 para 10(5)(a); once: para 10(6)
MAX_DETENTION_MONTHS = 3  # Sentencing Act 2020, s. 243: at most 3 months, within the term
# Tasks a detention does not move: they follow the court and the order, not the community work.
_NOT_COMMUNITY = {Step.CLOSURE, Step.COURT_OUTCOME_AWAITED, Step.CUSTODY_PLANNING}


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
    move_end(state, clock)  # the outcome data at the end is due with it (issue 21)
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
