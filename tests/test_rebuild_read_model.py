"""`pathway rebuild-read-model`: the read model rebuilt from running, completed and ended workflows."""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, inspect, select
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from activities.retention import RetentionActivities
from commands import parser
from commands.rebuild import PATHWAYS, latest_runs, rebuild_read_model
from contracts.common import DisposalType, Programme
from contracts.facts import AssessmentFacts
from contracts.pathway import PathwayInput, PathwayState
from contracts.referrals import BiasReflection, ReferralStatus
from contracts.retention import RetentionRequest
from contracts.steps import (
    Actor,
    AllocationBody,
    AssessmentBody,
    ClosureBody,
    ClosureReason,
    InterventionReferralBody,
    StepBody,
    StepCommand,
    VictimDetailsReceivedBody,
)
from core.settings import Settings
from readmodel.tables import (
    BiasReflectionRow,
    DecisionRow,
    OutcomeDataRow,
    PathwayRow,
    ReferralRow,
    TaskRow,
    VictimRow,
)
from readmodel.writers import project
from samples import outcome_data
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.factories import CASEWORKER, REFLECTION, SUPERVISOR, pathway_input
from tests.workflows.harness import add_child, fresh_queue
from worker import running_worker
from workflows.pathway import PathwayWorkflow

Handle = WorkflowHandle[PathwayWorkflow, PathwayState]
TABLES: list[Any] = [PathwayRow, TaskRow, VictimRow, OutcomeDataRow]
EVERY_TABLE: list[Any] = [*TABLES, DecisionRow, ReferralRow, BiasReflectionRow]


def read_model(url: str, tables: list[Any] = TABLES) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the read model, in a stable order, without the time it was written."""
    with sessions_for(url) as sessions, sessions() as s:
        found = {}
        for table in tables:
            columns = [c for c in inspect(table).columns if c.key != "updated_at"]
            keys = [c for c in inspect(table).primary_key]
            found[table.__tablename__] = [tuple(r) for r in s.execute(select(*columns).order_by(*keys))]
        return found


def wipe(url: str, tables: list[Any] = TABLES) -> None:
    with sessions_for(url) as sessions, sessions.begin() as s:
        for table in tables:
            s.execute(delete(table))


async def start(client: Client, queue: str, inp: PathwayInput) -> Handle:
    return await client.start_workflow(PathwayWorkflow.run, inp, id=inp.pathway_id, task_queue=queue)


async def step(handle: Handle, actor: Actor, body: StepBody) -> PathwayState:
    return await handle.execute_update(PathwayWorkflow.record_step, StepCommand(actor=actor, body=body))


async def projected(url: str, handles: dict[Handle, int]) -> None:
    """Wait until the projection has written each pathway's latest version."""
    await eventually(
        lambda: dict(read_model_versions(url)),
        lambda versions: all(versions.get(h.id) == v for h, v in handles.items()),
        what="each pathway's latest version projected",
    )


def read_model_versions(url: str) -> list[tuple[str, int]]:
    with sessions_for(url) as sessions, sessions() as s:
        return [(p, v) for p, v in s.execute(select(PathwayRow.pathway_id, PathwayRow.version))]


async def listed(client: Client, query: str, expected: dict[str, WorkflowExecutionStatus]) -> None:
    """Visibility follows the workflows within moments: wait until each is listed as it is."""

    async def statuses() -> dict[str, WorkflowExecutionStatus]:
        runs, _ = await latest_runs(client, query)
        return {r.id: r.status for r in runs}

    await eventually(statuses, lambda found: found == expected, what=f"the workflows listed as {expected}")


async def test_a_wiped_read_model_is_rebuilt_from_the_workflows_as_the_projection_wrote_it_and_again_gives_the_same_rows(
    dev_env: WorkflowEnvironment, database_url: str
) -> None:
    client, queue = dev_env.client, fresh_queue()
    settings = Settings(database_url=database_url, temporal_task_queue=queue)
    today = date.today()
    async with running_worker(client, settings, task_queue=queue):
        backlog = await start(client, queue, pathway_input(today - timedelta(days=40), victim=True))
        # A victim is a row once the police pass their details (victims one by one, ADR 0120).
        await step(backlog, SUPERVISOR, VictimDetailsReceivedBody(completed_on=today - timedelta(days=40)))
        allocated = await start(client, queue, pathway_input(today, DisposalType.YOUTH_REHABILITATION_ORDER))
        state = await step(allocated, SUPERVISOR, AllocationBody(completed_on=today, caseworker="casey", team="bromley"))
        with sessions_for(database_url) as sessions:
            project(sessions, state)  # as every caller writes the state its step returns
        done = await start(client, queue, pathway_input(today, DisposalType.DETENTION_AND_TRAINING_ORDER))
        for answers in (outcome_data.start, outcome_data.end):  # issue 21: rows of rm_outcome_data
            await step(done, SUPERVISOR, answers(today))
        await step(done, SUPERVISOR, ClosureBody(bias_reflection=REFLECTION, completed_on=today, reason=ClosureReason.REVOKED_EARLY,
                                                 no_formulation_reason="Revoked before the meeting."))
        final = await done.result()
        ended = await start(client, queue, pathway_input(today - timedelta(days=3)))
        await projected(database_url, {
            backlog: (await backlog.query(PathwayWorkflow.state)).version,
            allocated: state.version,
            done: final.version,
            ended: (await ended.query(PathwayWorkflow.state)).version,
        })
        await ended.terminate("ended by an operator")
        written = read_model(database_url)
        assert len(written["rm_pathways"]) == 4 and written["rm_tasks"] and written["rm_victims"]
        assert len(written["rm_outcome_data"]) == 2

        query = f'{PATHWAYS} AND TaskQueue="{queue}"'
        running, status = WorkflowExecutionStatus.RUNNING, WorkflowExecutionStatus
        await listed(client, query, {backlog.id: running, allocated.id: running,
                                     done.id: status.COMPLETED, ended.id: status.TERMINATED})
        wipe(database_url)
        assert read_model(database_url)["rm_pathways"] == []
        shown: list[int] = []
        with sessions_for(database_url) as sessions:
            summary = await rebuild_read_model(client, sessions, query=query, progress=lambda s: shown.append(s.done))
            assert (summary.pathways, summary.written, summary.unchanged, summary.failed) == (4, 4, 0, [])
            assert sorted(shown) == [1, 2, 3, 4]
            assert read_model(database_url) == written

            again = await rebuild_read_model(client, sessions, query=query)
            assert (again.written, again.unchanged) == (0, 4), "the version check makes a second rebuild a no-op"
            assert read_model(database_url) == written

            forced = await rebuild_read_model(client, sessions, query=query, force=True)
            assert (forced.written, forced.unchanged) == (4, 0)
            assert read_model(database_url) == written
        for handle in (backlog, allocated):
            await handle.terminate("test finished")


