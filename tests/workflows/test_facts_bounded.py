"""Repeated facts updates cannot grow a pathway's state without bound.

Each facts update used to append a timeline entry, so a caller sending facts in a loop grew
the state (carried whole across continue-as-new, and projected whole) by about 200 bytes an
update, for ever. Now facts that change nothing are a no-op, and updates in a row share one
entry that counts them.
"""

from temporalio.testing import WorkflowEnvironment

from contracts.facts import AssessmentFacts
from contracts.pathway import PathwayState
from contracts.referrals import FactsCommand
from contracts.steps import AllocationBody, FirstContactBody
from core.workdays import london_date
from tests.factories import CASEWORKER, SUPERVISOR, pathway_input
from tests.workflows.harness import Harness
from workflows.pathway import PathwayWorkflow

HOME = AssessmentFacts(lives_with_caregiver=True, placement="home")
AWAY = AssessmentFacts(lives_with_caregiver=False, placement="foster")


async def test_300_facts_updates_leave_the_state_the_same_size_give_or_take_a_few_bytes(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    today = london_date(await time_env.get_current_time())
    started = await ts.start(pathway_input(today))
    # By id, not run: 300 updates make a long history, and the pathway continues as new.
    handle = time_env.client.get_workflow_handle_for(PathwayWorkflow.run, started.id)
    sizes: list[int] = []
    state: PathwayState | None = None
    for i in range(300):
        facts = HOME if (i // 2) % 2 == 0 else AWAY  # each set twice in a row: half change nothing
        command = FactsCommand(actor_user="casey.worker", facts=facts, recorded_on=today)
        state = await handle.execute_update(PathwayWorkflow.record_facts, command)
        sizes.append(len(state.model_dump_json()))
    assert state is not None
    (entry,) = [e for e in state.timeline if e.kind == "facts"]
    assert entry.details == {"updates": 150, "since": today.isoformat()}
    assert state.version == 150 and state.facts == AWAY
    assert state.runs >= 1  # the history grew long and the pathway continued as new on the way
    # The 4th update (the second change, to AWAY) and the 300th leave the same facts and
    # decisions and one facts entry; only that entry's count (2 to 150: one more digit) and
    # its time, whose microseconds may come and go (7 characters), differ: 16 bytes covers
    # both. The old code appended an entry per change, 148 more entries of about 200 bytes.
    assert abs(sizes[299] - sizes[3]) <= 16, (sizes[3], sizes[299])
    assert max(sizes) - min(sizes) <= 100  # HOME and AWAY differ by a few dozen bytes
    assert (await handle.query(PathwayWorkflow.state)).model_dump_json() == state.model_dump_json()


async def test_facts_that_change_nothing_record_nothing(ts: Harness, time_env: WorkflowEnvironment) -> None:
    today = london_date(await time_env.get_current_time())
    handle = await ts.start(pathway_input(today))
    command = FactsCommand(actor_user="casey.worker", facts=HOME, recorded_on=today)
    first = await handle.execute_update(PathwayWorkflow.record_facts, command)
    again = await handle.execute_update(PathwayWorkflow.record_facts, command)
    assert again.version == first.version == 1
    assert again.model_dump_json() == first.model_dump_json()


async def test_a_step_between_facts_updates_keeps_their_entries_apart(ts: Harness, time_env: WorkflowEnvironment) -> None:
    today = london_date(await time_env.get_current_time())
    handle = await ts.start(pathway_input(today))
    # To the caseworker's team, who may then see it.
    await ts.step(handle, SUPERVISOR, AllocationBody(completed_on=today, caseworker="c", team="bromley"))
    facts = [HOME, AWAY, HOME]
    for i, f in enumerate(facts):
        await handle.execute_update(
            PathwayWorkflow.record_facts, FactsCommand(actor_user=f"u{i}", facts=f, recorded_on=today)
        )
        if i == 0:
            await ts.step(handle, CASEWORKER, FirstContactBody(completed_on=today))
    state = await ts.state(handle)
    kinds = [(e.kind, e.by, e.details.get("updates")) for e in state.timeline if e.kind in ("facts", "first_contact")]
    assert kinds == [("facts", "u0", None), ("first_contact", kinds[1][1], None), ("facts", "u2", 2)]
