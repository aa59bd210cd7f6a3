"""`pathway bench workers`: the same load through one worker process, then through two.

A Temporal dev server (as `make run` configures it) runs in a temporary folder. Each phase
ingests `--pathways` referral orders through the intake (`IngestService`) on a task queue of
its own and sends every pathway the eleven steps of a journey from allocation to an early closure
(`benchmarks/rig/journey.py`), `--concurrency` pathways at a time. Phase one has one `pathway
worker` process; phase two has two on one task queue, and the second is killed with SIGKILL
once half the phase's steps are done. Afterwards every pathway must have completed closed with
all eleven steps recorded and its read-model row at the final version; each workflow's history
says which worker (by identity, `pid@host`) completed each workflow and activity task. The
last stdout line is one JSON object:
`{"tasks_by_worker": {...}, "lost": 0, "per_s_one": ..., "per_s_two": ..., ...}`.
"""

import argparse
import asyncio
import os
import random
import signal
import subprocess
import time
from collections import Counter
from contextlib import ExitStack
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client

from benchmarks.rig.cli import at_least
from benchmarks.rig.days import today
from benchmarks.rig.journey import journey, send
from benchmarks.rig.output import emit, note, progress, say
from benchmarks.rig.servers import connect, fresh_dev_server, process, worker_command
from benchmarks.rig.stats import percentile
from contracts.common import PathwayStatus, TaskStatus
from contracts.pathway import PathwayState
from core.settings import Settings
from db.session import make_engine, make_sessions
from ingest.service import IngestService
from ingest.store import IntakeStore
from readmodel.tables import PathwayRow
from samples.orders import random_outcome

STEPS = len(journey(today()))


async def ingest(
    client: Client, settings: Settings, sessions: sessionmaker[Session], n: int
) -> list[str]:
    """Start `n` referral orders through the intake; return their pathway ids."""
    rng, made_on = random.Random(n), today()
    records = [
        random_outcome(rng, made_on, disposal="referral_order", victim_share=0.0) for _ in range(n)
    ]
    results = await IngestService(IntakeStore(sessions), client, settings).ingest(records)
    ids = [r.pathway_id for r in results if r.pathway_id is not None]
    assert len(ids) == n, [r for r in results if r.pathway_id is None]
    return ids


async def polling(client: Client, settings: Settings, pids: list[int], seconds: float = 60) -> None:
    """Wait until every worker process polls the task queue, so each can take work."""
    request = DescribeTaskQueueRequest(
        namespace=settings.temporal_namespace,
        task_queue=TaskQueue(name=settings.temporal_task_queue),
        task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    )
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answer = await client.workflow_service.describe_task_queue(request)
        polling = {p.identity.split("@")[0] for p in answer.pollers}
        if all(str(pid) in polling for pid in pids):
            return
        await asyncio.sleep(0.5)
    raise TimeoutError(f"worker processes {pids} did not poll within {seconds:.0f} s")


async def drive(
    client: Client, ids: list[str], gate: int, halfway: asyncio.Event, latencies: list[float]
) -> tuple[float, float]:
    """Send every pathway its journey; return the seconds for all and for the first half."""
    total, done, half_s = len(ids) * STEPS, 0, 0.0
    steps = journey(today())
    limit = asyncio.Semaphore(gate)
    started = time.monotonic()

    async def one(pathway_id: str) -> None:
        nonlocal done, half_s
        async with limit:
            for n, (actor, body) in enumerate(steps):
                sent = time.monotonic()
                await send(client, pathway_id, n, actor, body)
                latencies.append((time.monotonic() - sent) * 1000)
                done += 1
                if done == total // 2:
                    half_s = time.monotonic() - started
                    halfway.set()
                if done % 50 == 0 or done == total:
                    progress("steps", done, total)

    await asyncio.gather(*(one(i) for i in ids))
    return time.monotonic() - started, half_s


async def settled(client: Client, sessions: sessionmaker[Session], ids: list[str]) -> list[str]:
    """Wait for every workflow's result; return the ids of pathways that lost anything."""
    lost: list[str] = []
    for pathway_id in ids:
        handle = client.get_workflow_handle(pathway_id, result_type=PathwayState)
        try:
            state: PathwayState = await asyncio.wait_for(handle.result(), timeout=120)
        except Exception:  # noqa: BLE001 - any failure to finish is a loss
            lost.append(pathway_id)
            continue
        kinds = [entry.kind for entry in state.timeline]
        complete = (
            state.status == PathwayStatus.CLOSED
            and len(kinds) == STEPS
            and all(t.status != TaskStatus.OPEN for t in state.tasks)
        )
        with sessions() as session:
            row = session.get(PathwayRow, pathway_id)
        if not complete or row is None or row.version != state.version or row.status != "closed":
            lost.append(pathway_id)
    return lost


