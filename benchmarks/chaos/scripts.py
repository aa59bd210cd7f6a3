"""The scripted pathways of a chaos run: a court outcome and a list of commands each.

A script is drawn from the seed and the pathway's index alone, so the chaos run and the
control run replay exactly the same court outcomes and commands. Every order is made today
(London date) and every step is dated today, so no time needs skipping and nothing turns
overdue while a run lasts. Each script is valid from start to end: allocation, first contact,
victim details and contact, assessment with facts, case formulation, restorative enquiry,
panel, parent work, new facts, a referral moved through its states (an override of the rules
when the facts do not make the child eligible), reviews, sometimes a reallocation, and
closure with a bias reflection.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from contracts.common import COURT_DISPOSALS, DisposalType, Programme
from contracts.facts import AssessmentFacts, DvRiskLevel, Placement
from contracts.referrals import (
    BiasReflection,
    ColleagueRole,
    FactsCommand,
    GracesAspect,
    ReferralStatus,
)
from contracts.steps import (
    Actor,
    AgreedAction,
    AllocationBody,
    AssessmentBody,
    CaseFormulationBody,
    ClosureBody,
    ClosureReason,
    CustodyPlanningBody,
    FirstContactBody,
    InterventionPlanBody,
    InterventionReferralBody,
    RestorativeOption,
    ReviewBody,
    StepBody,
    StepCommand,
    VictimConsent,
    VictimContactBody,
    VictimDetailsReceivedBody,
    VictimRestorativeOptionBody,
    VictimWithdrawalBody,
)
from contracts.victims import VictimToldWorkEndedBody
from samples import outcome_data, restorative
from samples.orders import THEFT, canonical_outcome
from workflows.victim_tracks import DIRECT_OPTIONS

Command = StepCommand | FactsCommand

# Facts that make the child eligible for one programme each, and facts left unknown.
FACTS = {
    "fft": AssessmentFacts(
        lives_with_caregiver=True,
        caregiver_willing_to_engage=True,
        placement=Placement.HOME,
        acute_psychiatric_illness=False,
        sex_offending_only=False,
    ),
    "nvr": AssessmentFacts(
        child_to_parent_violence=True,
        parent_commits_to_programme=True,
        parent_capacity_concern=False,
    ),
    "dv_groups": AssessmentFacts(
        dv_exposure=True,
        perpetrator_in_household=False,
        dv_risk_level=DvRiskLevel.STANDARD,
        family_in_crisis=False,
        needs_other_therapy_first=False,
        mother_will_attend=True,
    ),
    "unknown": AssessmentFacts(),
}
TEAMS = ("bromley", "croydon", "lewisham")
NAMES = ("Alex", "Sam", "Jordan", "Riley", "Zoë", "Łukasz", "Aoife", "Tomás")


@dataclass(frozen=True)
class Script:
    """One pathway's court outcome and the commands recorded on it, in order."""

    index: int
    outcome: dict[str, Any]
    commands: list[Command]


def outcome(index: int, rng: random.Random, today: date, seed: int) -> dict[str, Any]:
    """A canonical court outcome made today for an invented child of 11 to 17.

    Its ids come from the seed and the index alone, so the control run starts the same orders.
    """
    disposal = rng.choices(list(COURT_DISPOSALS), weights=[6, 3, 1])[0]
    born = today - timedelta(days=365 * rng.randint(11, 17) + rng.randint(0, 300))
    return canonical_outcome(
        message_id=f"chaos-{seed}-{index:04d}",
        hearing_date=today.isoformat(),
        case_urn=f"01CH{seed % 1000:03d}{index:04d}",
        defendant={
            "defendant_id": f"def-chaos-{index:04d}",
            "first_name": rng.choice(NAMES),
            "last_name": f"Chaoschild{index:04d}",
            "date_of_birth": born.isoformat(),
            "gender": rng.choice(["male", "female", "other", "not_specified"]),
            "ethnicity": rng.choice(["W1", "B1", "A1", "M3", None]),
        },
        offences=[
            THEFT
            | {
                "offence_date": (today - timedelta(days=30)).isoformat(),
                "has_identified_victim": rng.random() < 0.7,
            }
        ],
        disposal={
            "type": disposal.value,
            "length_months": rng.randint(4, 12),
            "made_on": today.isoformat(),
            "requirements": [],
        },
    )


def reflection(rng: random.Random) -> BiasReflection:
    """A GRACES bias reflection with a few aspects considered."""
    aspects = rng.sample(list(GracesAspect), rng.randint(1, 4))
    consulted = rng.random() < 0.5
    return BiasReflection(
        aspects_considered=aspects,
        colleague_consulted=consulted,
        colleague_role=ColleagueRole.PRACTICE_LEAD if consulted else None,
        note="Considered with the team: « équité » matters.",
    )


