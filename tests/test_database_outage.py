"""The database going away for a while only delays the read model, which then catches up.

The workflow writes the read model and the outbox beside its main loop, so while the database
is unavailable caseworkers' steps are still recorded at once; when it is back, the read model
converges to the workflow's state with exactly one row per thing. SQLite is made unavailable by
another connection holding `BEGIN EXCLUSIVE`; PostgreSQL (shared with other tests, so not
stopped) by a transaction holding `LOCK TABLE rm_tasks IN ACCESS EXCLUSIVE MODE`.
"""

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select, text
from temporalio.testing import WorkflowEnvironment

from contracts.common import Programme
from contracts.facts import AssessmentFacts
from contracts.pathway import PathwayState
from contracts.referrals import ReferralStatus
from contracts.steps import (
    AllocationBody,
    AssessmentBody,
    FirstContactBody,
    InterventionReferralBody,
    StepBody,
    VictimContactBody,
    VictimDetailsReceivedBody,
)
from core.settings import Settings
from core.workdays import london_date
from db.session import make_engine
from db.tables import OutboxMessage
from readmodel.tables import (
    BiasReflectionRow,
    DecisionRow,
    PathwayRow,
    ReferralRow,
    TaskRow,
    VictimRow,
)
from samples.restorative import enquiry
from tests.conftest import sessions_for
from tests.eventually import eventually
from tests.factories import CASEWORKER, REFLECTION, SUPERVISOR, pathway_input
from tests.workflows.harness import Handle, Harness, fresh_queue
from worker import running_worker

LOCKED_SECONDS = 4.0
# A step is recorded in well under this even while the database is locked.
STEP_SECONDS = 3.0


def outage_steps() -> list[tuple[Any, StepBody]]:
    """Steps recorded while the database is unavailable, one of them an override (outbox)."""
    today = london_date(datetime.now(UTC))
    return [
        (CASEWORKER, FirstContactBody(completed_on=today)),
        (CASEWORKER, VictimDetailsReceivedBody(completed_on=today, enhanced=True)),
        (CASEWORKER, AssessmentBody(completed_on=today, facts=AssessmentFacts(dv_exposure=False))),
        (CASEWORKER, enquiry(today)),
        (CASEWORKER, VictimContactBody(completed_on=today, consent="consented")),
        (
            CASEWORKER,
            InterventionReferralBody(
                completed_on=today,
                programme=Programme.DV_GROUPS,
                status=ReferralStatus.REFERRED,
                override_reason="Professional judgement: the mother asked for the group.",
                bias_reflection=REFLECTION,
            ),
        ),
    ]


def read_model(url: str, pathway_id: str) -> dict[str, Any]:
    """The pathway's rows in the read model and the outbox, as comparable values."""
    with sessions_for(url) as sessions, sessions() as s:
        row = s.get(PathwayRow, pathway_id)
        tasks = s.execute(
            select(TaskRow.task_id, TaskRow.status, TaskRow.completed_on).where(
                TaskRow.pathway_id == pathway_id
            )
        ).all()

        def count(table: Any) -> int:
            return int(
                s.scalar(
                    select(func.count()).select_from(table).where(table.pathway_id == pathway_id)
                )
                or 0
            )

        return {
            "version": row.version if row else None,
            "caseworker": row.caseworker if row else None,
            "tasks": sorted((t, st, c) for t, st, c in tasks),
            "victims": count(VictimRow),
            "decisions": count(DecisionRow),
            "referrals": count(ReferralRow),
            "reflections": count(BiasReflectionRow),
            "outbox": sorted(
                s.scalars(select(OutboxMessage.key).where(OutboxMessage.pathway_id == pathway_id))
            ),
        }


def expected(state: PathwayState, outbox: list[str]) -> dict[str, Any]:
    """What the read model must hold for a workflow state."""
    return {
        "version": state.version,
        "caseworker": state.caseworker,
        "tasks": sorted((t.task_id, t.status.value, t.completed_on) for t in state.tasks),
        "victims": len(state.victim_tracks()),
        "decisions": len(state.eligibility.by_programme()) if state.eligibility else 0,
        "referrals": len(state.referrals),
        "reflections": len(state.bias_reflections),
        "outbox": outbox,
    }