async def tasks_by_identity(client: Client, ids: list[str]) -> Counter[str]:
    """Count the workflow and activity tasks each worker identity completed."""
    counts: Counter[str] = Counter()
    for pathway_id in ids:
        history = await client.get_workflow_handle(pathway_id).fetch_history()
        for event in history.events:
            if event.HasField("workflow_task_completed_event_attributes"):
                counts[event.workflow_task_completed_event_attributes.identity] += 1
            elif event.HasField("activity_task_started_event_attributes"):
                counts[event.activity_task_started_event_attributes.identity] += 1
    return counts


def label(counts: Counter[str], names: dict[int, str]) -> dict[str, int]:
    """Name each identity by the worker process it was."""
    out: dict[str, int] = {}
    for identity, count in counts.items():
        pid = int(identity.split("@")[0]) if identity.split("@")[0].isdigit() else -1
        out[names.get(pid, identity)] = count
    return out


async def phase(settings: Settings, *, workers: int, args: argparse.Namespace) -> dict[str, Any]:
    """Run one phase: `workers` worker processes, the second killed halfway if there are two."""
    client = await connect(settings)
    engine = make_engine(settings.sqlalchemy_url)
    sessions = make_sessions(engine)
    with ExitStack() as stack:
        procs: list[subprocess.Popen[bytes]] = [
            stack.enter_context(process(worker_command(), settings, f"worker-{workers}-{k}.log"))
            for k in range(workers)
        ]
        names = {p.pid: f"worker-{chr(97 + k)}" for k, p in enumerate(procs)}
        await polling(client, settings, [p.pid for p in procs])
        ids = await ingest(client, settings, sessions, args.pathways)
        halfway = asyncio.Event()
        killer = asyncio.create_task(kill_at(halfway, procs[1])) if workers > 1 else None
        latencies: list[float] = []
        all_s, half_s = await drive(client, ids, args.concurrency, halfway, latencies)
        if killer is not None:
            await killer
            names[procs[1].pid] += " (killed halfway)"
        lost = await settled(client, sessions, ids)
        counts = label(await tasks_by_identity(client, ids), names)
    engine.dispose()
    steps = len(ids) * STEPS
    return {
        "pathways": len(ids),
        "steps": steps,
        "seconds": round(all_s, 1),
        "per_s": round(steps / all_s, 1),
        "per_s_first_half": round(steps / 2 / half_s, 1) if half_s else None,
        "step_p50_ms": percentile(latencies, 50),
        "step_max_ms": round(max(latencies), 1),
        "tasks_by_worker": counts,
        "lost": len(lost),
    }


async def kill_at(halfway: asyncio.Event, proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL a worker process once half the steps are done."""
    await halfway.wait()
    os.kill(proc.pid, signal.SIGKILL)
    note(f"\n  killed worker process {proc.pid} (SIGKILL)")


def main(argv: list[str]) -> int:
    """Run `pathway bench workers`; exit 1 if anything was lost."""
    p = argparse.ArgumentParser(prog="pathway bench workers", description=__doc__.split("\n")[0])
    p.add_argument("--pathways", type=at_least(2), default=100, help="pathways per phase")
    p.add_argument("--concurrency", type=at_least(1), default=20, help="pathways driven at once")
    args = p.parse_args(argv)
    with fresh_dev_server("workers") as (settings, _):
        note("phase one: one worker process")
        one = asyncio.run(phase(settings, workers=1, args=args))
        two_queue = settings.model_copy(
            update={"temporal_task_queue": settings.temporal_task_queue + "-two"}
        )
        note("phase two: two worker processes on one task queue, one killed halfway")
        two = asyncio.run(phase(two_queue, workers=2, args=args))
    figures = {
        "tasks_by_worker": two["tasks_by_worker"],
        "lost": one["lost"] + two["lost"],
        "per_s_one": one["per_s"],
        "per_s_two": two["per_s"],
        "per_s_two_before_kill": two["per_s_first_half"],
        "one": one,
        "two": two,
    }
    report(figures)
    emit(figures)
    return 1 if figures["lost"] else 0


def report(f: dict[str, Any]) -> None:
    """Print the figures for a person."""
    for name, ph in (("one worker", f["one"]), ("two workers", f["two"])):
        say(
            f"workers bench, {name}: {ph['pathways']} pathways x {STEPS} steps = {ph['steps']} "
            f"updates in {ph['seconds']} s: {ph['per_s']} steps/s (first half "
            f"{ph['per_s_first_half']}/s); one step p50 {ph['step_p50_ms']} ms, slowest "
            f"{ph['step_max_ms']} ms; lost {ph['lost']}"
        )
        for who, count in sorted(ph["tasks_by_worker"].items()):
            say(f"  {who}: {count} workflow and activity tasks")
