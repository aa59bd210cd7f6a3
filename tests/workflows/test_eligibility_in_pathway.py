"""Eligibility inside the pathway: the assessment decides it, a review decides it again."""

from datetime import date, timedelta

from temporalio.testing import WorkflowEnvironment

from contracts.common import DisposalType, TaskStatus
from contracts.facts import AssessmentFacts
from contracts.steps import AssessmentBody, ReviewBody
from core.workdays import add_months, london_date
from tests.factories import CASEWORKER, pathway_input
from tests.workflows.harness import Harness

FFT_READY = AssessmentFacts(lives_with_caregiver=True, caregiver_willing_to_engage=True, placement="home",
                            acute_psychiatric_illness=False, sex_offending_only=False)


async def test_the_assessment_decides_eligibility_and_opens_the_referral_task(ts: Harness, time_env: WorkflowEnvironment) -> None:
    today = london_date(await time_env.get_current_time())
    handle = await ts.start(pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER), date_of_birth=date(2011, 5, 14))
    await ts.allocate(handle)  # so the caseworker's team sees it
    state = await ts.step(handle, CASEWORKER, AssessmentBody(completed_on=today, facts=FFT_READY))
    assert state.eligibility is not None and state.eligibility.fft.status == "eligible"
    assert state.eligibility.nvr.status == "needs_information"
    task = state.task("intervention_referral")
    assert task is not None and task.status == TaskStatus.OPEN and task.due_date > today
    assert state.facts == FFT_READY


async def test_a_review_after_the_18th_birthday_finds_the_child_too_old_for_fft(ts: Harness, time_env: WorkflowEnvironment) -> None:
    today = london_date(await time_env.get_current_time())
    eighteenth = today + timedelta(days=30)
    born = eighteenth.replace(year=eighteenth.year - 18)
    handle = await ts.start(pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER, length_months=12), date_of_birth=born)
    await ts.allocate(handle)  # so the caseworker's team sees it
    state = await ts.step(handle, CASEWORKER, AssessmentBody(completed_on=today, facts=FFT_READY))
    assert state.eligibility is not None and state.eligibility.fft.status == "eligible"
    await time_env.sleep(add_months(today, 3) - today + timedelta(days=1))
    later = london_date(await time_env.get_current_time())
    state = await ts.step(handle, CASEWORKER, ReviewBody(completed_on=later))
    assert state.eligibility is not None and state.eligibility.fft.status == "ineligible"
    assert state.eligibility.fft.evaluated_on == later
