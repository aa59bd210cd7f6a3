"""Transfers between services in the `year` benchmark's simulated year (ADR 0113).

A share of children (`Behaviour.transfer_share`, `--transfer-share`) move to another team's
area some weeks after their case manager is allocated: the team's supervisor asks for a
transfer, and a few working days later a supervisor of the receiving team accepts it (most
often) or refuses it with a reason. On acceptance the receiving team allocates one of its own
case managers, and the planner's actions for the child are the receiving team's from then
on: the work still open is planned again for its people (actions the old team had planned
are refused as not found, and counted with the refusals, as a real team's would be).

Hooked into `Planner.follow_ups` with one line.
"""

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contracts.common import Step, TaskStatus
from contracts.pathway import PathwayState
from contracts.referrals import FactsCommand
from contracts.steps import (
    AllocationBody,
    StepBody,
    TransferAcceptedBody,
    TransferRefusedBody,
    TransferRequestedBody,
)
from core.workdays import add_working_days
from readmodel.tables import TaskRow
from samples.orders import REFLECTION, SUPERVISOR

if TYPE_CHECKING:
    from benchmarks.year.plan import Action, Planner

ACCEPT_SHARE = 0.8
"""Transfers the receiving team accepts (the others are refused, and the child stays)."""
ALLOCATION_AFTER_TRANSFER = "allocation-2"


def follow_ups(
    planner: "Planner", state: PathwayState, body: StepBody | FactsCommand
) -> "list[Action] | None":
    """The transfer a recorded step leads to; None when the step has nothing to do with one."""
    from benchmarks.year.plan import Action

    pid, rng = state.pathway_id, planner.rng
    if isinstance(body, AllocationBody) and state.task(ALLOCATION_AFTER_TRANSFER) is None:
        if state.case_manager_changes or rng.random() >= planner.behaviour.transfer_share:
            return []
        day = body.completed_on + timedelta(days=rng.randint(20, 90))
        if day >= state.order_ends_on - timedelta(days=30):
            return []
        to_team = rng.choice([t for t in planner.staff if t != planner.teams[pid]])
        ask = TransferRequestedBody(
            completed_on=day, to_team=to_team, reason="the family moved", bias_reflection=REFLECTION
        )
        return [Action(day, pid, planner._supervisor(pid), ask)]
    if isinstance(body, TransferRequestedBody):
        day = add_working_days(body.completed_on, rng.randint(1, 10), planner.holidays)
        receiving = SUPERVISOR.model_copy(update={"team": body.to_team})
        if rng.random() < ACCEPT_SHARE:
            # Its allocation task is the receiving team's supervisor's, planned on acceptance.
            planner.planned.setdefault(pid, set()).add(ALLOCATION_AFTER_TRANSFER)
            decision: StepBody = TransferAcceptedBody(completed_on=day, bias_reflection=REFLECTION)
        else:
            decision = TransferRefusedBody(
                completed_on=day, reason="no stable address yet", bias_reflection=REFLECTION
            )
        return [Action(day, pid, receiving, decision)]
    if isinstance(body, TransferAcceptedBody):
        team = state.team or ""
        planner.teams[pid] = team
        day = add_working_days(body.completed_on, rng.choice((0, 1, 1, 2)), planner.holidays)
        caseworker = rng.choice(planner.staff[team])
        allocate = AllocationBody(completed_on=day, caseworker=caseworker, team=team)
        actions = [Action(day, pid, planner._supervisor(pid), allocate)]
        # The open work goes with the child: planned again for the receiving team's people.
        seen = planner.planned.setdefault(pid, set())
        open_ = (TaskStatus.OPEN, TaskStatus.OVERDUE)
        for task in state.tasks:
            if task.status in open_ and task.step != Step.ALLOCATION:
                seen.discard(task.task_id)
        return actions + planner.on_state(state, body.completed_on)
    return None


def accepted(session: Session) -> int:
    """Transfers accepted in the year: pathways with the allocation task an acceptance opens."""
    query = select(func.count()).where(TaskRow.task_id == ALLOCATION_AFTER_TRANSFER)
    return int(session.scalar(query) or 0)
