"""Diversion pathways in the simulated year: police referrals to the joint decision panel.

A share of the children never reach court: the police refer them to the joint decision panel
(`workflows.diversion`, ADR 0129), which decides within 10 working days. The panel's outcomes
come in the shares of `OUTCOMES` (roughly a service's mix: most children get a community
resolution, a youth caution or Turnaround; a few no further action or a charge, which close
the pathway at once). A youth conditional caution has two conditions; `NOT_COMPLIED_SHARE`
of them are not complied with and go back to the police. The plan is written with the child,
the exit plan before the work ends, and the pathway closes as completed at its end.

The referrals are `samples.referrals`' invented ones and go through the real intake
(`ingest.diversion.DiversionIntake`, as `POST /v1/diversion-referrals` does). Hooked into
`Planner.body` with one line.
"""

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from contracts.common import Step
from contracts.diversion import (
    ConditionIn,
    ConditionOutcomeBody,
    DiversionPlanBody,
    ExitPlanBody,
    JointDecisionPanelBody,
    NoncomplianceToPoliceBody,
    PanelOutcome,
    TurnaroundLocalFacts,
)
from contracts.steps import StepBody
from samples.orders import REFLECTION
from samples.referrals import random_referral

if TYPE_CHECKING:
    from benchmarks.year.plan import Planner

OUTCOMES = {
    PanelOutcome.COMMUNITY_RESOLUTION: 0.3,
    PanelOutcome.YOUTH_CAUTION: 0.15,
    PanelOutcome.YOUTH_CONDITIONAL_CAUTION: 0.15,
    PanelOutcome.TURNAROUND: 0.2,
    PanelOutcome.PREVENTION: 0.08,
    PanelOutcome.NO_FURTHER_ACTION: 0.07,
    PanelOutcome.CHARGE: 0.05,
}
NOT_COMPLIED_SHARE = 0.25
POLICE_CONTACT = "PS 1234, youth diversion officer"
# Nothing that would rule a child out of Turnaround locally (GOV.UK "Turnaround Programme").
NO_EXCLUSIONS = TurnaroundLocalFacts(
    previous_statutory_order=False, looked_after=False, child_protection_plan=False
)


def referrals(
    rng: random.Random,
    start: date,
    days: int,
    count: int,
    closed: frozenset[date],
    names: Callable[[], tuple[str, str]] | None = None,
) -> dict[date, list[dict[str, Any]]]:
    """Spread `count` police referrals at random over the working days of the period.

    Each is `samples.referrals.random_referral`'s, numbered in the period (`DEMO-00001`, ...)
    so the same period twice refers nobody twice; `names` gives each child's, if given.
    """
    period = (start + timedelta(days=n) for n in range(days))
    sitting = [d for d in period if d.weekday() < 5 and d not in closed]
    out: dict[date, list[dict[str, Any]]] = {}
    for n, day in enumerate(sorted(rng.choice(sitting) for _ in range(count)), start=1):
        raw = random_referral(rng, day) | {"referral_id": f"DEMO-{n:05d}"}
        if names is not None:
            first, last = names()
            raw["child"] |= {"first_name": first, "last_name": last}
        out.setdefault(day, []).append(raw)
    return out


def diversion_body(planner: "Planner", step: Step, task_id: str, on: date) -> StepBody | None:
    """The body that completes a diversion pathway's own task on a day; None for other steps."""
    rng = planner.rng
    if step == Step.JOINT_DECISION_PANEL:
        outcome = rng.choices(list(OUTCOMES), list(OUTCOMES.values()))[0]
        conditional = outcome == PanelOutcome.YOUTH_CONDITIONAL_CAUTION
        conditions = [
            ConditionIn(
                condition="Attend 6 sessions on the impact of the offence",
                due_on=on + timedelta(days=60),
            ),
            ConditionIn(condition="Write a letter of apology", due_on=on + timedelta(days=30)),
        ]
        return JointDecisionPanelBody(
            completed_on=on,
            outcome=outcome,
            police_attendee=POLICE_CONTACT,
            yjs_attendee="Youth justice practitioner",
            rationale="Admitted the offence; the child and a parent engaged at the panel.",
            conditions=conditions if conditional else [],
            turnaround=NO_EXCLUSIONS if outcome == PanelOutcome.TURNAROUND else None,
            bias_reflection=REFLECTION,
        )
    if step == Step.DIVERSION_PLAN:
        return DiversionPlanBody(
            completed_on=on,
            plan_summary="Weekly sessions on choices and consequences; a mentor.",
            goals=["Stay in school", "Join a sports club"],
            child_own_words="I want to stay out of trouble and finish school.",
        )
    if step == Step.EXIT_PLAN:
        return ExitPlanBody(
            completed_on=on,
            summary="Completed the sessions; back in full-time school.",
            support_after="The club's mentor; the school's pastoral lead.",
            child_own_words="I know who to call if things go wrong.",
        )
    if step == Step.CONDITION_OUTCOME:
        condition_id = task_id.removeprefix("condition:")
        if rng.random() < NOT_COMPLIED_SHARE:
            return ConditionOutcomeBody(
                completed_on=on,
                condition_id=condition_id,
                complied=False,
                reason="Attended 2 of 6 sessions; no reasonable excuse given.",
            )
        return ConditionOutcomeBody(completed_on=on, condition_id=condition_id, complied=True)
    if step == Step.NONCOMPLIANCE_TO_POLICE:
        return NoncomplianceToPoliceBody(
            completed_on=on,
            condition_id=task_id.removeprefix("police:"),
            police_contact=POLICE_CONTACT,
        )
    return None
