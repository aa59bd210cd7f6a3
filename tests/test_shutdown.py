"""`pathway api` and `pathway worker` stop within a bounded time on SIGTERM, even when stuck.

Each test runs the real command in a subprocess against the dev server, makes it hang the way
production can (a request waiting for ever on a workflow no worker serves; an activity blocked
in the database), sends SIGTERM, and times the exit.
"""

import asyncio
import os
import signal
import socket
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment

from api.auth import Role, issue_token
from core.clients import connect_temporal
from core.settings import Settings
from core.workdays import london_date
from db.session import make_engine
from tests.conftest import BIN
from tests.eventually import eventually
from tests.factories import pathway_input
from tests.workflows.harness import add_child, fresh_queue
from workflows.pathway import PathwayWorkflow
from workflows.retention import SCHEDULE_ID as RETENTION
from workflows.staff import SCHEDULE_ID as STAFF
from workflows.transitions import SCHEDULE_ID as TRANSITIONS

BOUND_SECONDS = 2
"""The shutdown setting the tests give each command."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def command_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment a deployment would give the command."""
    return {
        **os.environ,
        "PATHWAY_TEMPORAL_ADDRESS": settings.temporal_address,
        "PATHWAY_TEMPORAL_TASK_QUEUE": settings.temporal_task_queue,
        "PATHWAY_DATABASE_URL": settings.sqlalchemy_url,
        **extra,
    }


class Spawned:
    """Commands a test starts, each logging to a file; any still running at the end is killed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, *args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
        with (self.folder / f"{args[0]}.log").open("wb") as log:
            proc = subprocess.Popen([str(BIN / "pathway"), *args], env=env, stdout=log, stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")


@pytest.fixture
async def spawned(tmp_path: Path) -> AsyncIterator[Spawned]:
    commands = Spawned(tmp_path)
    yield commands
    for proc in commands.procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


async def stop_and_time(proc: subprocess.Popen[bytes], limit: float) -> float:
    """Send SIGTERM; return the seconds until the process exited (failing past `limit`)."""
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        await asyncio.to_thread(proc.wait, limit)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running {limit:.0f} s after SIGTERM")
    return time.monotonic() - sent


async def test_pathway_api_stops_within_its_bound_on_sigterm_while_a_step_waits_for_a_workflow_no_worker_serves(
    dev_env: WorkflowEnvironment, sqlite_url: str, spawned: Spawned
) -> None:
    address = dev_env.client.service_client.config.target_host
    settings = Settings(database_url=sqlite_url, temporal_address=address, temporal_task_queue=fresh_queue())
    # A pathway whose task queue no worker polls: an update to it waits for ever.
    today = london_date(await dev_env.get_current_time())
    inp = pathway_input(today)
    await dev_env.client.start_workflow(
        PathwayWorkflow.run, inp, id=inp.pathway_id, task_queue=settings.temporal_task_queue
    )
    port = free_port()
    env = command_env(settings, PATHWAY_API_SHUTDOWN_SECONDS=str(BOUND_SECONDS))
    api = spawned.start("api", "--port", str(port), env=env)
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:

        async def healthy() -> bool:
            try:
                return (await http.get("/healthz")).status_code == 200
            except httpx.TransportError:
                return False

        await eventually(healthy, what="the API answering /healthz", seconds=30, every=0.1)
        token = issue_token(settings, user="sam", role=Role.SUPERVISOR, team="bromley")
        stuck = asyncio.create_task(
            http.post(
                f"/v1/pathways/{inp.pathway_id}/steps/allocation",
                json={"completed_on": today.isoformat(), "caseworker": "casey", "team": "bromley"},
                headers={"Authorization": f"Bearer {token}"},
            )
        )
        await asyncio.sleep(2)
        assert not stuck.done(), "the step was answered: nothing is stuck"
        took = await stop_and_time(api, limit=BOUND_SECONDS + 20)
        # The bound, then cancelling the request and the lifespan's shutdown: well under 3 s more.
        assert took < BOUND_SECONDS + 3, f"stopped {took:.1f} s after SIGTERM"
        try:
            answer = await asyncio.wait_for(stuck, 5)
            assert answer.status_code >= 500  # cut off, not answered as if recorded
        except httpx.TransportError:
            pass  # or the connection was closed under it


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_pathway_worker_exits_within_its_bound_on_sigterm_while_an_activity_is_stuck_in_the_database(
    dev_env: WorkflowEnvironment, database_url: str, spawned: Spawned
) -> None:
    address = dev_env.client.service_client.config.target_host
    settings = Settings(database_url=database_url, temporal_address=address, temporal_task_queue=fresh_queue())
    engine = make_engine(database_url)
    locker = engine.connect()
    try:
        # The read model's table is locked: the pathway's first projection waits on it for ever.
        locker.execute(text("lock table rm_pathways in access exclusive mode"))
        locker_pid = locker.scalar(text("select pg_backend_pid()"))
        env = command_env(settings, PATHWAY_WORKER_SHUTDOWN_SECONDS=str(BOUND_SECONDS))
        worker = spawned.start("worker", env=env)
        client = await connect_temporal(settings)
        today = london_date(await dev_env.get_current_time())
        inp = pathway_input(today)
        add_child(database_url, inp.child.child_id, today.replace(year=today.year - 14))
        await client.start_workflow(
            PathwayWorkflow.run, inp, id=inp.pathway_id, task_queue=settings.temporal_task_queue
        )

        async def blocked() -> bool:
            # Waiting on this test's lock: other tests' sessions may wait on locks meanwhile.
            with engine.connect() as c:
                waiting = c.scalar(text(
                    "select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
                    "and query ilike '%rm_pathways%' and :locker = any(pg_blocking_pids(pid))"
                ), {"locker": locker_pid})
            return bool(waiting)

        await eventually(blocked, what="the projection activity waiting on the locked table",
                         seconds=30, every=0.1)
        # The graceful shutdown (2 s), its margin (5 s), then the process's own last resort
        # (5 s more) for the thread that cannot be interrupted: 12 s, and a little to exit.
        took = await stop_and_time(worker, limit=BOUND_SECONDS + 30)
        assert took < BOUND_SECONDS + 13, f"exited {took:.1f} s after SIGTERM"
        assert "did not exit within" in spawned.log("worker")  # it was stuck, and forced
    finally:
        locker.rollback()
        locker.close()
        engine.dispose()
        await delete_schedules(dev_env)


async def delete_schedules(env: WorkflowEnvironment) -> None:
    """Delete the schedules `pathway worker` creates on starting: the dev server is the session's,
    and a later test (tests/test_retention.py) creates the retention schedule afresh."""
    for schedule_id in (RETENTION, TRANSITIONS, STAFF):
        try:
            await env.client.get_schedule_handle(schedule_id).delete()
        except RPCError as error:
            if error.status != RPCStatusCode.NOT_FOUND:
                raise
