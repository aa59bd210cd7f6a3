"""A bias reflection at each decision stage: refused without one where the service requires
it, accepted with one, accepted without where it is configured optional; a colleague named
by role; pathways started before the `reflections-2026-12` patch keep their rules.

The stages are checked as the workflow checks them (`workflows.steps.record`, which its update
validator and handler both run); the last test runs the workflow itself on the time-skipping
server, the policy coming from the pathway's input.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from temporalio.testing import WorkflowEnvironment

import rules
from contracts.breach import BreachActionBody, BreachRoute, ComplianceFailureBody, WarningGivenBody
from contracts.common import DisposalType, Programme
from contracts.facts import AssessmentFacts, EligibilityRequest
from contracts.pathway import DeadlinePolicy, PathwayState
from contracts.referrals import BiasReflection, ColleagueRole, ReferralStatus
from contracts.reflections import ReflectionPolicy
from contracts.steps import (
    Actor,
    AllocationBody,
    ClosureBody,
    ClosureReason,
    InterventionReferralBody,
    StepBody,
    TransferAcceptedBody,
    TransferRefusedBody,
    TransferRequestedBody,
)
from core.workdays import add_months, london_date
from tests.factories import CASEWORKER, SUPERVISOR, pathway_input
from tests.workflows.harness import Harness
from workflows.steps import record
from workflows.tasks import Clock, StepRefused

MADE = date(2026, 1, 5)
ON = date(2026, 2, 2)
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
CROYDON = Actor(user="cal.supervisor", role="supervisor", team="croydon")
REFLECTION = BiasReflection(
    aspects_considered=["race", "culture"], colleague_consulted=True,
    colleague_role=ColleagueRole.PRACTICE_LEAD,
)


def pathway(policy: ReflectionPolicy | None = None, *, stages: bool = True,
            disposal: DisposalType = DisposalType.YOUTH_REHABILITATION_ORDER) -> tuple[PathwayState, Clock]:
    inp = pathway_input(MADE, disposal, length_months=12)
    clock = Clock(DeadlinePolicy(), inp.calendar.holidays, policy or ReflectionPolicy())
    state = PathwayState(pathway_id=inp.pathway_id, child=inp.child, order=inp.order,
                         order_starts_on=MADE, order_ends_on=add_months(MADE, 12),
                         reflection_stages=stages)
    clock.open_initial_tasks(state)
    record(state, AllocationBody(completed_on=MADE, caseworker="casey.worker", team="bromley",
                                 bias_reflection=REFLECTION), SUPERVISOR, clock, NOW)
    return state, clock


def decided(state: PathwayState, facts: AssessmentFacts) -> None:
    state.facts = facts
    state.eligibility = rules.evaluate(EligibilityRequest(date_of_birth=date(2011, 5, 14), facts=facts, on=ON))


def failed(state: PathwayState, clock: Clock) -> None:
    body = ComplianceFailureBody(completed_on=ON, failed_on=ON, reasonable_excuse=False, details="Missed.")
    record(state, body, CASEWORKER, clock, NOW)


def asked(state: PathwayState, clock: Clock) -> None:
    record(state, TransferRequestedBody(completed_on=ON, to_team="croydon", reason="moved",
                                        bias_reflection=REFLECTION), SUPERVISOR, clock, NOW)


def eligible_for_fft(state: PathwayState, clock: Clock) -> None:
    decided(state, AssessmentFacts(lives_with_caregiver=True, caregiver_willing_to_engage=True,
                                   placement="home", acute_psychiatric_illness=False,
                                   sex_offending_only=False))


def not_eligible(state: PathwayState, clock: Clock) -> None:
    decided(state, AssessmentFacts(lives_with_caregiver=False))


Prepare = Callable[[PathwayState, Clock], None]
# Each stage: what must be true first, who records it, its body without a reflection (a
# function of the reflection, so the same body is tried with and without one).
STAGES: dict[str, tuple[Prepare | None, Actor, Callable[[BiasReflection | None], StepBody], str]] = {
    "allocation": (None, SUPERVISOR, lambda r: AllocationBody(
        completed_on=ON, caseworker="robin.worker", team="bromley", bias_reflection=r), "an allocation"),
    "no_referral": (eligible_for_fft, CASEWORKER, lambda r: InterventionReferralBody(
        completed_on=ON, no_referral_reason="the family moved away", bias_reflection=r),
        "a decision not to refer"),
    "programme_referral": (eligible_for_fft, CASEWORKER, lambda r: InterventionReferralBody(
        completed_on=ON, programme=Programme.FFT, status=ReferralStatus.PROPOSED, bias_reflection=r),
        "a programme referral"),
    "override": (not_eligible, CASEWORKER, lambda r: InterventionReferralBody(
        completed_on=ON, programme=Programme.FFT, status=ReferralStatus.PROPOSED,
        override_reason="the family asked", bias_reflection=r), "an override of the rules"),
    "compliance_warning": (failed, CASEWORKER, lambda r: WarningGivenBody(completed_on=ON, bias_reflection=r),
                           "a compliance warning"),
    "transfer": (None, SUPERVISOR, lambda r: TransferRequestedBody(
        completed_on=ON, to_team="croydon", reason="moved", bias_reflection=r), "a transfer decision"),
    "transfer_accepted": (asked, CROYDON, lambda r: TransferAcceptedBody(completed_on=ON, bias_reflection=r),
                          "a transfer decision"),
    "transfer_refused": (asked, CROYDON, lambda r: TransferRefusedBody(
        completed_on=ON, reason="not settled", bias_reflection=r), "a transfer decision"),
}


def required_everywhere() -> ReflectionPolicy:
    return ReflectionPolicy(allocation="required")


@pytest.mark.parametrize("stage", list(STAGES))
def test_each_stage_is_refused_without_a_reflection_where_required_and_accepted_with_one(stage: str) -> None:
    prepare, actor, body, words = STAGES[stage]
    state, clock = pathway(required_everywhere())
    if prepare:
        prepare(state, clock)
    kept = len(state.bias_reflections)
    with pytest.raises(StepRefused, match=f"bias_reflection: {words} needs a bias reflection"):
        record(state.model_copy(deep=True), body(None), actor, clock, NOW)
    record(state, body(REFLECTION), actor, clock, NOW)
    assert len(state.bias_reflections) == kept + 1
    made = state.bias_reflections[-1]
    assert (made.colleague_role, made.on, made.by) == (ColleagueRole.PRACTICE_LEAD, ON, actor.user)


@pytest.mark.parametrize("stage", ["allocation", "no_referral", "compliance_warning", "transfer"])
def test_a_stage_configured_optional_is_accepted_without_a_reflection(stage: str) -> None:
    prepare, actor, body, _ = STAGES[stage]
    policy = ReflectionPolicy(no_referral="optional", compliance_warning="optional", transfer="optional")
    state, clock = pathway(policy)
    if prepare:
        prepare(state, clock)
    kept = len(state.bias_reflections)
    record(state, body(None), actor, clock, NOW)
    assert len(state.bias_reflections) == kept


def test_closure_and_breach_action_keep_their_reflection_with_the_stage_read_back() -> None:
    state, clock = pathway()
    failed(state, clock)
    record(state, WarningGivenBody(completed_on=ON, bias_reflection=REFLECTION), CASEWORKER, clock, NOW)
    failed(state, clock)
    record(state, BreachActionBody(completed_on=ON, referred_to=BreachRoute.COURT, bias_reflection=REFLECTION),
           CASEWORKER, clock, NOW)
    record(state, ClosureBody(completed_on=ON, reason=ClosureReason.REVOKED_EARLY, bias_reflection=REFLECTION),
           SUPERVISOR, clock, NOW)
    assert [r.decision for r in state.bias_reflections] == [
        "allocation:casey.worker", "compliance_warning:1", "breach_action:court",
        "closure:revoked_early"]


def test_a_colleague_consulted_must_be_named_by_role() -> None:
    state, clock = pathway()
    unnamed = BiasReflection(aspects_considered=["age"], colleague_consulted=True)
    with pytest.raises(StepRefused, match="bias_reflection.colleague_role: say who"):
        record(state, STAGES["transfer"][2](unnamed), SUPERVISOR, clock, NOW)
    alone = BiasReflection(aspects_considered=["age"], colleague_consulted=False)
    record(state, STAGES["transfer"][2](alone), SUPERVISOR, clock, NOW)


def test_a_pathway_started_before_the_patch_keeps_its_rules() -> None:
    state, clock = pathway(required_everywhere(), stages=False)
    failed(state, clock)
    record(state, WarningGivenBody(completed_on=ON), CASEWORKER, clock, NOW)  # no reflection asked
    unnamed = BiasReflection(aspects_considered=["age"], colleague_consulted=True)
    record(state, TransferRequestedBody(completed_on=ON, to_team="croydon", reason="moved",
                                        bias_reflection=unnamed), SUPERVISOR, clock, NOW)


async def test_the_workflow_holds_a_new_pathway_to_the_policy_in_its_input(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = london_date(await time_env.get_current_time())
    inp = pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=12)
    handle = await ts.start(inp.model_copy(update={"reflections": required_everywhere()}))
    body = AllocationBody(completed_on=today, caseworker="casey.worker", team="bromley")
    refused = await ts.refused(handle, SUPERVISOR, body)
    assert "bias_reflection: an allocation needs a bias reflection" in refused
    state = await ts.step(handle, SUPERVISOR, body.model_copy(update={"bias_reflection": REFLECTION}))
    assert state.reflection_stages and [r.decision for r in state.bias_reflections] == [
        "allocation:casey.worker"]
    # The default policy leaves allocation optional.
    other = await ts.start(pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=12))
    state = await ts.step(other, SUPERVISOR, body)
    assert state.caseworker == "casey.worker" and state.bias_reflections == []


async def test_the_case_formulation_and_the_panel_contract_wait_for_their_reflection(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    from samples import restorative
    from tests.workflows.test_formulation import formulation

    today = london_date(await time_env.get_current_time())
    yro = await ts.start(pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=12))
    await ts.allocate(yro)
    bare = formulation(today).model_copy(update={"bias_reflection": None})
    refused = await ts.refused(yro, CASEWORKER, bare)
    assert "bias_reflection: a case formulation needs a bias reflection" in refused
    state = await ts.step(yro, CASEWORKER, formulation(today))
    assert state.bias_reflections[-1].decision == "case_formulation:v1"

    order = await ts.start(pathway_input(today))  # a referral order
    await ts.allocate(order)
    await ts.step(order, CASEWORKER, restorative.enquiry(today))
    refused = await ts.refused(order, CASEWORKER, restorative.initial_panel(today, bias_reflection=None))
    assert "bias_reflection: the panel contract needs a bias reflection" in refused
    state = await ts.step(order, CASEWORKER, restorative.initial_panel(today))
    assert state.bias_reflections[-1].decision == "panel_contract"