def test_the_command_line_offers_rebuild_read_model_with_force() -> None:
    assert parser().parse_args(["rebuild-read-model", "--force"]).force is True
    assert parser().parse_args(["rebuild-read-model"]).force is False


async def test_rebuild_read_model_does_not_restore_an_anonymised_pathway(
    dev_env: WorkflowEnvironment, database_url: str
) -> None:
    """The workflow's state still holds the free text; a rebuild, forced or from an empty read
    model, and a late projection all leave the pathway anonymised."""
    client, queue = dev_env.client, fresh_queue()
    settings = Settings(database_url=database_url, temporal_task_queue=queue)
    today = date.today()
    reflection = BiasReflection(aspects_considered=["race"], colleague_consulted=True,
                                colleague_role="supervisor",
                                note="Talked about Ariadne's family with a colleague.")
    query = f'{PATHWAYS} AND TaskQueue="{queue}"'
    async with running_worker(client, settings, task_queue=queue):
        inp = pathway_input(today)
        add_child(database_url, inp.child.child_id, date(2011, 5, 14))  # eligibility reads it
        handle = await start(client, queue, inp)
        # To the caseworker's team, so the caseworker may record on it.
        await step(handle, SUPERVISOR, AllocationBody(completed_on=today, caseworker="casey", team="bromley"))
        await step(handle, CASEWORKER, AssessmentBody(completed_on=today, facts=AssessmentFacts(dv_exposure=False)))
        await step(handle, CASEWORKER, InterventionReferralBody(
            completed_on=today, programme=Programme.DV_GROUPS, status=ReferralStatus.REFERRED,
            override_reason="Ariadne's mother asked for the group.", bias_reflection=reflection))
        await step(handle, SUPERVISOR, ClosureBody(bias_reflection=reflection, completed_on=today,
                                                   reason=ClosureReason.REVOKED_EARLY,
                                                   no_formulation_reason="Revoked before the meeting.",
                                                   no_outcome_data_reason="Revoked before it was gathered."))
        final = await handle.result()
        await projected(database_url, {handle: final.version})
        identifiable = read_model(database_url, EVERY_TABLE)
        assert [r[4] for r in identifiable["rm_referrals"]] == ["Ariadne's mother asked for the group."]

        with sessions_for(database_url) as sessions:
            retention = RetentionActivities(sessions)
            request = RetentionRequest(closed_before=today + timedelta(days=1), today=today)
            assert retention.anonymise_closed_pathways(request).pathways == 1
            anonymised = read_model(database_url, EVERY_TABLE)
            (row,) = anonymised["rm_pathways"]
            assert row[-1] == today, "anonymised_on"
            assert [r[4] for r in anonymised["rm_referrals"]] == [None], "override reason"
            assert [r[-1] for r in anonymised["rm_bias_reflections"]] == [None, None], "notes"

            # A projection arriving late, even of a newer version, leaves the rows alone.
            assert not project(sessions, final.model_copy(update={"version": final.version + 1}))
            assert read_model(database_url, EVERY_TABLE) == anonymised

            await listed(client, query, {handle.id: WorkflowExecutionStatus.COMPLETED})
            plain = await rebuild_read_model(client, sessions, query=query)
            assert (plain.written, plain.unchanged, plain.failed) == (0, 1, [])
            assert read_model(database_url, EVERY_TABLE) == anonymised

            forced = await rebuild_read_model(client, sessions, query=query, force=True)
            assert (forced.written, forced.failed) == (1, [])
            assert read_model(database_url, EVERY_TABLE) == anonymised

            wipe(database_url, EVERY_TABLE)
            rebuilt = await rebuild_read_model(client, sessions, query=query)
            assert (rebuilt.written, rebuilt.failed) == (1, [])
            assert read_model(database_url, EVERY_TABLE) == anonymised
