"""`pathway bench step`: a caseworker's step over HTTP against a bare Temporal update.

The bench runs the embedded default as `make run` does, in a temporary folder on free ports:
the Temporal dev server (SQLite file, WAL, synchronous=normal), `pathway worker` and
`pathway api` as separate processes, and a SQLite database. It ingests a few pathways, allocates
them, and then, in rounds, times one operation of each probe in a shuffled order, so every probe
sees the same server:

- `http_step`: POST /v1/pathways/{id}/steps/{step} (alternately `allocation` and `review`),
  through auth, validation, the audit write and the update, and back, timed with `aiohttp` (a
  C-accelerated client, as a browser's; ADR 0072);
- `raw_update`: a bare update on a minimal workflow (`bare.py`), default converter,
  on a worker of its own task queue on the same server, in a process of its own as
  `pathway worker` is (`bare_worker.py`): the baseline;
- breakdown probes (every `--breakdown-every` rounds): the same bare update with its worker
  inside the bench's own process (no second process to wake); the same bare update through Pathway's
  client (pydantic converter and encryption codec), with a pathway-sized argument and result,
  and followed by an activity (as each step is followed by its projection); the step's update
  sent directly with the client; the same step over HTTP through `httpx` (pure Python), to show
  the client's share; a query of the pathway; GET of the pathway over HTTP; the audit write
  alone.

Readable figures go to stdout and progress to stderr; the last line is one JSON object
`{"p95_ms": ..., "raw_update_p95_ms": ..., "ratio": ..., ...}`.
"""

import argparse
import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from benchmarks.rig.cli import at_least
from benchmarks.rig.output import emit, progress, say
from benchmarks.rig.servers import fresh_dev_server
from benchmarks.rig.stats import percentile, quantile
from benchmarks.step.rig import Rig, cpu_per_operation

TARGET_RATIO = 1.5
CPU_PROBES = ("raw_update", "direct_step", "http_step")  # what `--cpu N` measures
MAIN = ("http_step", "raw_update")
BREAKDOWN = (
    "raw_update_inprocess",
    "raw_update_codec",
    "raw_update_big",
    "raw_update_activity",
    "direct_step",
    "http_step_httpx",
    "query",
    "http_get",
    "http_docs",
    "audit",
)
DESCRIPTIONS = {
    "http_step": "caseworker's step over HTTP (the target)",
    "raw_update": "bare update, minimal workflow, worker in its own process (the baseline)",
    "raw_update_inprocess": "bare update, its worker inside the bench's process",
    "raw_update_codec": "bare update through Pathway's client (pydantic + encryption codec)",
    "raw_update_big": "bare update with a pathway-sized argument and result",
    "raw_update_activity": "bare update, then an activity (like the projection)",
    "direct_step": "the step's update sent directly (no HTTP, no query, no audit)",
    "http_step_httpx": "the same step over HTTP through httpx (a pure-Python client)",
    "query": "a query of the pathway's state (GET makes one; a step does not)",
    "http_get": "GET /v1/pathways/{id} (HTTP, auth, query, audit, view)",
    "http_docs": "GET /docs: HTTP and FastAPI alone (no auth, no Temporal)",
    "audit": "the audit write alone (SQLite)",
}


async def run_rounds(
    probes: dict[str, Callable[[int], Awaitable[Any]]],
    *,
    rounds: int,
    warmup: int,
    breakdown_every: int,
    seed: int,
) -> dict[str, list[float]]:
    """Time each probe once per round in a shuffled order; return milliseconds per probe."""
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {name: [] for name in probes}
    for n in range(-warmup, rounds):
        names = [p for p in probes if p in MAIN or n % breakdown_every == 0]
        rng.shuffle(names)
        for name in names:
            started = time.perf_counter()
            await probes[name](n)
            if n >= 0:
                samples[name].append((time.perf_counter() - started) * 1000)
        if n >= 0 and ((n + 1) % 25 == 0 or n + 1 == rounds):
            progress("rounds", n + 1, rounds)
    return samples


def ratio_interval(
    step: list[float], raw: list[float], *, resamples: int = 1000, seed: int = 0
) -> tuple[float, float]:
    """Return a 95% interval for the ratio of p95s, by resampling the rounds (a paired bootstrap).

    A round's step and bare update saw the same server, so rounds are drawn whole, with
    replacement; the interval shows how far another run of the same length could land.
    """
    n = min(len(step), len(raw))
    if n < 2:
        point = round(quantile(step, 95) / quantile(raw, 95), 2) if n else 0.0
        return point, point
    rng = random.Random(seed)
    ratios = []
    for _ in range(resamples):
        rounds = [rng.randrange(n) for _ in range(n)]
        ratios.append(
            quantile([step[i] for i in rounds], 95) / quantile([raw[i] for i in rounds], 95)
        )
    ratios.sort()
    return round(ratios[int(0.025 * resamples)], 2), round(ratios[int(0.975 * resamples) - 1], 2)


