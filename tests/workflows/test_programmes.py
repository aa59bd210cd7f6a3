"""Programmes as families live them: participants by role, and sessions attended or missed.

Checked as the workflow checks them (`workflows.steps.record`); the last test runs the
workflow on the time-skipping server and reads the sessions back from the read model.
"""

from datetime import UTC, date, datetime

import pytest
from temporalio.testing import WorkflowEnvironment

from contracts.breach import FailureOutcome
from contracts.common import DisposalType, Programme, Step, TaskStatus
from contracts.pathway import DeadlinePolicy, PathwayState
from contracts.programmes import (
    ParticipantRole,
    ProgrammeParticipantsBody,
    SessionKind,
    SessionOutcomeBody,
    SessionPlannedBody,
    SessionStatus,
)
from contracts.referrals import ReferralStatus
from contracts.steps import AssessmentBody, InterventionReferralBody
from core.workdays import add_months, london_date
from readmodel.tables import ReferralRow
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.factories import CASEWORKER, REFLECTION, pathway_input
from tests.workflows.harness import Harness
from tests.workflows.test_reflection_stages import eligible_for_fft
from workflows.steps import record
from workflows.tasks import Clock, StepRefused

MADE = date(2026, 1, 5)
ON = date(2026, 2, 2)
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
P = ParticipantRole


def pathway(flagged: bool = True) -> tuple[PathwayState, Clock]:
    inp = pathway_input(MADE, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=12)
    clock = Clock(DeadlinePolicy(), inp.calendar.holidays)
    state = PathwayState(pathway_id=inp.pathway_id, child=inp.child, order=inp.order,
                         order_starts_on=MADE, order_ends_on=add_months(MADE, 12),
                         programme_participants=flagged, reflection_stages=flagged)
    clock.open_initial_tasks(state)
    eligible_for_fft(state, clock)
    return state, clock


def refer(state: PathwayState, clock: Clock, programme: Programme, participants: list[P] | None = None,
          status: ReferralStatus = ReferralStatus.REFERRED) -> None:
    override = None if programme == Programme.FFT else "professional judgement"
    record(state, InterventionReferralBody(completed_on=ON, programme=programme, status=status,
                                           override_reason=override, bias_reflection=REFLECTION,
                                           participants=participants), CASEWORKER, clock, NOW)


def started(state: PathwayState, clock: Clock, programme: Programme) -> None:
    for status in (ReferralStatus.ACCEPTED, ReferralStatus.STARTED):
        record(state, InterventionReferralBody(completed_on=ON, programme=programme, status=status),
               CASEWORKER, clock, NOW)


@pytest.mark.parametrize(("programme", "participants"), [
    (Programme.FFT, [P.CHILD, P.PARENT_OR_CARER]),
    (Programme.NVR, [P.PARENT_OR_CARER]),  # NVR is made for the parent
    (Programme.DV_GROUPS, [P.CHILD, P.MOTHER]),  # the child and their mother
])
def test_a_new_referral_takes_its_programmes_participants(programme: Programme, participants: list[P]) -> None:
    state, clock = pathway()
    refer(state, clock, programme)
    referral = state.referral(programme)
    assert referral is not None and referral.participants == participants


@pytest.mark.parametrize(("programme", "participants", "why"), [
    (Programme.NVR, [P.CHILD], "NVR is done with the parent"),
    (Programme.DV_GROUPS, [P.CHILD, P.PARENT_OR_CARER], "include the mother"),
    (Programme.DV_GROUPS, [P.MOTHER], "includes the child"),
])
def test_participants_that_leave_out_a_role_the_programme_needs_are_refused(
    programme: Programme, participants: list[P], why: str
) -> None:
    state, clock = pathway()
    with pytest.raises(StepRefused, match=f"participants: .*{why}"):
        refer(state, clock, programme, participants)
    refer(state, clock, programme)
    body = ProgrammeParticipantsBody(completed_on=ON, programme=programme, participants=participants)
    with pytest.raises(StepRefused, match=why):
        record(state, body, CASEWORKER, clock, NOW)
    more = [P.PARENT_OR_CARER, P.MOTHER, P.SIBLING, P.CHILD]
    record(state, body.model_copy(update={"participants": more}), CASEWORKER, clock, NOW)
    assert state.referral(programme).participants == more  # type: ignore[union-attr]


