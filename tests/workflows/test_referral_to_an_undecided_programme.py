"""A referral to the violence reduction groups from decisions made before the programme existed."""

from datetime import UTC, date, datetime

import pytest

from contracts.common import DisposalType, Programme
from contracts.eligibility import EligibilityDecisions
from contracts.facts import AssessmentFacts, EligibilityRequest
from contracts.pathway import DeadlinePolicy, PathwayState
from contracts.referrals import BiasReflection, ReferralStatus
from contracts.steps import InterventionReferralBody
from core.workdays import add_months
from rules import evaluate
from tests.factories import CASEWORKER, pathway_input
from workflows.referrals import record_referral
from workflows.tasks import Clock, StepRefused

MADE = date(2026, 3, 2)
NOW = datetime(2026, 4, 1, 12, tzinfo=UTC)


def state_with(decisions: EligibilityDecisions) -> tuple[PathwayState, Clock]:
    inp = pathway_input(MADE, DisposalType.REFERRAL_ORDER, length_months=12)
    clock = Clock(DeadlinePolicy(), inp.calendar.holidays)
    state = PathwayState(
        pathway_id=inp.pathway_id,
        child=inp.child,
        order=inp.order,
        order_starts_on=MADE,
        order_ends_on=add_months(MADE, 12),
        eligibility=decisions,
    )
    return state, clock


def referral() -> InterventionReferralBody:
    return InterventionReferralBody(
        completed_on=date(2026, 3, 30),
        programme=Programme.VIOLENCE_REDUCTION,
        status=ReferralStatus.REFERRED,
        bias_reflection=BiasReflection(aspects_considered=["race"], colleague_consulted=True),
    )


def decided() -> EligibilityDecisions:
    facts = AssessmentFacts(
        index_offence_group="robbery",
        acute_psychiatric_illness=False,
        family_in_crisis=False,
        needs_other_therapy_first=False,
    )
    return evaluate(EligibilityRequest(date_of_birth=date(2012, 1, 1), facts=facts, on=MADE))


def test_decisions_from_before_the_programme_refuse_a_referral_to_it_saying_what_to_do() -> None:
    old = EligibilityDecisions.model_validate(
        decided().model_dump(mode="json", exclude={"violence_reduction"})
    )
    assert old.violence_reduction is None
    assert Programme.VIOLENCE_REDUCTION not in old.by_programme()
    state, clock = state_with(old)
    with pytest.raises(StepRefused, match="violence_reduction has not been decided.*facts again"):
        record_referral(state, referral(), CASEWORKER, clock)


def test_an_eligible_child_is_referred_to_the_violence_reduction_groups() -> None:
    state, clock = state_with(decided())
    record_referral(state, referral(), CASEWORKER, clock)
    made = state.referral(Programme.VIOLENCE_REDUCTION)
    assert made is not None and made.eligibility_at_referral == "eligible"
