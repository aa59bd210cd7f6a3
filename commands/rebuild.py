"""`pathway rebuild-read-model`: the read model rebuilt from the workflows, for recovery.

The workflows are the source of truth. Each pathway's latest run is read from Temporal: a
running pathway is queried (`PathwayWorkflow.state`, so a worker must be running), a completed
one gives its result, and one that was terminated, failed or timed out is queried too (a worker
replays its history). Each state is written by `readmodel.writers.rebuild_pathway` (the
projection's own version-checked write) in its own transaction; the version check makes a
second run change nothing. `--force` rewrites every pathway whose rows are not newer than the
state just read (deleting them first), for rows the version check would keep, e.g. after a fix
to the projection itself.

Neither restores what retention removed: an anonymised pathway (`anonymised_pathways`) is
written anonymised, keeping its `anonymised_on` and leaving out the free text its workflow's
state may still hold (`readmodel.writers`; ADR 0080).
"""

import asyncio
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client, WorkflowExecution, WorkflowExecutionStatus

from contracts.pathway import PathwayState
from core.clients import connect_temporal
from core.settings import Settings
from db.session import make_engine, make_sessions, migrate
from readmodel import writers
from workflows.pathway import PathwayWorkflow

log = logging.getLogger(__name__)

PATHWAYS = 'WorkflowType="PathwayWorkflow"'
QUERY_TIMEOUT = timedelta(seconds=30)


@dataclass
class RebuildSummary:
    """What a rebuild did, by pathway (ids only: nothing personal)."""

    pathways: int = 0
    written: int = 0
    unchanged: int = 0
    superseded_runs: int = 0
    failed: list[str] = field(default_factory=list)

    @property
    def done(self) -> int:
        """Pathways handled so far."""
        return self.written + self.unchanged + len(self.failed)

    def __str__(self) -> str:
        return (
            f"read model rebuilt from {self.pathways} pathways: {self.written} written, "
            f"{self.unchanged} already up to date, {len(self.failed)} failed"
            f" ({self.superseded_runs} earlier runs skipped)"
        )


async def pathway_state(client: Client, execution: WorkflowExecution) -> PathwayState:
    """Return the state of one run: its result if it completed, else what a query answers."""
    handle = client.get_workflow_handle_for(
        PathwayWorkflow.run, execution.id, run_id=execution.run_id
    )
    if execution.status == WorkflowExecutionStatus.COMPLETED:
        return await handle.result(follow_runs=False)
    return await handle.query(PathwayWorkflow.state, rpc_timeout=QUERY_TIMEOUT)


async def latest_runs(client: Client, query: str) -> tuple[list[WorkflowExecution], int]:
    """Return the latest run of each workflow the query lists, and how many runs were older."""
    latest: dict[str, WorkflowExecution] = {}
    runs = 0
    async for execution in client.list_workflows(query):
        runs += 1
        known = latest.get(execution.id)
        if known is None or execution.start_time > known.start_time:
            latest[execution.id] = execution
    return list(latest.values()), runs - len(latest)


async def rebuild_read_model(
    client: Client,
    sessions: sessionmaker[Session],
    *,
    query: str = PATHWAYS,
    force: bool = False,
    concurrency: int = 8,
    progress: Callable[[RebuildSummary], None] | None = None,
) -> RebuildSummary:
    """Write every listed pathway's latest state into the read model.

    Args:
        client: The Temporal client.
        sessions: Sessions on the read model's database.
        query: The visibility query listing the pathways (by default every pathway workflow).
        force: Rewrite rows whose version is not newer than the workflow's state.
        concurrency: How many pathways are read and written at once.
        progress: Called after each pathway with the summary so far.

    Returns:
        What was written, already up to date, or failed (by pathway id).
    """
    executions, older = await latest_runs(client, query)
    summary = RebuildSummary(pathways=len(executions), superseded_runs=older)
    gate = asyncio.Semaphore(concurrency)

    async def one(execution: WorkflowExecution) -> None:
        async with gate:
            try:
                state = await pathway_state(client, execution)
                written = await asyncio.to_thread(
                    writers.rebuild_pathway, sessions, state, force=force
                )
            except Exception as failure:  # reported by id; the others carry on
                log.warning("pathway %s not rebuilt: %s", execution.id, type(failure).__name__)
                summary.failed.append(execution.id)
            else:
                if written:
                    summary.written += 1
                else:
                    summary.unchanged += 1
            if progress is not None:
                progress(summary)

    await asyncio.gather(*(one(e) for e in executions))
    return summary


def _show_progress(summary: RebuildSummary) -> None:
    if summary.done % 100 == 0 or summary.done == summary.pathways:
        sys.stderr.write(f"\rrebuilding the read model: {summary.done}/{summary.pathways}")
        if summary.done == summary.pathways:
            sys.stderr.write("\n")
        sys.stderr.flush()


async def _run(settings: Settings, *, force: bool) -> RebuildSummary:
    migrate(settings.sqlalchemy_url)
    engine = make_engine(settings.sqlalchemy_url)
    try:
        client = await connect_temporal(settings)
        return await rebuild_read_model(
            client, make_sessions(engine), force=force, progress=_show_progress
        )
    finally:
        engine.dispose()


def run_rebuild(settings: Settings, *, force: bool) -> int:
    """Rebuild the read model, print a summary; exit 1 if any pathway failed."""
    try:
        summary = asyncio.run(_run(settings, force=force))
    except RuntimeError as unreachable:  # the Temporal client could not connect
        print(f"pathway rebuild-read-model: {unreachable}", file=sys.stderr)
        return 2
    print(summary)
    if summary.failed:
        print("not rebuilt (is a worker running?): " + ", ".join(sorted(summary.failed)))
    return 1 if summary.failed else 0
