"""The workflow decides who records what, and how its read model is written, not the command.

A step's command still carries the deprecated `check_visibility` and `caller_projects` flags
(old histories hold them), but the workflow no longer reads them: a person records only on a
pathway they may see, a feed only victim details, and every step and facts update is taken as
written to the read model by its caller.
"""

import asyncio
from datetime import timedelta

import pytest
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment

from contracts.common import DisposalType
from contracts.facts import AssessmentFacts
from contracts.pathway import NewOrderNotice
from contracts.referrals import FactsCommand
from contracts.steps import (
    Actor,
    AllocationBody,
    FirstContactBody,
    StepBody,
    StepCommand,
    VictimDetailsReceivedBody,
)
from core.errors import NOT_VISIBLE, STEP_NOT_ALLOWED
from core.workdays import london_date
from tests.db.test_caller_projection import projections, read_version, wait_for_version
from tests.factories import CASEWORKER, SUPERVISOR, pathway_input
from tests.workflows.harness import Handle, Harness
from workflows.effects import CALLER_PROJECTION_GRACE
from workflows.pathway import PathwayWorkflow

OTHER_TEAM = Actor(user="cro.worker", role="caseworker", team="croydon")
POLICE_FEED = Actor(user="police-feed", role="integrator")


async def refusal(handle: Handle, command: StepCommand) -> ApplicationError:
    with pytest.raises(WorkflowUpdateFailedError) as failure:
        await handle.execute_update(PathwayWorkflow.record_step, command)
    cause = failure.value.cause
    assert isinstance(cause, ApplicationError)
    return cause


async def test_a_caseworker_of_another_team_is_refused_even_when_the_command_skips_the_check(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = london_date(await time_env.get_current_time())
    handle = await ts.start(pathway_input(today))
    body = FirstContactBody(completed_on=today)
    unallocated = await refusal(handle, StepCommand(actor=CASEWORKER, body=body))
    assert unallocated.type == NOT_VISIBLE, "no caseworker sees a pathway before allocation"

    await ts.allocate(handle, team="bromley")
    before = await ts.state(handle)
    sneaked = StepCommand(actor=OTHER_TEAM, body=body, check_visibility=False)
    refused = await refusal(handle, sneaked)
    assert (refused.type, refused.message) == (NOT_VISIBLE, "no such pathway")
    assert await ts.state(handle) == before, "a refused step leaves no trace"

    state = await ts.step(handle, CASEWORKER, body)  # the team's own caseworker may
    first_contact = state.task("first_contact")
    assert first_contact is not None and first_contact.completed_on == today


async def test_the_police_feed_may_record_victim_details_on_any_pathway_but_no_other_step(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = london_date(await time_env.get_current_time())
    handle = await ts.start(pathway_input(today, victim=True))  # unallocated: seen by no feed
    others: list[StepBody] = [
        FirstContactBody(completed_on=today),
        AllocationBody(completed_on=today, caseworker="casey", team="bromley"),
    ]
    for body in others:
        refused = await refusal(handle, StepCommand(actor=POLICE_FEED, body=body))
        assert refused.type == STEP_NOT_ALLOWED
        assert refused.message == f"the integrator role may not record {body.step}"
    state = await ts.step(handle, POLICE_FEED, VictimDetailsReceivedBody(completed_on=today))
    assert state.victims[0].details_received_on == today
    assert state.team is None


async def test_an_actor_of_no_known_role_records_nothing(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = london_date(await time_env.get_current_time())
    handle = await ts.start(pathway_input(today, victim=True))
    stranger = Actor(user="x", role="robot", team="bromley")
    body = VictimDetailsReceivedBody(completed_on=today)
    refused = await refusal(handle, StepCommand(actor=stranger, body=body, check_visibility=False))
    assert refused.type == STEP_NOT_ALLOWED


async def test_every_step_and_facts_update_is_left_to_its_caller_whatever_the_flag_says(
    ts: Harness, time_env: WorkflowEnvironment, sqlite_url: str
) -> None:
    today = london_date(await time_env.get_current_time())
    handle = await ts.start(pathway_input(today))
    initial = (await ts.state(handle)).version
    await wait_for_version(sqlite_url, handle.id, initial)
    before = await projections(handle)

    body = AllocationBody(completed_on=today, caseworker="casey", team="bromley")
    step = StepCommand(actor=SUPERVISOR, body=body, caller_projects=False)
    await handle.execute_update(PathwayWorkflow.record_step, step)
    facts = FactsCommand(
        actor_user="casey",
        facts=AssessmentFacts(lives_with_caregiver=True),
        recorded_on=today,
        caller_projects=False,
    )
    latest = (await handle.execute_update(PathwayWorkflow.record_facts, facts)).version
    assert latest == initial + 2
    await asyncio.sleep(1.5)  # real time: well inside the grace
    assert read_version(sqlite_url, handle.id) == initial, "the workflow waits for the caller"
    assert await projections(handle) == before

    await time_env.sleep(CALLER_PROJECTION_GRACE + timedelta(seconds=5))
    await wait_for_version(sqlite_url, handle.id, latest)
    assert await projections(handle) == before + 1, "the safety net, once for both"

    # A change the workflow makes itself has no caller to write it: projected at once.
    notice = NewOrderNotice(
        new_pathway_id="pw-other", made_on=today, disposal=DisposalType.REFERRAL_ORDER
    )
    await handle.execute_update(PathwayWorkflow.new_order, notice)
    await wait_for_version(sqlite_url, handle.id, latest + 1, seconds=5)