def summarise(samples: dict[str, list[float]]) -> dict[str, Any]:
    """Return the JSON figures: p50/p95 of every probe, the ratio and the breakdown."""
    p = {name: (percentile(v, 50), percentile(v, 95)) for name, v in samples.items() if v}
    step50, step95 = p["http_step"]
    raw50, raw95 = p["raw_update"]
    low, high = ratio_interval(samples["http_step"], samples["raw_update"])
    return {
        "p50_ms": step50,
        "p95_ms": step95,
        "raw_update_p50_ms": raw50,
        "raw_update_p95_ms": raw95,
        "ratio": round(step95 / raw95, 2),
        "ratio_ci95": [low, high],
        "ratio_p50": round(step50 / raw50, 2),
        "steps": len(samples["http_step"]),
        "raw_updates": len(samples["raw_update"]),
        "breakdown_p50_p95_ms": {name: list(p[name]) for name in BREAKDOWN if name in p},
    }


def report(figures: dict[str, Any], extra: dict[str, Any]) -> None:
    """Print the figures for a person."""
    say(
        f"step bench: {figures['steps']} steps over HTTP and {figures['raw_updates']} bare updates,"
        f" interleaved, on {extra['pathways']} pathways (dev server as `make run` configures it)"
    )
    rows = {"http_step": (figures["p50_ms"], figures["p95_ms"])}
    rows["raw_update"] = (figures["raw_update_p50_ms"], figures["raw_update_p95_ms"])
    rows |= {k: (v[0], v[1]) for k, v in figures["breakdown_p50_p95_ms"].items()}
    for name, (p50, p95) in rows.items():
        say(f"  {name:<20} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {DESCRIPTIONS[name]}")
    verdict = "met" if figures["ratio"] <= TARGET_RATIO else "MISSED"
    low, high = figures["ratio_ci95"]
    say(
        f"  ratio of p95s {figures['ratio']} (target <= {TARGET_RATIO}: {verdict}; 95% interval"
        f" over resampled rounds {low}-{high}); ratio of p50s {figures['ratio_p50']}"
    )
    say(
        f"  payloads: pathway state {extra['state_payload_bytes']:,} bytes encoded, "
        f"step command {extra['command_payload_bytes']:,} bytes, bare update "
        f"{extra['bare_payload_bytes']} bytes"
    )


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Start the servers, the worker and the API, set up the probes, run the rounds."""
    cpu: dict[str, dict[str, float]] = {}
    with fresh_dev_server("step") as (settings, server):
        async with Rig.running(settings, pathways=args.pathways) as bench:
            probes = bench.probes()
            samples = await run_rounds(
                probes,
                rounds=args.rounds,
                warmup=args.warmup,
                breakdown_every=args.breakdown_every,
                seed=args.seed,
            )
            extra = await bench.payload_sizes()
            pids = {"Temporal server": server.pid, **bench.pids}
            for done, name in enumerate(CPU_PROBES if args.cpu else (), start=1):
                cpu[name] = await cpu_per_operation(probes[name], pids, args.cpu)
                progress("CPU per operation, probes", done, len(CPU_PROBES))
    extra["pathways"] = args.pathways
    figures = summarise(samples)
    report(figures, extra)
    result: dict[str, Any] = figures | extra
    if cpu:
        report_cpu(cpu, args.cpu)
        result["cpu_ms_per_operation"] = cpu
    return result | {"at": datetime.now(UTC).isoformat(timespec="seconds")}


def report_cpu(cpu: dict[str, dict[str, float]], n: int) -> None:
    """Print each process's CPU per operation, one probe per line."""
    say(f"  CPU per operation, ms ({n} back to back, from /proc; 'bench' holds the client):")
    for name, per in cpu.items():
        say(f"    {name:<12} " + ", ".join(f"{proc} {ms}" for proc, ms in per.items()))


def main(argv: list[str]) -> int:
    """Run `pathway bench step`; exit 0 (a missed target is reported, not an error)."""
    p = argparse.ArgumentParser(prog="pathway bench step", description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=at_least(1), default=500, help="timed steps (and bare updates)")
    p.add_argument("--warmup", type=at_least(0), default=20, help="untimed rounds first")
    p.add_argument("--pathways", type=at_least(1), default=20, help="pathways the steps go to")
    p.add_argument(
        "--breakdown-every", type=at_least(1), default=2, help="breakdown probes every N rounds"
    )
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument(
        "--cpu",
        type=at_least(0),
        default=0,
        metavar="N",
        help="then run a bare update, a direct step and a step over HTTP N times each, back to"
        " back, and print each process's CPU per operation (from /proc; 0: skip)",
    )
    args = p.parse_args(argv)
    emit(asyncio.run(measure(args)))
    return 0