async def converged(
    url: str, handle: Handle, outbox: list[str], seconds: float = 60
) -> dict[str, Any]:
    """Wait until the read model matches the workflow's state; return it."""

    async def compared() -> tuple[dict[str, Any], dict[str, Any]]:
        state = await Harness.state(handle)
        rows = await asyncio.to_thread(read_model, url, state.pathway_id)
        return rows, expected(state, outbox)

    rows, want = await eventually(compared, lambda pair: pair[0] == pair[1],
                                  what="the read model catching up", seconds=seconds, every=0.2)
    assert rows == want, "the read model never caught up"
    return rows


@asynccontextmanager
async def started_pathway(
    env: WorkflowEnvironment, url: str
) -> AsyncIterator[tuple[Harness, Handle]]:
    """A worker on a fresh queue, and an allocated referral-order pathway with a victim."""
    settings = Settings(database_url=url, temporal_task_queue=fresh_queue())
    async with running_worker(env.client, settings):
        harness = Harness(env.client, settings.temporal_task_queue, url)
        today = london_date(datetime.now(UTC))
        handle = await harness.start(pathway_input(today, victim=True))
        await Harness.step(
            handle,
            SUPERVISOR,
            AllocationBody(completed_on=today, caseworker="casey", team="bromley"),
        )
        await converged(url, handle, [])
        try:
            yield harness, handle
        finally:
            await harness.terminate_all()


async def steps_during_outage(url: str, handle: Handle, lock: Callable[[], Any]) -> None:
    """Record steps while `lock` holds the database; they must not wait for it."""
    with lock():
        before = await asyncio.to_thread(projected_version, url, handle.id)
        for actor, body in outage_steps():
            started = time.monotonic()
            await Harness.step(handle, actor, body)
            assert time.monotonic() - started < STEP_SECONDS, f"{body.step} waited for the database"
        await asyncio.sleep(LOCKED_SECONDS)
        state = await Harness.state(handle)
        during = await asyncio.to_thread(projected_version, url, handle.id)
        assert during == before < state.version, "the read model waits for the database"


def projected_version(url: str, pathway_id: str) -> int | None:
    """The version of the pathway's row in `rm_pathways` (a table neither outage locks out)."""
    with sessions_for(url) as sessions, sessions() as s:
        return s.scalar(select(PathwayRow.version).where(PathwayRow.pathway_id == pathway_id))


@contextmanager
def sqlite_exclusive(url: str) -> Iterator[None]:
    """Hold an exclusive transaction on the SQLite file: no other connection can write."""
    connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        connection.execute("BEGIN EXCLUSIVE")
        yield
        connection.execute("ROLLBACK")
    finally:
        connection.close()


@contextmanager
def postgres_table_lock(url: str, table: str) -> Iterator[None]:
    """Hold `table` in ACCESS EXCLUSIVE mode in an open transaction: nothing reads or writes it."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection, connection.begin():
            connection.execute(text(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
            yield
    finally:
        engine.dispose()


async def test_a_locked_sqlite_database_delays_the_read_model_which_then_catches_up_with_no_duplicates(
    dev_env: WorkflowEnvironment, sqlite_url: str
) -> None:
    async with started_pathway(dev_env, sqlite_url) as (_, handle):
        await steps_during_outage(sqlite_url, handle, lambda: sqlite_exclusive(sqlite_url))
        rows = await converged(sqlite_url, handle, [f"{handle.id}:override:dv_groups:6"])
    assert rows["decisions"] == 4 and rows["referrals"] == 1 and rows["reflections"] == 1
    assert {t for t, status, _ in rows["tasks"] if status == "done"} >= {
        "allocation",
        "first_contact",
        "assessment",
        "restorative_enquiry",
        "victim_contact:v1",  # one task per victim (ADR 0120)
    }


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_locked_postgresql_task_table_delays_the_read_model_which_then_catches_up_with_no_duplicates(
    dev_env: WorkflowEnvironment, database_url: str
) -> None:
    async with started_pathway(dev_env, database_url) as (_, handle):
        lock = lambda: postgres_table_lock(database_url, "rm_tasks")  # noqa: E731
        await steps_during_outage(database_url, handle, lock)
        rows = await converged(database_url, handle, [f"{handle.id}:override:dv_groups:6"])
    assert rows["decisions"] == 4 and rows["referrals"] == 1 and rows["reflections"] == 1
    assert len(rows["tasks"]) == len({t for t, _, _ in rows["tasks"]}), "one row per task"
