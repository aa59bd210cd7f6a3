"""`pathway bench memory`: the worker's resident memory with thousands of open pathways.

A Temporal dev server (as `make run` configures it) and `pathway worker` run as separate
processes in a temporary folder. The bench starts `--pathways` pathways (a mix of disposals,
some with victims, orders made today, so every one sits waiting on its deadline timers), waits
until each has run its first task and written its read-model row, lets the worker settle and
reads its VmRSS from /proc. The worker keeps at most `PATHWAY_MAX_CACHED_WORKFLOWS` workflows in
memory (default 1000); the others are replayed from history when they next have work. For each
cache size in `--caches` ("default" is the product worker with the default setting; a number
runs it with `PATHWAY_MAX_CACHED_WORKFLOWS` set to it) a fresh worker is started, every
pathway is queried once (each query loads the pathway into the cache, as an API read would)
and the RSS is read again. The last stdout line is one JSON object:
`{"open_pathways": ..., "worker_rss_mb": ..., "by_cache": {...}, ...}`.
"""

import argparse
import asyncio
import random
import subprocess
import time
from typing import Any

from sqlalchemy import func, select
from temporalio.client import Client

from benchmarks.rig.cli import at_least
from benchmarks.rig.days import today
from benchmarks.rig.output import emit, note, progress, say
from benchmarks.rig.procfs import rss_mb
from benchmarks.rig.servers import connect, fresh_dev_server, process, worker_command
from contracts.common import COURT_DISPOSALS
from core.settings import Settings
from db.session import make_engine
from readmodel.tables import PathwayRow
from samples.orders import pathway_input
from workflows.pathway import PathwayWorkflow

TARGET_MB = 400
DEFAULT_CACHE: int = Settings.model_fields["max_cached_workflows"].default


async def start_pathways(client: Client, settings: Settings, count: int, gate: int) -> list[str]:
    """Start `count` pathways, `gate` at a time; return their ids."""
    rng = random.Random(5000)
    made_on = today()
    ids: list[str] = []
    limit = asyncio.Semaphore(gate)

    async def one() -> None:
        disposal = rng.choice(list(COURT_DISPOSALS))
        inp = pathway_input(
            made_on, disposal, length_months=rng.choice((6, 12)), victim=rng.random() < 0.5
        )
        async with limit:
            await client.start_workflow(
                PathwayWorkflow.run,
                inp,
                id=inp.pathway_id,
                task_queue=settings.temporal_task_queue,
            )
        ids.append(inp.pathway_id)
        if len(ids) % 100 == 0 or len(ids) == count:
            progress("started", len(ids), count)

    await asyncio.gather(*(one() for _ in range(count)))
    return ids


async def projected(
    settings: Settings, count: int, seconds: float, proc: subprocess.Popen[bytes]
) -> tuple[float, float]:
    """Wait until the read model has `count` pathways; return the seconds and the peak RSS."""
    engine = make_engine(settings.sqlalchemy_url)
    started = time.monotonic()
    peak = rss_mb(proc.pid)
    try:
        while time.monotonic() - started < seconds:
            peak = max(peak, rss_mb(proc.pid))
            with engine.connect() as c:
                done = int(c.execute(select(func.count()).select_from(PathwayRow)).scalar_one())
            progress("projected", min(done, count), count)
            if done >= count:
                break
            await asyncio.sleep(5)
    finally:
        engine.dispose()
    return time.monotonic() - started, peak


async def touch_all(client: Client, ids: list[str], gate: int) -> float:
    """Query every pathway once (loading it into the worker's cache); return the seconds."""
    limit = asyncio.Semaphore(gate)
    done = 0
    started = time.monotonic()

    async def one(pathway_id: str) -> None:
        nonlocal done
        async with limit:
            await client.get_workflow_handle(pathway_id).query(PathwayWorkflow.state)
        done += 1
        if done % 250 == 0 or done == len(ids):
            progress("queried", done, len(ids))

    await asyncio.gather(*(one(i) for i in ids))
    return time.monotonic() - started


def worker_settings(settings: Settings, cache: str) -> Settings:
    """The product worker's settings, with another workflow cache size unless "default"."""
    if cache == "default":
        return settings
    return settings.model_copy(update={"max_cached_workflows": int(cache)})