def script(index: int, seed: int, today: date) -> Script:
    """The script of pathway `index`: the same for the same seed and day."""
    rng = random.Random(seed * 100_003 + index)
    record = outcome(index, rng, today, seed)
    disposal = DisposalType(record["disposal"]["type"])
    victim = bool(record["offences"][0]["has_identified_victim"])
    team = rng.choice(TEAMS)
    supervisor = Actor(user=f"sup-{team}", role="supervisor", team=team)
    worker = Actor(user=f"cw-{team}-{rng.randint(1, 3)}", role="caseworker", team=team)
    out: list[Command] = []

    def step(body: StepBody, actor: Actor = worker) -> None:
        out.append(StepCommand(actor=actor, body=body))

    step(AllocationBody(completed_on=today, caseworker=worker.user, team=team), supervisor)
    step(FirstContactBody(completed_on=today, family_told_what_happens_next=rng.random() < 0.9))
    opted_out = False
    if victim:
        opted_out = rng.random() < 0.2
        enhanced = rng.random() < 0.3
        step(VictimDetailsReceivedBody(completed_on=today, enhanced=enhanced, opted_out=opted_out))
    facts = rng.choice(list(FACTS))
    step(AssessmentBody(completed_on=today, facts=FACTS[facts], notes=f"assessed ({facts})"))
    step(
        CaseFormulationBody(
            completed_on=today,
            agencies=["yjs", *rng.sample(["camhs", "education", "childrens_social_care"], 2)],
            formulation_summary="Needs a steady adult; <b>school</b> exclusion & family stress.",
            agreed_actions=[
                AgreedAction(
                    action="Weekly mentoring",
                    owner_agency="yjs",
                    owner_person="Mentor",
                    due_on=today + timedelta(days=28),
                )
            ],
            child_views="I want to go back to school.",
            plain_language_summary="We will meet every week and help with school.",
            bias_reflection=reflection(rng),
        )
    )
    if disposal == DisposalType.REFERRAL_ORDER:
        step(restorative.enquiry(today))
    if victim and not opted_out:
        _victim_contact(rng, today, step)
    if disposal == DisposalType.REFERRAL_ORDER:
        step(restorative.initial_panel(today))
        step(restorative.parent_work(today))
    else:
        step(InterventionPlanBody(completed_on=today))
    if disposal == DisposalType.DETENTION_AND_TRAINING_ORDER:
        step(CustodyPlanningBody(completed_on=today))
    if rng.random() < 0.5:
        new = rng.choice(list(FACTS))
        out.append(FactsCommand(actor_user=worker.user, facts=FACTS[new], recorded_on=today))
    _referral(rng, today, step)
    step(ReviewBody(completed_on=today, notes="three-monthly review brought forward"))
    if rng.random() < 0.3:
        other = f"cw-{team}-{rng.randint(4, 6)}"
        step(AllocationBody(completed_on=today, caseworker=other, team=team), supervisor)
    step(outcome_data.start(today))  # issue 21: needed before closure
    step(outcome_data.end(today))
    reason = rng.choice([r for r in ClosureReason if r != ClosureReason.COMPLETED])
    step(ClosureBody(completed_on=today, reason=reason, bias_reflection=reflection(rng)))
    return Script(index, record, out)


def _victim_contact(rng: random.Random, today: date, step: Any) -> None:
    consent = rng.choices(list(VictimConsent), weights=[6, 2, 2])[0]
    step(VictimContactBody(completed_on=today, consent=consent))
    if consent == VictimConsent.NO_RESPONSE and rng.random() < 0.5:
        consent = VictimConsent.CONSENTED
        step(VictimContactBody(completed_on=today, consent=consent))
    if consent == VictimConsent.CONSENTED:
        # An indirect option: a direct meeting needs a suitability decision first.
        option = rng.choice([o for o in RestorativeOption if o not in DIRECT_OPTIONS])
        step(
            VictimRestorativeOptionBody(completed_on=today, option=option, options_offered=[option])
        )
        if rng.random() < 0.2:
            step(VictimWithdrawalBody(completed_on=today))
        # Told the work has ended before the closure below (ADR 0120).
        step(VictimToldWorkEndedBody(completed_on=today))


def _referral(rng: random.Random, today: date, step: Any) -> None:
    if rng.random() < 0.15:
        step(
            InterventionReferralBody(
                completed_on=today,
                no_referral_reason="family declined",
                bias_reflection=reflection(rng),
            )
        )
        return
    programme = rng.choice(list(Programme))
    first = rng.choice([ReferralStatus.PROPOSED, ReferralStatus.REFERRED])
    step(
        InterventionReferralBody(
            completed_on=today,
            programme=programme,
            status=first,
            # Ignored when the child is eligible; a written reason when this is an override.
            override_reason="Professional judgement: the family asked for this programme.",
            bias_reflection=reflection(rng),
        )
    )
    moves = [ReferralStatus.REFERRED] if first == ReferralStatus.PROPOSED else []
    moves += rng.choice(
        [
            [ReferralStatus.ACCEPTED, ReferralStatus.STARTED],
            [ReferralStatus.WAITLISTED, ReferralStatus.ACCEPTED],
            [ReferralStatus.DECLINED],
            [ReferralStatus.ACCEPTED, ReferralStatus.STARTED, ReferralStatus.COMPLETED],
        ]
    )
    for status in moves:
        step(InterventionReferralBody(completed_on=today, programme=programme, status=status))
