"""The caller writes the read model after a step; the workflow's projection is a safety net.

ADR 0070: the API and the pages write the state a step's update returns, and the workflow
projects that change again only after a grace period, once for a burst of steps. These tests
show the safety net repairs a caller that never wrote, a burst shares one projection, two
writers racing never leave an older version in place, and (tests/api/test_pathways.py) the API's own write lands at once.
"""

import asyncio
import random
import threading
from datetime import date, timedelta

from sqlalchemy import select
from temporalio.api.enums.v1 import EventType
from temporalio.testing import WorkflowEnvironment

from contracts.common import DisposalType
from contracts.pathway import NewOrderNotice, PathwayState
from contracts.steps import AllocationBody, ReviewBody, StepCommand
from core.settings import Settings
from core.workdays import add_months, london_date
from readmodel.projection import write_projection
from readmodel.tables import PathwayRow, TaskRow
from readmodel.writers import project
from tests.conftest import sessions_for
from tests.db.test_read_model import a_state
from tests.eventually import eventually
from tests.factories import SUPERVISOR, pathway_input
from tests.workflows.harness import Handle, Harness, fresh_queue
from worker import running_worker
from workflows.pathway import CALLER_PROJECTION_GRACE, PathwayWorkflow
from workflows.tasks import Clock


def read_version(url: str, pathway_id: str) -> int | None:
    with sessions_for(url) as sessions, sessions() as s:
        return s.scalar(select(PathwayRow.version).where(PathwayRow.pathway_id == pathway_id))


async def wait_for_version(url: str, pathway_id: str, version: int, seconds: float = 10) -> None:
    await eventually(
        lambda: read_version(url, pathway_id),
        lambda found: found == version,
        what=f"the read model showing version {version}",
        seconds=seconds,
    )


async def projections(handle: Handle) -> int:
    """How many projection activities the workflow has scheduled so far."""
    count = 0
    async for event in handle.fetch_history_events():
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            attrs = event.activity_task_scheduled_event_attributes
            count += attrs.activity_type.name == "project_pathway"
    return count


async def caller_step(handle: Handle, body: AllocationBody | ReviewBody) -> PathwayState:
    """A step sent as every caller sends it, by a caller that (here) never writes the read model."""
    command = StepCommand(actor=SUPERVISOR, body=body)
    return await handle.execute_update(PathwayWorkflow.record_step, command)


async def test_a_caller_that_never_wrote_is_repaired_after_the_grace_and_a_burst_shares_one(
    time_env: WorkflowEnvironment, sqlite_url: str
) -> None:
    queue = fresh_queue()
    async with running_worker(time_env.client, Settings(database_url=sqlite_url), task_queue=queue):
        ts = Harness(time_env.client, queue, sqlite_url)
        today = london_date(await time_env.get_current_time())
        handle = await ts.start(pathway_input(today))
        initial = (await ts.state(handle)).version
        await wait_for_version(sqlite_url, handle.id, initial)
        before = await projections(handle)

        states = [
            await caller_step(
                handle, AllocationBody(completed_on=today, caseworker="casey", team="bromley")
            ),
            await caller_step(handle, ReviewBody(completed_on=today)),
            await caller_step(handle, ReviewBody(completed_on=today)),
        ]
        latest = states[-1].version
        assert [s.version for s in states] == [initial + 1, initial + 2, initial + 3]
        await asyncio.sleep(1.5)  # real time: well inside the grace
        assert read_version(sqlite_url, handle.id) == initial, "the workflow waits for the caller"
        assert await projections(handle) == before

        await time_env.sleep(CALLER_PROJECTION_GRACE + timedelta(seconds=5))
        await wait_for_version(sqlite_url, handle.id, latest)
        assert await projections(handle) == before + 1, "three steps, one safety projection"

        # A change the workflow makes itself (no caller writes it) is projected at once.
        notice = NewOrderNotice(
            new_pathway_id="pw-other", made_on=today, disposal=DisposalType.REFERRAL_ORDER
        )
        await handle.execute_update(PathwayWorkflow.new_order, notice)
        await wait_for_version(sqlite_url, handle.id, latest + 1, seconds=5)
        await ts.terminate_all()


def test_two_writers_racing_never_leave_an_older_version_in_place(database_url: str) -> None:
    """The caller and the workflow may write one pathway at once: the newest always wins."""
    made = date(2026, 3, 27)

    # The tasks a new pathway opens, built as the workflow builds them (its constructor asks
    # `workflow.patched`, which only works inside a workflow).
    inp = pathway_input(made, DisposalType.YOUTH_REHABILITATION_ORDER)
    opened = PathwayState(
        pathway_id=inp.pathway_id, child=inp.child, order=inp.order,
        order_starts_on=made, order_ends_on=add_months(made, inp.order.length_months),
    )
    Clock(inp.deadlines, inp.calendar.holidays).open_initial_tasks(opened)
    tasks = opened.tasks

    def state(version: int) -> PathwayState:
        s = a_state(version, f"cw{version}")
        s.tasks = tasks
        return s

    with sessions_for(database_url) as sessions:
        versions = list(range(1, 81))
        random.Random(7).shuffle(versions)
        halves = [versions[::2], versions[1::2]]
        errors: list[BaseException] = []

        def write(mine: list[int]) -> None:
            try:
                for v in mine:
                    project(sessions, state(v))
            except BaseException as error:  # noqa: BLE001 - reported by the test below
                errors.append(error)

        threads = [threading.Thread(target=write, args=(h,)) for h in halves]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        with sessions() as s:
            row = s.scalars(select(PathwayRow).where(PathwayRow.pathway_id == "pw-fixed")).one()
            task_rows = s.scalars(select(TaskRow).where(TaskRow.pathway_id == "pw-fixed")).all()
        assert (row.version, row.caseworker) == (80, "cw80")
        assert task_rows and {t.caseworker for t in task_rows} == {"cw80"}, "tasks match the row"


def test_a_first_write_racing_an_older_first_write_still_lands(database_url: str) -> None:
    """The workflow's first projection and a caller's first step may both find no row.

    On PostgreSQL the newer writer's INSERT waits for the older one's commit and then skips:
    the newer version must still land (it used to wait for the safety net, 10 s later).
    """
    with sessions_for(database_url) as sessions:
        written: list[bool] = []
        with sessions.begin() as first:  # the older write, held open while the newer one runs
            assert write_projection(first, a_state(0, "nobody"))
            newer = threading.Thread(target=lambda: written.append(project(sessions, a_state(1, "casey"))))
            newer.start()
            newer.join(timeout=1.0)  # it waits on the older write's row (or its lock)
        newer.join(timeout=30)
        assert written == [True]
        assert read_version(database_url, "pw-fixed") == 1
