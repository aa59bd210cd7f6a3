"""Outcome data at source (issue 21, point 1): recorded at the start and end, checked at closure.

The rules, and where they come from:

- The YJB's KPIs compare a child's circumstances at the start of an order or intervention with
  those at its end (accommodation, ETE, SEND/ALN, mental health, substance misuse, wider
  services: YJB/MoJ "Key performance indicators for youth justice services", gov.uk, from 1
  April 2023; `contracts.outcome_data`, ADR 0140). So two tasks: `outcome_data_start`, due
  with the assessment (the start's answers come from the same enquiries: YJB Case management
  guidance, "Assessment"), and `outcome_data_end`, due on the order's last day, moving with it
  (a referral order's contract, an extension by the court). Both fall overdue and escalate like
  every task (`workflows.tasks.Clock`).
- Each point is recorded once: the KPI compares one answer at each end of the order. The end's
  answers are not dated before the start's.
- Closure is refused, naming what is missing, unless both were recorded or a supervisor gives
  `no_outcome_data_reason` (kept on the state and counted in the reports): the YJB's returns
  need the data for every order ending in the period, so one missing is a decision a
  supervisor owns (Standards for children in the youth justice system 2019, standard 4.3 on
  case records and oversight).

Keyed on the state alone (`state.outcome_data_rules`, set once at start under the
`outcome-data-2026-12` patch), never on the disposal: any pathway reusing `PathwayState` and
these handlers (a diversion intervention too) follows them; running pathways keep the rules
they started with, and their recorded histories replay. Pure functions on the state, as
`workflows.steps`.
"""

from datetime import date

from contracts.common import Step
from contracts.outcome_data import (
    OutcomeData,
    OutcomeDataBody,
    OutcomeDataWaiver,
    OutcomePoint,
    OutcomeRecord,
)
from contracts.pathway import Notification, PathwayState
from contracts.steps import Actor, ClosureBody, StepBody
from workflows.tasks import OPEN_STATUSES, Clock, complete, not_before, present, require

__all__ = [
    "HANDLERS",
    "PATCH",
    "TASKS",
    "check_closure",
    "move_end",
    "open_intervention_tasks",
    "open_tasks",
]

PATCH = "outcome-data-2026-12"
"""Marks the pathways (from their start) that record outcome data and need it at closure."""
TASKS = {OutcomePoint.START: "outcome_data_start", OutcomePoint.END: "outcome_data_end"}
"""The task id of each point."""


def open_tasks(state: PathwayState, clock: Clock) -> None:
    """Take the outcome-data rules on at the start: the start's task and the end's.

    A diversion pathway's intervention starts at the joint decision panel's decision, not at
    the referral: its tasks open then (`open_intervention_tasks`), and a referral that ends in
    no further action or a charge has no intervention, so no outcome data.
    """
    state.outcome_data_rules = True
    if state.diversion is not None:
        return
    made = state.order.made_on
    start = clock.due(made, clock.policy.assessment)  # due with the assessment's deadline
    clock.open_task(state, TASKS[OutcomePoint.START], Step.OUTCOME_DATA, start, made)
    clock.open_task(state, TASKS[OutcomePoint.END], Step.OUTCOME_DATA, state.order_ends_on, made)


def open_intervention_tasks(state: PathwayState, clock: Clock, decided_on: date) -> None:
    """A diversion intervention starts: the start's data due with its assessment.

    The end's is due at the intervention's planned end.
    """
    if not state.outcome_data_rules:
        return
    start = clock.due(decided_on, clock.policy.diversion_assessment)
    clock.open_task(state, TASKS[OutcomePoint.START], Step.OUTCOME_DATA, start, decided_on)
    end = state.order_ends_on
    clock.open_task(state, TASKS[OutcomePoint.END], Step.OUTCOME_DATA, end, decided_on)


def move_end(state: PathwayState, clock: Clock) -> None:
    """The order's end moved (a referral order's contract, an extension): its task follows."""
    task = state.task(TASKS[OutcomePoint.END])
    if task is not None and task.status in OPEN_STATUSES:
        clock.move_task(task, state.order_ends_on)


def _record(state: PathwayState, body: StepBody, actor: Actor, clock: Clock) -> list[Notification]:
    assert isinstance(body, OutcomeDataBody)
    require(
        state.outcome_data_rules,
        "outcome_data: this pathway started before outcome data was recorded as a step",
    )
    kept = state.outcome_start if body.point == OutcomePoint.START else state.outcome_end
    require(
        kept is None,
        f"point: the outcome data at the {body.point.value} was recorded on "
        f"{kept.on if kept else ''}",
    )
    if body.point == OutcomePoint.END and state.outcome_start is not None:
        not_before(body.completed_on, state.outcome_start.on, "the outcome data at the start")
    record = OutcomeRecord(
        **body.model_dump(include=set(OutcomeData.model_fields)),
        point=body.point,
        on=body.completed_on,
        by=actor.user,
    )
    if body.point == OutcomePoint.START:
        state.outcome_start = record
    else:
        state.outcome_end = record
    complete(state, TASKS[body.point], body.completed_on)
    return []


def missing(state: PathwayState) -> list[OutcomePoint]:
    """The points whose outcome data is not recorded yet."""
    kept = {OutcomePoint.START: state.outcome_start, OutcomePoint.END: state.outcome_end}
    return [point for point, record in kept.items() if record is None]


def check_closure(state: PathwayState, body: ClosureBody, actor: Actor) -> None:
    """Closure needs both points' outcome data, or a supervisor's written reason."""
    if not state.outcome_data_rules or state.task(TASKS[OutcomePoint.START]) is None:
        return  # older rules, or a diversion referral closed before any intervention started
    absent = missing(state)
    if not absent:
        require(
            body.no_outcome_data_reason is None,
            "no_outcome_data_reason: the outcome data was recorded at the start and the end; "
            "leave it out",
        )
        return
    names = " and ".join(f"the {p.value}" for p in absent)
    reason = present(
        body.no_outcome_data_reason,
        f"no_outcome_data_reason: the outcome data at {names} is not recorded: record it "
        "(the outcome_data step) or a supervisor closes the pathway giving the reason",
    )
    require(
        actor.role == "supervisor",
        "no_outcome_data_reason: only a supervisor may close a pathway without its outcome data",
    )
    state.closed_without_outcome_data = OutcomeDataWaiver(
        reason=reason, by=actor.user, on=body.completed_on, missing=absent
    )


HANDLERS = {Step.OUTCOME_DATA: _record}
