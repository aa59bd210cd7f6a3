"""Diversion pathways in the simulated year: police referrals to the joint decision panel.

A share of the children never reach court: the police refer them to the joint decision panel
(`workflows.diversion`, ADR 0129), which decides within 10 working days. The panel's outcomes
come in the shares of `OUTCOMES` (roughly a service's mix: most children get a community
resolution, a youth caution or Turnaround; a few no further action or a charge, which close
the pathway at once). A youth conditional caution has two conditions; `NOT_COMPLIED_SHARE`
of them are not complied with and go back to the police. The plan is written with the child,
the exit plan before the work ends, and the pathway closes as completed at its end.

Until the police-referral intake lands, a referral starts the workflow directly, as that
intake will: the child in the case database, the pathway in its index, then the workflow.
Hooked into `Planner.body` with one line.
"""

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy

from contracts.common import Gender, Step
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
from contracts.pathway import PathwayInput
from contracts.steps import StepBody
from core.settings import Settings
from db.tables import Child, PathwayIndex
from ingest.store import IntakeStore
from samples.orders import ETHNICITIES, ETHNICITY_WEIGHTS, REFLECTION, diversion_input
from workflows.diversion import DiversionWorkflow

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


@dataclass(frozen=True)
class Referral:
    """A police referral as the simulation starts it: the workflow's input and the child."""

    input: PathwayInput
    born: date
    names: tuple[str, str] = ("Test", "Child")


def referral(
    rng: random.Random, referred_on: date, n: int, names: tuple[str, str] = ("Test", "Child")
) -> Referral:
    """The n-th police referral of the year, made on `referred_on`, for the child `names`.

    Drawn from `rng` in a fixed order, so the same seed gives the same referrals; the ids are
    the referral's number, so loading the same year twice starts nothing new.
    """
    age = rng.randint(10, 17)
    born = referred_on - timedelta(days=365 * age + rng.randint(30, 330))
    base = diversion_input(referred_on, victim=rng.random() < 0.3)
    assert base.diversion is not None
    child = base.child.model_copy(
        update={
            "child_id": f"ch-dv-{n:05d}",
            "gender": rng.choices((Gender.MALE, Gender.FEMALE), (0.75, 0.25))[0],
            "ethnicity": rng.choices(ETHNICITIES, ETHNICITY_WEIGHTS)[0],
            "age_at_order": age,
        }
    )
    details = base.diversion.model_copy(update={"referral_id": f"ref-{n:05d}"})
    update = {"pathway_id": f"dv-{n:05d}", "child": child, "diversion": details}
    return Referral(base.model_copy(update=update), born, names)


def referrals(
    rng: random.Random,
    start: date,
    days: int,
    count: int,
    closed: frozenset[date],
    names: Callable[[], tuple[str, str]] = lambda: ("Test", "Child"),
) -> dict[date, list[Referral]]:
    """Spread `count` police referrals at random over the working days of the period."""
    period = (start + timedelta(days=n) for n in range(days))
    sitting = [d for d in period if d.weekday() < 5 and d not in closed]
    out: dict[date, list[Referral]] = {}
    for n, day in enumerate(sorted(rng.choice(sitting) for _ in range(count)), start=1):
        out.setdefault(day, []).append(referral(rng, day, n, names()))
    return out


async def start_diversion(
    client: Client, store: IntakeStore, settings: Settings, referral: Referral
) -> None:
    """Start a diversion pathway (an existing one of that id counts as started)."""
    await asyncio.to_thread(_index, store, referral)
    await client.start_workflow(
        DiversionWorkflow.run,
        referral.input,
        id=referral.input.pathway_id,
        task_queue=settings.temporal_task_queue,
        id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
    )


def _index(store: IntakeStore, referral: Referral) -> None:
    child, now, names = referral.input.child, datetime.now(UTC), referral.names
    with store.sessions.begin() as session:
        if session.get(Child, child.child_id) is None:
            session.add(
                Child(
                    child_id=child.child_id,
                    identity_key=child.child_id,
                    first_name=names[0],
                    last_name=names[1],
                    date_of_birth=referral.born,
                    gender=child.gender.value,
                    ethnicity=child.ethnicity,
                    created_at=now,
                )
            )
        if session.get(PathwayIndex, referral.input.pathway_id) is None:
            session.add(
                PathwayIndex(
                    pathway_id=referral.input.pathway_id,
                    child_id=child.child_id,
                    disposal=referral.input.order.disposal.value,
                    made_on=referral.input.order.made_on,
                    created_at=now,
                )
            )


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
