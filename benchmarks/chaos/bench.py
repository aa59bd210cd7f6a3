"""`pathway bench chaos`: pathways survive killed workers and a restarted Temporal server.

Scripted pathways (court outcome through the intake, then every step to closure, see
`scripts.py`) run against a Temporal dev server configured as `make run` configures it,
a worker in its own process and a SQLite database, all in a temporary folder, while the worker
is killed with SIGKILL at random moments (a new one started at once) and the server is killed
and stopped and started again on the same SQLite file. The driver retries through every fault
without ever recording a command twice (`driver.py`). Then the same scripts run again
on a fresh server and database with no faults: the control. Every pathway's final state and
every row of the read model, the outbox and the intake tables are compared (`compare.py`).

Readable figures come first; the last line is one JSON object:
`{"pathways": ..., "worker_kills": ..., "server_restarts": ..., "lost": 0, "duplicated": 0,
"mismatched": 0, ...}`. Exit 1 if anything was lost, duplicated or changed.
"""

import argparse
import asyncio
import random
import shutil
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from temporalio.client import Client

from benchmarks.chaos.cluster import Cluster
from benchmarks.chaos.compare import Differences, Snapshot, compare, snapshot
from benchmarks.chaos.driver import Driver, Tally
from benchmarks.chaos.faults import KILL, SERVER_KILL, FaultLog, Faults, plan
from benchmarks.chaos.scripts import Script, script
from benchmarks.rig.days import today
from benchmarks.rig.output import emit, note, say
from benchmarks.rig.servers import connect, quiet_sdk
from contracts.pathway import PathwayState
from db.session import make_engine, make_sessions
from ingest.service import IngestService
from ingest.store import IntakeStore


@dataclass
class Run:
    """What one run produced."""

    snapshot: Snapshot
    tally: Tally
    seconds: float
    commands_seconds: float
    faults: FaultLog | None


async def _executions(driver: Driver, client: Client) -> int:
    async def count() -> int:
        ids = {w.id async for w in client.list_workflows('WorkflowType = "PathwayWorkflow"')}
        return len(ids)

    return await driver.retry(count)


async def run(folder: Path, scripts: list[Script], args: argparse.Namespace, *, chaos: bool) -> Run:
    """Run every script on a fresh cluster in `folder`, with the faults of the plan or none."""
    cluster = Cluster(folder)
    await asyncio.to_thread(cluster.start)
    rng = random.Random(args.seed + (1 if chaos else 2))
    started = time.monotonic()
    faults = Faults(cluster, started)
    engine = make_engine(cluster.database_url)
    tasks: list[asyncio.Task[None]] = []
    try:
        client = await connect(cluster.settings)
        ingest = IngestService(IntakeStore(make_sessions(engine)), client, cluster.settings)
        driver = Driver(client, ingest)
        watch = asyncio.create_task(faults.watch())
        if chaos:
            steps = plan(rng, kills=args.kills, restarts=args.server_restarts, seconds=args.seconds)
            tasks.append(asyncio.create_task(faults.run(steps)))
        pathway_ids: dict[int, str] = {}
        gate = asyncio.Semaphore(len(scripts) if chaos else args.concurrency)
        span = 0.6 * args.seconds

        async def one(s: Script) -> None:
            async with gate:
                if chaos:
                    await asyncio.sleep(rng.uniform(0, 0.3 * args.seconds))
                pathway_ids[s.index] = await driver.start(s)
                think = 2 * span / len(s.commands) if chaos else 0.0
                await driver.run(s, pathway_ids[s.index], random.Random(s.index), think)

        await asyncio.gather(*(one(s) for s in scripts))
        commands_seconds = time.monotonic() - started
        faults.commands_done.set()
        note(f"  every command recorded after {commands_seconds:.0f} s")
        finals = await asyncio.gather(*(driver.final_state(pathway_ids[s.index]) for s in scripts))
        states: dict[int, PathwayState] = {s.index: f for s, f in zip(scripts, finals, strict=True)}
        await asyncio.gather(*tasks)  # the rest of the plan, if the scripts finished first
        executions = await _executions(driver, client)
        watch.cancel()
        with suppress(asyncio.CancelledError):
            await watch
        seconds = time.monotonic() - started
    finally:
        for task in tasks:
            task.cancel()
        engine.dispose()
        await asyncio.to_thread(cluster.stop)
    shot = snapshot(cluster.database_url, states, pathway_ids)
    shot.executions = executions
    return Run(shot, driver.tally, seconds, commands_seconds, faults.log if chaos else None)


