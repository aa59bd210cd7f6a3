"""`pathway bench ingest`: court outcomes through the real intake against raw workflow starts.

On its own Temporal dev server (configured as `make run` configures it, in a temporary folder
on free ports) and a temporary SQLite database, in the same run, with the same batches and
concurrency (`--concurrency` calls of `--batch` records, each with up to `STARTS_IN_FLIGHT`
starts in flight), in rounds that alternate which goes first (so that load from elsewhere
touches both): the baseline starts `--records` bare workflows with `client.start_workflow`,
and the intake ingests as many generated canonical outcomes through `IngestService.ingest`
(validation, youth check, claim, start, claim marked started), as the API and `pathway ingest`.

`--worker after` (the default): no worker polls during the timed rounds, which times the
intake alone; the in-process worker (`worker.running_worker`) then runs `--verify` of the
pathways to the read model, proving them live. `--worker during`: the worker (and one for the
bare workflow) runs while the rounds are timed, as on one machine running `make run`; what a
phase leaves it is drained, untimed, before the next, and every pathway must reach the read
model. On 2 cores a pathway's first workflow task (sandboxed, with an activity) competes with
the intake, and draining 5,000 of them takes minutes.

Referrals for diversion (issue 20, ADR 0131) are timed the same way, in the same rounds:
`--referrals` generated police referrals through `DiversionIntake.ingest` (validation, age
check, claim with the child's matching, offence group, start of a `DiversionWorkflow`, claim
marked started) against raw starts of `DiversionWorkflow` with the same workflow inputs, built
beforehand, on a queue no worker polls (a start's cost does not depend on one). The last stdout
line is `{"records": ..., "records_per_s": ..., "raw_starts_per_s": ..., "ratio": ...,
"referrals": ..., "referrals_per_s": ..., "raw_referral_starts_per_s": ..., "referral_ratio": ...}`.
"""

import argparse
import asyncio
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AsyncExitStack
from typing import Any, TypeVar

from sqlalchemy import func, select
from temporalio import workflow
from temporalio.client import Client
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

from benchmarks.rig.cli import at_least
from benchmarks.rig.days import today
from benchmarks.rig.output import emit, note, progress, say
from benchmarks.rig.servers import connect, fresh_dev_server, quiet_sdk
from contracts.diversion_referrals import DiversionReferral
from contracts.pathway import PathwayInput
from core.settings import Settings
from db.session import make_engine, make_sessions
from ingest.claims import STARTING, Claim
from ingest.diversion import DIVERSION_WORKFLOW, DiversionIntake, diversion_input
from ingest.service import STARTS_IN_FLIGHT, IngestService, bounded
from ingest.store import IntakeStore
from readmodel.tables import PathwayRow
from samples.orders import random_outcome
from samples.referrals import random_referral
from worker import running_worker

Batch = list[dict[str, Any]]
_I = TypeVar("_I")
DRAIN_TIMEOUT_S = 600
STOP_TIMEOUT_S = 30
SETTLE_S = 2.0


@workflow.defn(name="BenchIngestBareWorkflow")
class BareWorkflow:
    """The baseline's workflow: it returns at once (the baseline times only its start)."""

    @workflow.run
    async def run(self, number: int) -> int:
        """Return the number it was given."""
        return number


async def _timed(
    label: str,
    batches: Sequence[Sequence[_I]],
    concurrency: int,
    run: Callable[[list[_I]], Awaitable[int]],
) -> float:
    """Run the batches, `concurrency` at a time; return the seconds from first call to last."""
    total, done = sum(len(b) for b in batches), 0
    started = time.perf_counter()

    async def one(batch: Sequence[_I]) -> None:
        nonlocal done
        finished = await run(list(batch))  # read `done` only after the await
        done += finished
        progress(label, done, total)

    failed = [r for r in await bounded((one(b) for b in batches), concurrency) if r is not None]
    if failed:
        raise RuntimeError(f"{label}: {failed[0]!r}")
    return time.perf_counter() - started


