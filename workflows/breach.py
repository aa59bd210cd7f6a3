"""Compliance and breach: failures, warnings, breach action and the panel, as rules on the state.

The law and guidance the rules follow:

- A failure to comply without reasonable excuse gets a warning; a further one within the warned
  period (12 months from a warning) goes back. Youth rehabilitation orders: Sentencing Act
  2020, Sch. 7 para 4 (warnings and the warned period; a breach in a warned period during which
  a further warning was given must go to court), the court's powers in Sch. 7 paras 6-7, an end
  date extended at most 6 months, once, para 10(4)-(6). Referral orders: back to the youth
  offender panel, which may refer the child back to court (Sentencing Act 2020, Sch. 4).
  DTO supervision: to court (Sentencing Act 2020, s. 243). The court's decisions are
  `workflows.court`'s. How many warnings come before breach action, and the
  warned period, are `DeadlinePolicy.warnings_before_breach` and `warned_period_months`.
- The panel meeting called for non-compliance either continues the contract or refers the
  child back to court (Referral order guidance, Ministry of Justice and YJB, 2018, on
  non-compliance: the panel decides; only the panel refers back to court).

Each step's rules raise `StepRefused` with a reason a caseworker can act on, as
`workflows.steps` does.
"""

from datetime import date

from contracts.breach import (
    BreachActionBody,
    BreachPanelBody,
    BreachRecord,
    BreachRoute,
    ComplianceFailure,
    ComplianceFailureBody,
    FailureOutcome,
    PanelDecision,
    WarningGivenBody,
    WarningRecord,
)
from contracts.common import DisposalType, Step
from contracts.pathway import Notification, PathwayState, Task
from contracts.reflections import ReflectionStage
from contracts.steps import Actor, StepBody
from core.workdays import add_months
from workflows.reflections import reflect
from workflows.tasks import OPEN_STATUSES, Clock, complete, not_before, present, require

__all__ = ["BREACH_HANDLERS", "PATCH", "ROUTES"]

PATCH = "order-changes-2026-12"
"""Marks a history that took a breach step or an order change (see `workflows.pathway`)."""
ROUTES = {
    DisposalType.REFERRAL_ORDER: BreachRoute.PANEL,  # Sentencing Act 2020, Sch. 4
    DisposalType.YOUTH_REHABILITATION_ORDER: BreachRoute.COURT,  # Sch. 7
    DisposalType.DETENTION_AND_TRAINING_ORDER: BreachRoute.COURT,  # s. 243
}
PANEL_CONTINUED = "panel_continued"


_NO_OPEN_BREACH = {
    Step.BREACH_ACTION: "no breach is open: breach action follows a failure without reasonable "
    "excuse within the warned period of a warning",
    Step.BREACH_PANEL: "no breach is before the panel: record the breach action (to the panel) "
    "first",
}


def _open_breach(state: PathwayState, step: Step) -> tuple[BreachRecord, Task]:
    """The open breach and its open task of `step` (the step is refused if there is none)."""
    breach = state.compliance.open_breach()
    task = next((t for t in state.tasks if t.step == step and t.status in OPEN_STATUSES), None)
    require(breach is not None and task is not None, _NO_OPEN_BREACH[step])
    assert breach is not None and task is not None
    return breach, task


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
    failure = present(
        next(
            (f for f in reversed(c.failures) if f.outcome == FailureOutcome.AWAITING_WARNING), None
        ),
        "no failure to comply is awaiting a warning: record the failure (without reasonable "
        "excuse) first",
    )
    not_before(body.completed_on, failure.failed_on, "the failure")
    assert isinstance(body, WarningGivenBody)
    reflect(
        state,
        clock,
        body.bias_reflection,
        ReflectionStage.COMPLIANCE_WARNING,
        f"compliance_warning:{failure.number}",
        body.completed_on,
        actor.user,
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
    breach, task = _open_breach(state, Step.BREACH_ACTION)
    route = ROUTES[state.order.disposal]
    require(
        body.referred_to == route,
        f"the breach of {_ORDER_WORDS[state.order.disposal]} goes to the {route.value}",
    )
    not_before(body.completed_on, breach.opened_on, "the breach was opened")
    breach.referred_to, breach.referred_on = route, body.completed_on
    complete(state, task.task_id, body.completed_on)
    # Taking a child back is a decision point: its bias reflection is kept (DESIGN.md).
    reflect(
        state,
        clock,
        body.bias_reflection,
        ReflectionStage.BREACH_ACTION,
        f"breach_action:{route.value}",
        body.completed_on,
        actor.user,
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
    breach, task = _open_breach(state, Step.BREACH_PANEL)
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