async def settle(proc: subprocess.Popen[bytes], seconds: float) -> tuple[float, float]:
    """Wait `seconds` sampling the worker's RSS; return the last and the highest sample."""
    samples = [rss_mb(proc.pid)]
    for _ in range(int(seconds)):
        await asyncio.sleep(1)
        samples.append(rss_mb(proc.pid))
    return samples[-1], max(samples)


async def measure(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """Start the pathways on the first worker, then measure each cache size."""
    client = await connect(settings)
    figures: dict[str, Any] = {"open_pathways": args.pathways, "by_cache": {}}
    ids: list[str] = []
    for n, cache in enumerate(args.caches.split(",")):
        worker = worker_settings(settings, cache)
        with process(worker_command(), worker, f"worker-{cache}.log") as proc:
            await asyncio.sleep(3)
            idle = rss_mb(proc.pid)
            entry: dict[str, Any] = {"idle_rss_mb": idle}
            if n == 0:
                note(f"starting {args.pathways} pathways on a worker with cache {cache}")
                started = time.monotonic()
                ids = await start_pathways(client, settings, args.pathways, args.concurrency)
                figures["start_s"] = round(time.monotonic() - started, 1)
                waited, entry["peak_rss_mb"] = await projected(
                    settings, args.pathways, args.timeout, proc
                )
                figures["started_and_projected_s"] = round(figures["start_s"] + waited, 1)
            else:
                # Twice the cache's worth of pathways: the cache fills, then evicts.
                size = DEFAULT_CACHE if cache == "default" else int(cache)
                touched = ids[-min(len(ids), 2 * size) :]
                note(f"querying {len(touched)} pathways on a fresh worker with cache {cache}")
                entry["queried"] = len(touched)
                entry["query_s"] = round(await touch_all(client, touched, args.concurrency), 1)
            entry["rss_mb"], peak = await settle(proc, args.settle)
            entry["peak_rss_mb"] = max(peak, entry.get("peak_rss_mb", 0.0))
            figures["by_cache"][cache] = entry
            if proc.poll() is not None:
                raise RuntimeError(f"the worker with cache {cache} exited; see its log")
    first = figures["by_cache"][args.caches.split(",")[0]]
    figures["worker_rss_mb"] = first["rss_mb"]
    figures["max_cached_workflows"] = DEFAULT_CACHE
    return figures


def report(figures: dict[str, Any]) -> None:
    """Print the figures for a person."""
    say(
        f"memory bench: {figures['open_pathways']:,} open pathways started in "
        f"{figures['start_s']} s, all projected after {figures['started_and_projected_s']} s"
    )
    for cache, e in figures["by_cache"].items():
        size = f"{DEFAULT_CACHE} (default)" if cache == "default" else cache
        how = (
            f"after querying {e['queried']:,} pathways ({e['query_s']} s) on a fresh worker"
            if "queried" in e
            else "after starting them all"
        )
        say(
            f"  max_cached_workflows {size}: idle {e['idle_rss_mb']} MB, {how}: "
            f"{e['rss_mb']} MB (peak {e['peak_rss_mb']} MB)"
        )
    verdict = "met" if figures["worker_rss_mb"] < TARGET_MB else "MISSED"
    say(f"  worker RSS {figures['worker_rss_mb']} MB (target < {TARGET_MB} MB: {verdict})")


def main(argv: list[str]) -> int:
    """Run `pathway bench memory`; exit 0 (a missed target is reported, not an error)."""
    p = argparse.ArgumentParser(prog="pathway bench memory", description=__doc__.split("\n")[0])
    p.add_argument("--pathways", type=at_least(1), default=5000, help="open pathways to start")
    p.add_argument(
        "--concurrency", type=at_least(1), default=50, help="starts or queries in flight"
    )
    p.add_argument(
        "--caches",
        default="default",
        help='comma-separated workflow cache sizes to measure, "default" the product worker',
    )
    p.add_argument("--settle", type=float, default=10, help="seconds to settle before reading")
    p.add_argument("--timeout", type=float, default=600, help="seconds to wait for projections")
    args = p.parse_args(argv)
    with fresh_dev_server("memory") as (settings, _):
        figures = asyncio.run(measure(args, settings))
    report(figures)
    emit(figures)
    return 0