class Bench:
    """The two paths being compared, and how to tell that the worker has caught up."""

    def __init__(self, client: Client, settings: Settings, service: IngestService) -> None:
        self.client, self.settings, self.service = client, settings, service
        self.diversion = DiversionIntake(service.store, client, settings)
        self.bare_queue = f"{settings.temporal_task_queue}-bare"
        self.raw_referral_queue = f"{settings.temporal_task_queue}-raw-referrals"
        self.ingested = 0

    def raw_inputs(self, batch: Batch) -> list[PathwayInput]:
        """The workflow inputs the intake would build for these referrals (untimed)."""
        return [
            diversion_input(
                DiversionReferral.model_validate(r),
                Claim(f"raw-{uuid.uuid4().hex}", f"ch-{uuid.uuid4().hex[:16]}", True, STARTING, []),
                self.settings,
                None,
            )
            for r in batch
        ]

    async def referral_starts(self, batch: list[PathwayInput]) -> int:
        """Start one `DiversionWorkflow` per input, raw: no validation, no claim."""
        results = await bounded(
            (
                self.client.start_workflow(
                    DIVERSION_WORKFLOW, i, id=i.pathway_id, task_queue=self.raw_referral_queue
                )
                for i in batch
            ),
            STARTS_IN_FLIGHT,
        )
        for failed in (r for r in results if isinstance(r, BaseException)):
            raise failed
        return len(batch)

    async def referral_ingests(self, batch: Batch) -> int:
        """Ingest referrals; every one must start a diversion pathway."""
        results = await self.diversion.ingest(batch)
        for refused in (r for r in results if r.result.value != "started"):
            raise RuntimeError(f"a bench referral was not started: {refused}")
        self.ingested += len(results)
        return len(results)

    async def starts(self, batch: Batch) -> int:
        """Start one bare workflow per record of the batch."""
        results = await bounded(
            (
                self.client.start_workflow(
                    BareWorkflow.run, 1, id=f"bare-{uuid.uuid4().hex}", task_queue=self.bare_queue
                )
                for _ in batch
            ),
            STARTS_IN_FLIGHT,
        )
        for failed in (r for r in results if isinstance(r, BaseException)):
            raise failed
        return len(batch)

    async def ingests(self, batch: Batch) -> int:
        """Ingest the batch; every record must start a pathway."""
        results = await self.service.ingest(batch)
        for refused in (r for r in results if r.result.value != "started"):
            raise RuntimeError(f"a bench record was not started: {refused}")
        self.ingested += len(results)
        return len(results)

    async def bare_idle(self) -> bool:
        """Whether every bare workflow has finished."""
        query = "WorkflowType = 'BenchIngestBareWorkflow' AND ExecutionStatus = 'Running'"
        return (await self.client.count_workflows(query)).count == 0

    async def projected(self, wanted: int | None = None) -> bool:
        """Whether `wanted` pathways (by default all ingested) have reached the read model."""

        def count() -> int:
            with self.service.store.sessions() as session:
                return session.scalar(select(func.count()).select_from(PathwayRow)) or 0

        return await asyncio.to_thread(count) >= (self.ingested if wanted is None else wanted)

    async def workers(self, *, bare: bool) -> AsyncExitStack:
        """Start the pathway worker (and the baseline's, if `bare`) until the stack closes."""
        stack = AsyncExitStack()
        await stack.enter_async_context(running_worker(self.client, self.settings))
        if bare:
            runner = UnsandboxedWorkflowRunner()
            queue, workflows = self.bare_queue, [BareWorkflow]
            worker = Worker(
                self.client, task_queue=queue, workflows=workflows, workflow_runner=runner
            )
            await stack.enter_async_context(worker)
        return stack


async def _until(check: Callable[[], Awaitable[bool]]) -> None:
    deadline = time.monotonic() + DRAIN_TIMEOUT_S
    while not await check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the worker did not catch up within {DRAIN_TIMEOUT_S} s")
        await asyncio.sleep(0.25)


async def _close(workers: AsyncExitStack) -> None:
    # A worker stopping with work in flight can linger; it then stops with the dev server.
    try:
        await asyncio.wait_for(workers.aclose(), STOP_TIMEOUT_S)
    except TimeoutError:
        note(f"the worker did not stop within {STOP_TIMEOUT_S} s; leaving it to the server's end")


async def measure(settings: Settings, args: argparse.Namespace) -> dict[str, float]:
    """Time the baseline and the intake in alternating rounds; check that pathways ran."""
    client = await connect(settings)
    engine = make_engine(settings.sqlalchemy_url)
    bench = Bench(
        client, settings, IngestService(IntakeStore(make_sessions(engine)), client, settings)
    )
    rng, made_on = random.Random(2026), today()
    during, raw_s, ingest_s = args.worker == "during", 0.0, 0.0
    raw_referral_s, referral_s = 0.0, 0.0
    workers = await bench.workers(bare=True) if during else AsyncExitStack()
    try:
        note("warming up")
        await bench.starts([{}] * 20)
        await bench.ingests([random_outcome(rng, made_on) for _ in range(20)])
        if args.referrals:
            warm = [random_referral(rng, made_on) for _ in range(10)]
            await bench.referral_starts(bench.raw_inputs(warm))
            await bench.referral_ingests([random_referral(rng, made_on) for _ in range(10)])
        rounds, n = min(args.rounds, args.records), args.records
        for number in range(rounds):
            size = n // rounds + (number < n % rounds)
            data = [random_outcome(rng, made_on) for _ in range(size)]
            batches = [data[i : i + args.batch] for i in range(0, size, args.batch)]
            note(f"round {number + 1} of {rounds}: {size} bare starts and court outcomes")
            for phase in ("raw", "ingest") if number % 2 == 0 else ("ingest", "raw"):
                if phase == "raw":
                    raw_s += await _timed("bare starts", batches, args.concurrency, bench.starts)
                    await _until(bench.bare_idle if during else _done)
                else:
                    ingest_s += await _timed("ingested", batches, args.concurrency, bench.ingests)
                    await _until(bench.projected if during else _done)
                await asyncio.sleep(SETTLE_S)  # the server finishes what the starts left it
            share = args.referrals // rounds + (number < args.referrals % rounds)
            if not share:
                continue
            referrals = [random_referral(rng, made_on) for _ in range(share)]
            inputs = bench.raw_inputs([random_referral(rng, made_on) for _ in range(share)])
            split = range(0, share, args.batch)
            by_batch = [referrals[i : i + args.batch] for i in split]
            raw_batches = [inputs[i : i + args.batch] for i in split]
            note(f"round {number + 1} of {rounds}: {share} raw diversion starts and referrals")
            for phase in ("raw", "ingest") if number % 2 == 0 else ("ingest", "raw"):
                if phase == "raw":
                    raw_referral_s += await _timed(
                        "raw diversion starts", raw_batches, args.concurrency, bench.referral_starts
                    )
                else:
                    referral_s += await _timed(
                        "referrals", by_batch, args.concurrency, bench.referral_ingests
                    )
                    await _until(bench.projected if during else _done)
                await asyncio.sleep(SETTLE_S)
    finally:
        await _close(workers)
    verified, worker_s = bench.ingested, 0.0
    if not during:  # run a sample of the pathways, proving that they are live
        verified, started = min(args.verify, bench.ingested), time.perf_counter()
        note(f"worker: running pathways until {verified} have reached the read model")
        workers = await bench.workers(bare=False)
        try:
            await _until(lambda: bench.projected(verified))
            worker_s = time.perf_counter() - started
        finally:
            await _close(workers)
    engine.dispose()
    return {
        "raw_s": raw_s,
        "ingest_s": ingest_s,
        "raw_referral_s": raw_referral_s,
        "referral_s": referral_s,
        "worker_s": worker_s,
        "verified": verified,
    }


