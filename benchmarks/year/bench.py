"""`pathway bench year`: a year of a large youth justice service, in minutes.

On the time-skipping test server, with the real worker (in-process, a temporary SQLite
database) and the real intake, `--orders` court orders arrive on working days through
`--days` simulated days and the caseworkers record their steps as the options say
(`plan.py`: step delays around each deadline, late and never-done tasks,
victims and their consent, facts, referrals, breaches). At the end the timeliness,
disproportionality and KPI reports are produced from the read model. A second, short phase
drives one `--history-months` youth rehabilitation order from start to closure on a fresh
server and counts its history events, run by run (continue-as-new keeps each run short).

The options make it a capacity-planning tool: "what if referrals rise by half?" is
`pathway bench year --orders 600` (or `--arrival-rate`), "what if a fifth more tasks are late?"
is `--late-share 0.4`. Readable figures go to stdout, progress to stderr; the last line is one
JSON object `{"orders": ..., "simulated_days": ..., "wall_s": ..., ...}`.
"""

import argparse
import asyncio
import random
import tempfile
import time
from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks.rig.cli import at_least
from benchmarks.rig.days import holidays
from benchmarks.rig.output import emit, note
from benchmarks.rig.servers import bench_settings
from benchmarks.year import report
from benchmarks.year.diversions import referrals
from benchmarks.year.plan import Behaviour, Planner
from benchmarks.year.releases import release_figures
from benchmarks.year.simulation import Arrival, Simulation, SkippingDays, Tally, history_runs
from core.workdays import london_date
from samples.orders import random_outcome

TARGET_ORDERS, TARGET_WALL_S = 400, 300


def arrivals(
    rng: random.Random,
    start: date,
    days: int,
    orders: int,
    closed: frozenset[date],
    victims: float,
) -> dict[date, list[dict[str, Any]]]:
    """Spread `orders` court orders at random over the working days of the period."""
    period = (start + timedelta(days=n) for n in range(days))
    sitting = [d for d in period if d.weekday() < 5 and d not in closed]
    out: dict[date, list[dict[str, Any]]] = {}
    for day in sorted(rng.choice(sitting) for _ in range(orders)):
        out.setdefault(day, []).append(random_outcome(rng, day, victim_share=victims))
    return out


async def year(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    """Simulate the year and produce the reports; return the figures."""
    settings = bench_settings(folder)
    async with report.environment(settings) as (env, service, sessions):
        start = london_date(await env.get_current_time()) + timedelta(days=1)
        closed = holidays(start, before=1, after=5)
        rng = random.Random(args.seed)
        orders = args.orders if args.arrival_rate is None else round(args.arrival_rate * args.days)
        court = arrivals(rng, start, args.days, orders, closed, args.victim_share)
        plan: dict[date, list[Arrival]] = {day: list(raws) for day, raws in court.items()}
        # Their own generator, so the court orders are drawn as without them.
        police = referrals(random.Random(args.seed + 2), start, args.days, args.diversions, closed)
        for day, referred in police.items():
            plan.setdefault(day, []).extend(referred)
        planner = Planner(behaviour(args), rng, closed)
        note(
            f"simulating {args.days} days from {start} with {orders} orders and "
            f"{args.diversions} diversion referrals"
        )
        started = time.perf_counter()
        simulation = Simulation(env.client, service, planner, SkippingDays(env))
        tally = await simulation.run(start, args.days, plan)
        wall = time.perf_counter() - started
        reports = report.summaries(sessions, closed)
    figures: dict[str, Any] = {
        "orders": tally.started,
        "diversions": tally.diversions,
        "simulated_days": args.days,
        "wall_s": round(wall, 1),
    }
    releases = release_figures(simulation.latest.values())
    return figures | tally_figures(tally, wall) | releases | {"reports": reports}


async def long_order(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    """Drive one long youth rehabilitation order to closure; count its history events."""
    limit = args.history_max_events
    settings = bench_settings(folder, **({"max_history_events": limit} if limit else {}))
    async with report.environment(settings) as (env, service, _):
        start = london_date(await env.get_current_time()) + timedelta(days=1)
        rng = random.Random(args.seed + 1)
        raw = random_outcome(
            rng,
            start,
            victim_share=1.0,
            disposal="youth_rehabilitation_order",
            length_months=args.history_months,
        )
        closed = holidays(start, before=1, after=6)
        planner = Planner(Behaviour(never_share=0.0, breach_share=0.0), rng, closed)
        sim = Simulation(env.client, service, planner, SkippingDays(env))
        days = args.history_months * 31 + 30
        note(f"one {args.history_months}-month order, start to closure")
        started = time.perf_counter()
        tally = await sim.run(start, days, {start: [raw]})
        ((pathway_id, state),) = sim.latest.items()
        sizes = await history_runs(env.client, pathway_id)
    return {
        "months": args.history_months,
        "status": state.status.value,
        "steps": tally.steps + tally.facts_updates,
        "runs": len(sizes),
        "events_per_run": sizes,
        "max_events_per_run": max(sizes),
        "total_events": sum(sizes),
        "max_history_events_setting": settings.max_history_events,
        "wall_s": round(time.perf_counter() - started, 1),
    }


def behaviour(args: argparse.Namespace) -> Behaviour:
    """The service's behaviour from the command line."""
    return Behaviour(**{f.name: getattr(args, f.name) for f in fields(Behaviour)})


def tally_figures(tally: Tally, wall: float) -> dict[str, Any]:
    """The simulation's counts for the JSON line."""
    updates = tally.steps + tally.facts_updates
    return {
        "steps": tally.steps,
        "facts_updates": tally.facts_updates,
        "updates_per_wall_s": round(updates / wall, 1) if wall else None,
        "refused": tally.refused,
        "postponed": tally.postponed,
        "days_with_work": tally.days_stepped,
        "refusal_reasons": dict(tally.refusals.most_common(5)),
    }


def main(argv: list[str]) -> int:
    """Run `pathway bench year`; exit 0 (a missed target is reported, not an error)."""
    p = argparse.ArgumentParser(prog="pathway bench year", description=__doc__.split("\n")[0])
    p.add_argument("--orders", type=at_least(1), default=420, help="court orders in the period")
    p.add_argument("--days", type=at_least(1), default=365, help="simulated days")
    p.add_argument(
        "--arrival-rate", type=float, default=None, help="orders per day (overrides --orders)"
    )
    p.add_argument(
        "--diversions", type=int, default=0, help="police referrals to the joint decision panel"
    )
    p.add_argument("--victim-share", type=float, default=0.5, help="orders with a victim")
    for f in fields(Behaviour):
        flag = "--" + f.name.replace("_", "-")
        p.add_argument(flag, type=type(f.default), default=f.default, help=f"default {f.default}")
    p.add_argument("--history-months", type=int, default=36, help="0 skips the long order")
    p.add_argument(
        "--history-max-events",
        type=int,
        default=None,
        help="PATHWAY_MAX_HISTORY_EVENTS for the long order (default: the product's, 2000)",
    )
    p.add_argument("--seed", type=int, default=2026)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pathway-bench-year-") as folder:
        figures = asyncio.run(year(args, Path(folder) / "year"))
        if args.history_months:
            figures["history"] = asyncio.run(long_order(args, Path(folder) / "history"))
    report.report(figures, TARGET_ORDERS, TARGET_WALL_S)
    emit(figures)
    return 0
