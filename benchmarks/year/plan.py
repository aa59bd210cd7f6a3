"""What the caseworkers of the simulated service do, and when: the `year` benchmark's plan.

The planner sees each pathway's state as the workflow returns it and plans a completion for
every open task it has not planned yet: most on time (somewhere between the day the task
opened and its due date), `late_share` of them 1 to `late_days` working days late, and
`never_share` never (they stay overdue and get escalated). Victims' details arrive from the
police a few days after the order; victims opt out, consent, decline or do not answer in the
given shares; consenting victims choose a restorative option or withdraw. The assessment
records facts that decide eligibility; the referral task refers to an eligible programme (or,
in `override_share` of the other cases, against the rules), and referrals move on to
acceptance, start and completion. Reviews sometimes bring new facts. Orders close when they
end, or earlier in `breach_share` of cases, returned to court.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from benchmarks.rig.journey import journey
from benchmarks.year import transfers
from benchmarks.year.diversions import diversion_body
from benchmarks.year.releases import STEP_BODIES as CUSTODY_BODIES
from benchmarks.year.releases import plan_release
from contracts.breach import OrderChange
from contracts.common import DisposalType, Programme, Step, TaskStatus
from contracts.eligibility import EligibilityStatus
from contracts.facts import AssessmentFacts, DvRiskLevel
from contracts.pathway import PathwayState, Task
from contracts.referrals import FactsCommand, ReferralStatus
from contracts.steps import (
    Actor,
    AgreedActionBody,
    AllocationBody,
    ClosureBody,
    ClosureReason,
    CustodyPlanningBody,
    InterventionPlanBody,
    InterventionReferralBody,
    RestorativeOption,
    StepBody,
    VictimConsent,
    VictimContactBody,
    VictimDetailsReceivedBody,
    VictimRestorativeOptionBody,
    VictimWithdrawalBody,
)
from contracts.victims import VictimToldWorkEndedBody
from core.workdays import add_working_days
from samples import outcome_data, restorative
from samples.orders import CASEWORKER, REFLECTION, SUPERVISOR
from workflows.victim_tracks import DIRECT_OPTIONS

TEAMS = {f"team-{t}": [f"cw-{t}-{k}" for k in range(6)] for t in "abc"}
INDIRECT_OPTIONS = [o for o in RestorativeOption if o not in DIRECT_OPTIONS]
# The police's feed delivers victim details to any pathway, allocated or not.
POLICE_FEED = Actor(user="police-feed", role="integrator")


@dataclass(frozen=True)
class Behaviour:
    """How the service works: the options of `pathway bench year`."""

    late_share: float = 0.2
    late_days: int = 10
    never_share: float = 0.03
    opt_out_share: float = 0.15
    enhanced_share: float = 0.1
    consent_share: float = 0.45
    no_response_share: float = 0.2
    withdraw_share: float = 0.1
    breach_share: float = 0.08
    facts_update_share: float = 0.2
    override_share: float = 0.1
    transfer_share: float = 0.06  # children moving to another team's area (`transfers`)


@dataclass
class Action:
    """One thing a caseworker does on a day: a step, or new facts."""

    day: date
    pathway_id: str
    actor: Actor
    body: StepBody | FactsCommand | OrderChange  # an order change: the court (`breaches`)
    postponed: int = 0


@dataclass
class Planner:
    """Plans actions from each pathway's latest state."""

    behaviour: Behaviour
    rng: random.Random
    holidays: frozenset[date]
    planned: dict[str, set[str]] = field(default_factory=dict)
    teams: dict[str, str] = field(default_factory=dict)
    # The service's teams and their caseworkers (the demo's are the sign-in page's teams).
    staff: dict[str, list[str]] = field(default_factory=lambda: TEAMS)

    def _caseworker(self, pathway_id: str) -> Actor:
        # A person records only on a pathway they may see: their team's.
        return CASEWORKER.model_copy(update={"team": self.teams[pathway_id]})

    def _supervisor(self, pathway_id: str) -> Actor:
        return SUPERVISOR.model_copy(update={"team": self.teams[pathway_id]})

    def on_start(self, pathway_id: str, made_on: date, victim: bool) -> list[Action]:
        """The first actions of a new pathway: its allocation, and the victim's details."""
        self.planned[pathway_id] = {Step.ALLOCATION.value}
        team = self.rng.choice(list(self.staff))
        self.teams[pathway_id] = team
        when = add_working_days(made_on, self.rng.choice((0, 1, 1, 1, 2)), self.holidays)
        caseworker = self.rng.choice(self.staff[team])
        body = AllocationBody(completed_on=when, caseworker=caseworker, team=team)
        actions = [Action(when, pathway_id, SUPERVISOR, body)]
        if victim:
            b, received = self.behaviour, made_on + timedelta(days=self.rng.randint(2, 15))
            details = VictimDetailsReceivedBody(
                completed_on=received,
                opted_out=self.rng.random() < b.opt_out_share,
                enhanced=self.rng.random() < b.enhanced_share,
            )
            actions.append(Action(received, pathway_id, POLICE_FEED, details))
        return actions

    def on_state(self, state: PathwayState, today: date) -> list[Action]:
        """Plan every open task of the pathway not planned yet."""
        seen = self.planned.setdefault(state.pathway_id, set())
        actions: list[Action] = []
        for task in state.tasks:
            if task.status not in (TaskStatus.OPEN, TaskStatus.OVERDUE) or task.task_id in seen:
                continue
            seen.add(task.task_id)
            action = self._plan(state, task, today)
            if action is not None:
                actions.append(action)
        actions += plan_release(self, state)  # a DTO's child in custody (`releases`)
        from benchmarks.year.breaches import breach_actions  # it plans with `Planner` and `Action`

        actions += breach_actions(self, state, today)
        return actions

    def _when(self, task: Task, today: date) -> date | None:
        b, r = self.behaviour, self.rng.random()
        if r < b.never_share:
            return None
        if r < b.never_share + b.late_share:
            day = add_working_days(task.due_date, self.rng.randint(1, b.late_days), self.holidays)
        else:
            span = max((task.due_date - task.opened_on).days, 0)
            day = task.opened_on + timedelta(days=self.rng.randint(min(1, span), span))
        return max(day, today)

    def _plan(self, state: PathwayState, task: Task, today: date) -> Action | None:
        if task.step == Step.CLOSURE:
            return self._closure(state, task, today)
        day = self._when(task, today)
        if day is None:
            return None
        body = self.body(state, task.step, day, task.task_id)
        if task.step == Step.AGREED_ACTION:  # done by its owner (case formulation, issue 18)
            body = AgreedActionBody(completed_on=day, action_id=task.task_id)
        if task.step == Step.OUTCOME_DATA:  # at the start, or on the order's last day (issue 21)
            if task.task_id == "outcome_data_start":
                body = outcome_data.start(day)
            else:
                day = max(task.due_date, today)
                body = outcome_data.end(day)
        if body is None:
            return None
        return Action(day, state.pathway_id, self._caseworker(state.pathway_id), body)

    def body(
        self, state: PathwayState, step: Step, on: date, task_id: str | None = None
    ) -> StepBody | None:
        """The body that completes a task of this step on a day."""
        b = self.behaviour
        if state.order.disposal == DisposalType.DIVERSION and (
            found_diversion := diversion_body(self, step, task_id or step.value, on)
        ):
            return found_diversion
        if step == Step.VICTIM_CONTACT:
            r = self.rng.random()
            consent = (
                VictimConsent.CONSENTED
                if r < b.consent_share
                else VictimConsent.NO_RESPONSE
                if r < b.consent_share + b.no_response_share
                else VictimConsent.DECLINED
            )
            return VictimContactBody(completed_on=on, consent=consent)
        if step == Step.VICTIM_RESTORATIVE_OPTION:
            if self.rng.random() < b.withdraw_share:
                return VictimWithdrawalBody(completed_on=on)
            # An indirect option: a direct meeting needs a suitability decision first.
            option = self.rng.choice(INDIRECT_OPTIONS)
            return VictimRestorativeOptionBody(
                completed_on=on, option=option, options_offered=[option]
            )
        if step == Step.VICTIM_TOLD_WORK_ENDED:  # after a withdrawal (one victim per pathway)
            return VictimToldWorkEndedBody(completed_on=on)
        if step == Step.INTERVENTION_REFERRAL:
            return self._referral(state, on)
        if step == Step.PROGRESS_PANEL:  # a referral order's panels (`workflows.restorative`)
            return restorative.progress_panel(on)
        if step == Step.FINAL_PANEL:
            return restorative.final_panel(on)
        if step == Step.ASSESSMENT:
            return journey(on)[2][1].model_copy(update={"facts": self.facts()})
        bodies: dict[Step, Any] = {type_step(body): body for _, body in journey(on)}
        found: StepBody | None = bodies.get(step)
        if found is None and step in STEP_BODIES:
            found = STEP_BODIES[step](completed_on=on)
        if found is None and step.value in CUSTODY_BODIES:
            found = CUSTODY_BODIES[step.value](completed_on=on)
        return found

    def _closure(self, state: PathwayState, task: Task, today: date) -> Action:
        diversion = state.order.disposal == DisposalType.DIVERSION
        if diversion and self.rng.random() < self.behaviour.breach_share:
            # Diversion ends early, not in court: the child stopped engaging.
            day = today + timedelta(days=self.rng.randint(30, 90))
            reason = ClosureReason.REVOKED_EARLY
        elif not diversion and self.rng.random() < self.behaviour.breach_share:
            span = max((task.due_date - today).days - 1, 1)
            day = today + timedelta(days=self.rng.randint(min(30, span), span))
            reason = ClosureReason.RETURNED_TO_COURT
        else:
            day, reason = (
                task.due_date + timedelta(days=self.rng.randint(0, 5)),
                ClosureReason.COMPLETED,
            )
        body = ClosureBody(completed_on=day, reason=reason, bias_reflection=REFLECTION)
        return Action(day, state.pathway_id, self._supervisor(state.pathway_id), body)

    def _referral(self, state: PathwayState, on: date) -> InterventionReferralBody:
        assert state.eligibility is not None
        eligible = [
            p
            for p, d in state.eligibility.by_programme().items()
            if d.status == EligibilityStatus.ELIGIBLE
        ]
        if eligible:
            programme, override = self.rng.choice(eligible), None
        elif self.rng.random() < self.behaviour.override_share:
            programme, override = Programme.FFT, "Family asked for it; professional judgement."
        else:
            return InterventionReferralBody(
                completed_on=on, no_referral_reason="none suitable", bias_reflection=REFLECTION
            )
        return InterventionReferralBody(
            completed_on=on,
            programme=programme,
            status=ReferralStatus.REFERRED,
            override_reason=override,
            bias_reflection=REFLECTION,
        )

    def follow_ups(
        self, state: PathwayState, body: StepBody | FactsCommand | OrderChange
    ) -> list[Action]:
        """What a recorded step leads to: a referral moving on, new facts after a review."""
        if isinstance(body, OrderChange):
            return []
        if (moved := transfers.follow_ups(self, state, body)) is not None:
            return moved
        if isinstance(body, InterventionReferralBody) and body.programme is not None:
            nxt = NEXT_REFERRAL.get(body.status) if body.status else None
            if nxt is None:
                return []
            status = nxt[0] if self.rng.random() < 0.8 else nxt[1]
            later = body.completed_on + timedelta(days=self.rng.randint(7, 40))
            step = InterventionReferralBody(
                completed_on=later, programme=body.programme, status=status
            )
            return [Action(later, state.pathway_id, self._caseworker(state.pathway_id), step)]
        review = getattr(body, "step", None) == Step.REVIEW.value
        if review and self.rng.random() < self.behaviour.facts_update_share:
            on = body.completed_on if not isinstance(body, FactsCommand) else body.recorded_on
            facts = FactsCommand(actor_user=CASEWORKER.user, facts=self.facts(), recorded_on=on)
            return [Action(on, state.pathway_id, self._caseworker(state.pathway_id), facts)]
        return []

    def facts(self) -> AssessmentFacts:
        """Assessment facts of a random child (some unknown, as in life)."""
        r = self.rng

        def maybe(p_true: float, p_known: float = 0.95) -> bool | None:
            return None if r.random() > p_known else r.random() < p_true

        return AssessmentFacts(
            lives_with_caregiver=maybe(0.8),
            caregiver_willing_to_engage=maybe(0.6),
            acute_psychiatric_illness=maybe(0.05, 0.95),
            sex_offending_only=maybe(0.02, 0.95),
            child_to_parent_violence=maybe(0.15),
            parent_commits_to_programme=maybe(0.6),
            parent_capacity_concern=maybe(0.15),
            dv_exposure=maybe(0.3),
            perpetrator_in_household=maybe(0.1),
            dv_risk_level=r.choice([*DvRiskLevel, None]),
            mother_will_attend=maybe(0.6),
            family_in_crisis=maybe(0.1),
            needs_other_therapy_first=maybe(0.1),
        )


STEP_BODIES: dict[Step, type[InterventionPlanBody] | type[CustodyPlanningBody]] = {
    Step.INTERVENTION_PLAN: InterventionPlanBody,
    Step.CUSTODY_PLANNING: CustodyPlanningBody,
}


def type_step(body: StepBody) -> Step:
    """The step a body records."""
    return Step(body.step)


NEXT_REFERRAL = {
    ReferralStatus.REFERRED: (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED),
    ReferralStatus.ACCEPTED: (ReferralStatus.STARTED, ReferralStatus.DISENGAGED),
    ReferralStatus.STARTED: (ReferralStatus.COMPLETED, ReferralStatus.DISENGAGED),
}