def _figures(args: argparse.Namespace, chaos: Run, control: Run, d: Differences) -> str:
    log = chaos.faults
    assert log is not None
    kills = sum(1 for _, k, _ in log.events if k == KILL)
    restarts = len(log.events) - kills
    by_kill = sum(1 for _, k, _ in log.events if k == SERVER_KILL)
    t = chaos.tally
    causes = ", ".join(f"{n} {name}" for name, n in t.causes.most_common()) or "none"
    lines = [
        f"chaos run: {args.pathways} pathways, {t.commands} commands sent in "
        f"{chaos.commands_seconds:.0f} s, every pathway closed after {chaos.seconds:.0f} s",
        f"  faults: {kills} worker kills (SIGKILL; {log.during_commands(KILL)} while commands "
        f"were in flight), {restarts} server restarts ({by_kill} by SIGKILL, "
        f"{restarts - by_kill} by SIGINT; {log.during_commands('kill server')} and "
        f"{log.during_commands('stop server')} while commands were in flight; down "
        f"{log.server_down_seconds:.1f} s in all), "
        f"{log.worker_crashes} worker exits on its own",
        f"  driver: {t.retries} retried calls ({causes}), resumed from the workflow's own "
        f"count {t.resumed} times, {len(t.refused)} commands refused",
        f"control run: the same scripts with no faults, {control.tally.commands} commands, "
        f"{control.seconds:.0f} s",
        f"compared: {len(control.snapshot.states)} final states, "
        + ", ".join(f"{len(rows)} {name}" for name, rows in control.snapshot.rows.items()),
        f"  lost {d.lost}, duplicated {d.duplicated}, mismatched {d.mismatched}",
    ]
    lines += [f"    {example}" for example in d.examples]
    lines += [f"    refused: {r}" for r in t.refused[:5] + control.tally.refused[:5]]
    return "\n".join(lines)


async def _main(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    day = today()
    scripts = [script(i, args.seed, day) for i in range(args.pathways)]
    note(f"chaos run ({folder / 'chaos'}):")
    chaos = await run(folder / "chaos", scripts, args, chaos=True)
    note(f"control run ({folder / 'control'}):")
    control = await run(folder / "control", scripts, args, chaos=False)
    d = compare(chaos.snapshot, control.snapshot)
    say(_figures(args, chaos, control, d))
    log = chaos.faults
    assert log is not None
    return {
        "pathways": args.pathways,
        "worker_kills": sum(1 for _, k, _ in log.events if k == KILL),
        "server_restarts": sum(1 for _, k, _ in log.events if k != KILL),
        "lost": d.lost,
        "duplicated": d.duplicated,
        "mismatched": d.mismatched,
        "commands": chaos.tally.commands,
        "retries": chaos.tally.retries,
        "worker_exits_on_its_own": log.worker_crashes,
        "server_kills": sum(1 for _, k, _ in log.events if k == SERVER_KILL),
        "seconds": round(chaos.seconds + control.seconds, 1),
    }


def main(argv: list[str]) -> int:
    """Run the chaos and control runs, print the figures; exit 1 on any difference."""
    p = argparse.ArgumentParser(prog="pathway bench chaos", description=__doc__.split("\n")[0])
    p.add_argument("--pathways", type=int, default=50)
    p.add_argument("--kills", type=int, default=12, help="worker kills (SIGKILL)")
    p.add_argument("--server-restarts", type=int, default=2, help="alternately SIGKILL, SIGINT")
    p.add_argument("--seconds", type=float, default=60, help="how long the scripts are spread over")
    p.add_argument("--concurrency", type=int, default=25, help="pathways in flight in the control")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--keep", action="store_true", help="keep the folder with logs and databases")
    args = p.parse_args(argv)
    # The client's own retries while the server is down are expected here, and counted by the
    # driver: keep the SDK's warnings about them out of the figures.
    quiet_sdk()
    folder = Path(tempfile.mkdtemp(prefix="pathway-chaos-"))
    try:
        figures = asyncio.run(_main(args, folder))
    finally:
        if args.keep:
            note(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    emit(figures)
    return 1 if figures["lost"] or figures["duplicated"] or figures["mismatched"] else 0