async def _done() -> bool:
    return True


def main(argv: list[str] | None = None) -> int:
    """Run `pathway bench ingest`.

    Args:
        argv: Arguments after the command, e.g. ["--records", "5000"].

    Returns:
        0 once every record was started and the pathways ran (else an error stops it).
    """
    parser = argparse.ArgumentParser(prog="pathway bench ingest", description=__doc__)
    parser.add_argument(
        "--records", type=at_least(1), default=5000, help="court outcomes to ingest"
    )
    parser.add_argument(
        "--referrals", type=at_least(0), default=1000, help="referrals for diversion to ingest"
    )
    parser.add_argument("--batch", type=at_least(1), default=100, help="records per ingest call")
    parser.add_argument("--concurrency", type=at_least(1), default=4, help="ingest calls in flight")
    parser.add_argument("--rounds", type=at_least(1), default=5, help="alternating rounds")
    parser.add_argument("--worker", choices=["after", "during"], default="after")
    parser.add_argument(
        "--verify", type=at_least(0), default=500, help="with --worker after: pathways"
    )
    args = parser.parse_args(argv)
    # The worker's core warns on stdout when a task is slow; the last stdout line is the JSON.
    quiet_sdk()
    with fresh_dev_server("ingest") as (settings, _):
        figures = asyncio.run(measure(settings, args))
    n, raw_s, ingest_s = args.records, figures["raw_s"], figures["ingest_s"]
    ratio, worker_s = round(raw_s / ingest_s, 3), figures["worker_s"]
    say(
        f"ingest bench: {n} canonical outcomes and {n} bare workflow starts, "
        f"{min(args.rounds, n)} alternating rounds, batches of {args.batch}, {args.concurrency} "
        f"batches in flight, up to {STARTS_IN_FLIGHT} starts in flight per batch, "
        f"worker polling {args.worker} the timed rounds"
    )
    say(f"  raw starts: {raw_s:.2f} s, {n / raw_s:,.1f} workflows/s")
    say(f"  ingestion:  {ingest_s:.2f} s, {n / ingest_s:,.1f} records/s")
    say(f"  ratio:      {ratio} (target at least 0.7)")
    after = f" in {worker_s:.1f} s after the rounds" if worker_s else ""
    say(f"  worker:     {figures['verified']:.0f} pathways reached the read model{after}")
    rates = {"records_per_s": round(n / ingest_s, 1), "raw_starts_per_s": round(n / raw_s, 1)}
    figures_out: dict[str, float] = {"records": n, **rates, "ratio": ratio}
    m, raw_referral_s, referral_s = args.referrals, figures["raw_referral_s"], figures["referral_s"]
    if m:
        referral_ratio = round(raw_referral_s / referral_s, 3)
        say(f"diversion referrals: {m} referrals and {m} raw DiversionWorkflow starts")
        say(f"  raw starts: {raw_referral_s:.2f} s, {m / raw_referral_s:,.1f} workflows/s")
        say(f"  ingestion:  {referral_s:.2f} s, {m / referral_s:,.1f} referrals/s")
        say(f"  ratio:      {referral_ratio} (target at least 0.7)")
        figures_out |= {
            "referrals": m,
            "referrals_per_s": round(m / referral_s, 1),
            "raw_referral_starts_per_s": round(m / raw_referral_s, 1),
            "referral_ratio": referral_ratio,
        }
    emit(figures_out)
    return 0