def test_sessions_are_planned_attended_and_missed_with_or_without_an_acceptable_reason() -> None:
    state, clock = pathway()
    refer(state, clock, Programme.NVR)
    plan = SessionPlannedBody(completed_on=ON, programme=Programme.NVR, planned_on=date(2026, 2, 9),
                              kind=SessionKind.ONE_TO_ONE)
    with pytest.raises(StepRefused, match="sessions are for a referral accepted or started"):
        record(state, plan, CASEWORKER, clock, NOW)
    started(state, clock, Programme.NVR)
    for _ in range(3):
        record(state, plan, CASEWORKER, clock, NOW)
    attended = SessionOutcomeBody(completed_on=date(2026, 2, 9), programme=Programme.NVR, session=1,
                                  attended=True)
    record(state, attended, CASEWORKER, clock, NOW)
    with pytest.raises(StepRefused, match="session 1 was already recorded as attended"):
        record(state, attended, CASEWORKER, clock, NOW)
    ill = attended.model_copy(update={"session": 2, "attended": False, "acceptable_reason": True,
                                      "reason": "ill"})
    record(state, ill, CASEWORKER, clock, NOW)
    with pytest.raises(StepRefused, match="has no session 9"):
        record(state, attended.model_copy(update={"session": 9}), CASEWORKER, clock, NOW)
    sessions = state.referral(Programme.NVR).sessions  # type: ignore[union-attr]
    assert [(s.number, s.status) for s in sessions] == [
        (1, SessionStatus.ATTENDED), (2, SessionStatus.MISSED), (3, SessionStatus.PLANNED)]
    assert state.compliance.failures == []  # a missed session is not a failure unless recorded so


def test_a_session_missed_without_an_acceptable_reason_can_take_the_compliance_road() -> None:
    state, clock = pathway()
    refer(state, clock, Programme.FFT)
    started(state, clock, Programme.FFT)
    record(state, SessionPlannedBody(completed_on=ON, programme=Programme.FFT, planned_on=date(2026, 2, 9),
                                     kind=SessionKind.FAMILY), CASEWORKER, clock, NOW)
    missed = SessionOutcomeBody(completed_on=date(2026, 2, 10), programme=Programme.FFT, session=1,
                                attended=False, acceptable_reason=False, reason="no contact",
                                record_as_failure=True)
    record(state, missed, CASEWORKER, clock, NOW)
    (failure,) = state.compliance.failures
    assert (failure.failed_on, failure.reasonable_excuse, failure.outcome) == (
        date(2026, 2, 9), False, FailureOutcome.AWAITING_WARNING)
    assert failure.details == "missed fft session 1: no contact"
    assert state.referral(Programme.FFT).sessions[0].compliance_failure == 1  # type: ignore[union-attr]
    assert state.task("warning_given-1") is not None


def test_a_session_attended_or_excused_cannot_be_recorded_as_a_failure() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="record_as_failure: only a session missed without"):
        SessionOutcomeBody(completed_on=ON, programme=Programme.FFT, session=1, attended=False,
                           acceptable_reason=True, record_as_failure=True)
    with pytest.raises(ValidationError, match="acceptable_reason: say whether"):
        SessionOutcomeBody(completed_on=ON, programme=Programme.FFT, session=1, attended=False)


def test_a_pathway_started_before_the_patch_gets_no_participants_by_default() -> None:
    state, clock = pathway(flagged=False)
    refer(state, clock, Programme.NVR, [P.CHILD])  # not checked: its rules are the old ones
    assert state.referral(Programme.NVR).participants == []  # type: ignore[union-attr]


async def test_the_workflow_records_a_dv_referral_for_child_and_mother_and_its_sessions(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = london_date(await time_env.get_current_time())
    handle = await ts.start(pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=12))
    await ts.allocate(handle)
    facts = {"lives_with_caregiver": True, "dv_exposure": True}
    await ts.step(handle, CASEWORKER, AssessmentBody.model_validate({"completed_on": today, "facts": facts}))
    state = await ts.step(handle, CASEWORKER, InterventionReferralBody(
        completed_on=today, programme=Programme.DV_GROUPS, status=ReferralStatus.REFERRED,
        override_reason="professional judgement", bias_reflection=REFLECTION))
    assert state.programme_participants
    assert state.referral(Programme.DV_GROUPS).participants == [P.CHILD, P.MOTHER]  # type: ignore[union-attr]
    for status in (ReferralStatus.ACCEPTED, ReferralStatus.STARTED):
        await ts.step(handle, CASEWORKER, InterventionReferralBody(
            completed_on=today, programme=Programme.DV_GROUPS, status=status))
    for kind in (SessionKind.GROUP, SessionKind.GROUP):
        await ts.step(handle, CASEWORKER, SessionPlannedBody(
            completed_on=today, programme=Programme.DV_GROUPS, planned_on=today, kind=kind))
    await ts.step(handle, CASEWORKER, SessionOutcomeBody(
        completed_on=today, programme=Programme.DV_GROUPS, session=1, attended=True))
    state = await ts.step(handle, CASEWORKER, SessionOutcomeBody(
        completed_on=today, programme=Programme.DV_GROUPS, session=2, attended=False,
        acceptable_reason=False, record_as_failure=True))
    assert state.compliance.failures[0].outcome == FailureOutcome.AWAITING_WARNING
    assert state.task("warning_given-1").status == TaskStatus.OPEN  # type: ignore[union-attr]
    assert [e.kind for e in state.timeline][-1] == Step.SESSION_OUTCOME.value

    def row() -> ReferralRow | None:
        with sessions_for(ts.database_url) as sessions, sessions() as s:
            return s.get(ReferralRow, (handle.id, "dv_groups"))

    found = await eventually(row, lambda r: r is not None and r.sessions_missed == 1, what="the read model")
    assert found is not None
    assert (found.participants, found.sessions_attended, found.sessions_missed_unexcused) == (
        ["child", "mother"], 1, 1)
