"""A child, not an order: a transfer between services, and planning for the child turning 18.

Transfer. A supervisor of the pathway's team asks another team (another youth justice service,
where the child has moved) to take the child on (`transfer_requested`, with the reason). Until
a supervisor of the receiving team accepts (`transfer_accepted`) the sending team keeps the
pathway and its deadlines keep running; meanwhile the receiving team's supervisors see it, to
decide, and may record nothing else (`workflows.visibility`, ADR 0113). On acceptance the
pathway is the receiving team's, with no case manager: its supervisors allocate one (a new
allocation task), and the old case manager's leaving counts as a change of case manager. The
receiving team may refuse (`transfer_refused`), saying why; the sending team keeps the child.
The rule: the home service keeps case responsibility until the case is transferred, and the
service that accepts it becomes the home service ("National Protocol for Case Responsibility:
Practice Guidance for Youth Offending Teams in England and Wales", YJB, January 2018; YJB Case
Management Guidance, "Case responsibility": the home and host youth justice service).

Turning 18. A youth rehabilitation order or a DTO's supervision that runs past the child's 18th
birthday passes to the Probation Service, and needs a transition plan made with the child well
before ("Joint National Protocol for Transitions in England", Youth Justice Board, Probation
Service and HM Prison and Probation Service, June 2021; YJB Case Management Guidance, "How to
manage transitions": identify the children at the earliest point, usually at 17 and a half, and
every child who transfers must have a transition plan; in Wales, "Youth to adult transition
principles and guidance (Wales)"). The window (3 months by default) and the task's working days
are configuration. A referral order stays with the youth offender panel and the service to its
end, whatever the child's age (the joint national protocol: referral orders do not transfer;
the panel is the service's, Sentencing Act 2020, s. 83 and following): no task. The date of
birth never enters Temporal: a daily sweep outside the workflow (`workflows.transitions`,
`activities.transitions`) finds the children in the case database and tells each pathway only
that the time has come; the task falls due `transition_planning` working days from that day.
"""

from datetime import date, datetime

from contracts.common import PathwayStatus, Step
from contracts.pathway import Notification, NotificationKind, PathwayState, TimelineEntry
from contracts.reflections import ReflectionStage
from contracts.steps import (
    Actor,
    StepBody,
    TransferAcceptedBody,
    TransferRefusedBody,
    TransferRequestedBody,
)
from contracts.transfers import PendingTransfer
from core.workdays import london_date
from workflows.reflections import reflect
from workflows.tasks import OPEN_STATUSES, Clock, applies, complete, not_before, present, require

TRANSFER_STEPS = frozenset(
    {
        Step.TRANSFER_REQUESTED,
        Step.TRANSFER_ACCEPTED,
        Step.TRANSFER_REFUSED,
        Step.TRANSITION_PLANNING,
    }
)
"""The steps added with the `transfer-2026-12` patch."""
TRANSITION_TASK = Step.TRANSITION_PLANNING.value


def _supervisor_of(actor: Actor, team: str) -> bool:
    return actor.role == "supervisor" and actor.team == team


def _answer(state: PathwayState, body: StepBody, actor: Actor, verb: str) -> PendingTransfer:
    """The pending transfer that `actor`, a supervisor of the receiving team, may `verb`."""
    transfer = present(state.transfer, f"no transfer is pending: there is nothing to {verb}")
    require(
        _supervisor_of(actor, transfer.to_team),
        f"only a supervisor of the receiving team ({transfer.to_team}) may {verb} the transfer",
    )
    not_before(body.completed_on, transfer.requested_on, "the transfer was asked for")
    return transfer


