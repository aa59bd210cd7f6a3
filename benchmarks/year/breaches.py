"""Compliance and breach in the simulated year: failures, warnings, breach action, the court.

A share of the pathways (`FAILURE_SHARE`) see one to three failures to comply, spread over the
order (`EXCUSED_SHARE` of them with a reasonable excuse); the workflow decides which are warned
and which go to breach, and this plan completes those tasks a few working days later: the
warning, the breach action (to the panel for a referral order, to court otherwise), the panel's
decision, and the court's, which the court feed sends as an order change (continued, extended,
revoked, or detention for breach on a DTO). Hooked into `plan.Planner.on_state` with one line.
"""

import random
from datetime import date, timedelta

from access import Role, User
from benchmarks.year.plan import Action, Planner
from contracts.breach import (
    BreachActionBody,
    BreachPanelBody,
    ComplianceFailureBody,
    OrderChange,
    OrderChangeKind,
    PanelDecision,
    WarningGivenBody,
)
from contracts.common import DisposalType, PathwayStatus, Step, TaskStatus
from contracts.pathway import PathwayState
from core.workdays import add_months, add_working_days
from reports.compliance import ComplianceKpis
from samples.orders import REFLECTION
from workflows.breach import ROUTES

# Its own generator (seeded once per planner), so the year's other choices are drawn exactly
# as without compliance and breach.
_RNGS: dict[int, random.Random] = {}
FAILURE_SHARE = 0.3
EXCUSED_SHARE = 0.2
COURT_FEED = User(name="court feed", role=Role.INTEGRATOR).actor
_PLANNED = "breach:failures"  # the marker, in `Planner.planned`, of a pathway's planned failures
_OPEN = (TaskStatus.OPEN, TaskStatus.OVERDUE)


def breach_actions(planner: Planner, state: PathwayState, today: date) -> list[Action]:
    """The failures of a newly seen pathway, and the completion of its open breach tasks."""
    if state.status != PathwayStatus.OPEN or state.order.disposal == DisposalType.DIVERSION:
        return []  # a diversion's conditions go back to the police instead (`diversions`)
    seen = planner.planned.setdefault(state.pathway_id, set())
    rng = _RNGS.setdefault(id(planner), random.Random(17))
    actions = []
    if _PLANNED not in seen:
        seen.add(_PLANNED)
        if rng.random() < FAILURE_SHARE:
            actions += _failures(planner, rng, state, today)
    for task in state.tasks:
        marker = f"{task.task_id}:breach"
        if task.status in _OPEN and task.step in _COMPLETE and marker not in seen:
            seen.add(marker)
            later = add_working_days(
                max(today, task.opened_on), rng.randint(1, 8), planner.holidays
            )
            actions.append(_COMPLETE[task.step](planner, rng, state, later))
    return actions


def _failures(
    planner: Planner, rng: random.Random, state: PathwayState, today: date
) -> list[Action]:
    ends = state.order_ends_on
    span = (min(ends, add_months(today, 9)) - today).days
    if span < 20:
        return []
    days = sorted(
        today + timedelta(days=rng.randint(10, span - 5)) for _ in range(rng.randint(1, 3))
    )
    return [
        Action(
            day,
            state.pathway_id,
            planner._caseworker(state.pathway_id),
            ComplianceFailureBody(
                completed_on=day,
                failed_on=day,
                reasonable_excuse=rng.random() < EXCUSED_SHARE,
                details="Missed a supervision appointment.",
            ),
        )
        for day in days
    ]


def _warning(planner: Planner, rng: random.Random, state: PathwayState, on: date) -> Action:
    return Action(
        on,
        state.pathway_id,
        planner._caseworker(state.pathway_id),
        WarningGivenBody(completed_on=on, bias_reflection=REFLECTION),
    )


def _breach_action(planner: Planner, rng: random.Random, state: PathwayState, on: date) -> Action:
    body = BreachActionBody(
        completed_on=on, referred_to=ROUTES[state.order.disposal], bias_reflection=REFLECTION
    )
    return Action(on, state.pathway_id, planner._caseworker(state.pathway_id), body)


def _panel(planner: Planner, rng: random.Random, state: PathwayState, on: date) -> Action:
    decision = (
        PanelDecision.REFER_TO_COURT if rng.random() < 0.3 else PanelDecision.CONTINUE_CONTRACT
    )
    body = BreachPanelBody(completed_on=on, decision=decision)
    return Action(on, state.pathway_id, planner._caseworker(state.pathway_id), body)


def _court(planner: Planner, rng: random.Random, state: PathwayState, on: date) -> Action:
    r = rng.random()
    extra: dict[str, object] = {}
    dto = state.order.disposal == DisposalType.DETENTION_AND_TRAINING_ORDER
    if dto and r < 0.3 and add_months(on, 1) <= state.order_ends_on:
        kind, extra = OrderChangeKind.DETENTION_FOR_BREACH, {"detention_months": 1}
    elif r < 0.55:
        kind = OrderChangeKind.CONTINUED
    elif r < 0.8:
        kind, extra = OrderChangeKind.EXTENDED, {"extended_to": add_months(state.order_ends_on, 3)}
    else:
        kind = OrderChangeKind.REVOKED
    change = OrderChange(
        actor=COURT_FEED, change=kind, decided_on=on, court_code=state.order.court_code, **extra
    )
    return Action(on, state.pathway_id, COURT_FEED, change)


_COMPLETE = {
    Step.WARNING_GIVEN: _warning,
    Step.BREACH_ACTION: _breach_action,
    Step.BREACH_PANEL: _panel,
    Step.COURT_OUTCOME_AWAITED: _court,
}


def compliance_figures(k: ComplianceKpis) -> dict[str, object]:
    """The year's failures, warnings and breaches, for the benchmark's summary."""
    return {
        "failures": k.failures,
        "warnings": k.warnings,
        "breaches": k.breaches,
        "breaches_by_route": {c.key: c.count for c in k.breaches_by_route if c.count},
        "breaches_by_outcome": {c.key: c.count for c in k.breaches_by_outcome if c.count},
    }