def _transfer_requested(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    assert isinstance(body, TransferRequestedBody)
    team = present(
        state.team,
        "the pathway has no team yet: allocate it before asking another team to take it on",
    )
    require(
        _supervisor_of(actor, team),
        f"only a supervisor of the pathway's team ({team}) may ask for a transfer",
    )
    pending = state.transfer
    require(
        pending is None,
        f"a transfer to {pending.to_team if pending else ''} is pending since "
        f"{pending.requested_on if pending else ''}: it must be accepted or refused first",
    )
    require(
        body.to_team != team,
        f"the pathway is with {team} already: a transfer must be to another team",
    )
    reflect(
        state,
        clock,
        body.bias_reflection,
        ReflectionStage.TRANSFER,
        f"transfer_requested:{body.to_team}",
        body.completed_on,
        actor.user,
    )
    state.transfer = PendingTransfer(
        to_team=body.to_team,
        from_team=team,
        reason=body.reason,
        requested_on=body.completed_on,
        requested_by=actor.user,
    )
    # The receiving team's supervisors are told (no reason, no name: a refused transfer leaves
    # them nothing of the child); numbered, so a later request is a notice of its own.
    number = 1 + sum(1 for e in state.timeline if e.kind == Step.TRANSFER_REQUESTED.value)
    told = Notification(
        key=f"{state.pathway_id}:transfer-{number}",
        kind=NotificationKind.TRANSFER_REQUESTED,
        pathway_id=state.pathway_id,
        team=body.to_team,
        message=f"team {team} asks team {body.to_team} to take on pathway "
        f"{state.pathway_id}: accept or refuse it on the case page",
    )
    return [told]


def _transfer_accepted(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    assert isinstance(body, TransferAcceptedBody)
    transfer = _answer(state, body, actor, "accept")
    reflect(
        state,
        clock,
        body.bias_reflection,
        ReflectionStage.TRANSFER,
        f"transfer_accepted:{transfer.to_team}",
        body.completed_on,
        actor.user,
    )
    # The old case manager leaves the child: a change of case manager, counted once here (the
    # receiving team's allocation then fills an empty place, which is no further change).
    if state.caseworker is not None:
        state.case_manager_changes += 1
    state.caseworker, state.team, state.transfer = None, transfer.to_team, None
    if actor.area is not None:
        state.order.area = actor.area  # the receiving service's intake from now on
    number = sum(1 for t in state.tasks if t.step == Step.ALLOCATION) + 1
    due = clock.due(body.completed_on, clock.policy.allocation)
    clock.open_task(state, f"allocation-{number}", Step.ALLOCATION, due, body.completed_on)
    return []


def _transfer_refused(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    assert isinstance(body, TransferRefusedBody)
    transfer = _answer(state, body, actor, "refuse")
    reflect(
        state,
        clock,
        body.bias_reflection,
        ReflectionStage.TRANSFER,
        f"transfer_refused:{transfer.to_team}",
        body.completed_on,
        actor.user,
    )
    state.transfer = None
    return []


def _transition_planning(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    present(
        state.task(TRANSITION_TASK),
        "no transition planning task is open: it opens when the child is about to turn 18",
    )
    complete(state, TRANSITION_TASK, body.completed_on)
    return []


def complete_reopened_allocation(state: PathwayState, on: date) -> None:
    """Complete the allocation tasks a transfer opened (the allocation step calls this)."""
    for task in state.tasks:
        if task.step == Step.ALLOCATION and task.status in OPEN_STATUSES:
            complete(state, task.task_id, on)


def open_transition_task(state: PathwayState, clock: Clock, now: datetime) -> bool:
    """Open the transition planning task (once), due from today; return whether it opened.

    A referral order, a closed pathway, or one with the task already, is left as it is.
    """
    today = london_date(now)
    # Youth rehabilitation orders and DTOs pass to the Probation Service (`STEP_DISPOSALS`).
    if state.status != PathwayStatus.OPEN:
        return False
    if not applies(Step.TRANSITION_PLANNING, state.order.disposal):
        return False
    if state.task(TRANSITION_TASK) is not None:
        return False
    due = clock.due(today, clock.policy.transition_planning)
    clock.open_task(state, TRANSITION_TASK, Step.TRANSITION_PLANNING, due, today)
    state.timeline.append(
        TimelineEntry(
            on=today,
            at=now,
            kind="turning_18",
            by="transition-sweep",
            summary="the child turns 18 during this order: plan the move to adult probation",
        )
    )
    return True


HANDLERS = {
    Step.TRANSFER_REQUESTED: _transfer_requested,
    Step.TRANSFER_ACCEPTED: _transfer_accepted,
    Step.TRANSFER_REFUSED: _transfer_refused,
    Step.TRANSITION_PLANNING: _transition_planning,
}
"""The handlers of this module's steps, for `workflows.steps.HANDLERS`."""
