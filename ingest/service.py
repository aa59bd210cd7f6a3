"""Ingestion: every record of every input gets exactly one result, and nothing is lost.

A record is validated (canonical or Common Platform), checked (youth, dates), claimed in the
database (its message id and its case, defendant and disposal are unique keys), and only then
is its workflow started, under the pathway id the claim reserved. A crash between the claim
and the start leaves the claim `starting`; the next attempt at the same record starts it.
"""

import asyncio
from datetime import UTC, date, datetime
from typing import Any

from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError

from bank_holidays import england_and_wales
from contracts.court import CourtOutcome, IngestResult, IngestResultKind, MappedRecord
from contracts.pathway import ChildProfile, NewOrderNotice, OrderDetails, PathwayInput
from ingest.canonical import age_on, check_outcome, map_canonical
from ingest.common_platform import is_common_platform, map_hearing_resulted
from ingest.store import STARTED, Claim, IntakeStore
from settings import Settings
from workdays import london_date
from workflows.pathway import PathwayWorkflow


def pathway_input(outcome: CourtOutcome, claim: Claim, settings: Settings) -> PathwayInput:
    """Build a workflow input: the order and demographics, never a name or date of birth."""
    d, made = outcome.disposal, outcome.disposal.made_on
    years = settings.calendar_years_ahead + (d.length_months + 11) // 12
    return PathwayInput(
        pathway_id=claim.pathway_id,
        child=ChildProfile(
            child_id=claim.child_id,
            gender=outcome.defendant.gender,
            ethnicity=outcome.defendant.ethnicity,
            age_at_order=age_on(outcome.defendant.date_of_birth, made),
        ),
        order=OrderDetails(
            disposal=d.type,
            length_months=d.length_months,
            made_on=made,
            hearing_date=outcome.hearing_date,
            court_code=outcome.court.code,
            has_identified_victim=outcome.has_identified_victim,
            requirements=d.requirements,
        ),
        deadlines=settings.deadlines,
        calendar=england_and_wales(made.year, made.year + years),
        max_history_events=settings.max_history_events,
    )


class IngestService:
    """Turns court records into pathways."""

    def __init__(self, store: IntakeStore, client: Client, settings: Settings) -> None:
        self._store = store
        self._client = client
        self._settings = settings

    def map(self, raw: Any, today: date) -> list[MappedRecord]:
        """Map one input record to the records it holds (one per defendant)."""
        if is_common_platform(raw):
            mapped = map_hearing_resulted(raw, today=today)
            return [
                check_outcome(m.outcome, today=today, original=m.original) if m.outcome else m
                for m in mapped
            ]
        return [map_canonical(raw, today=today)]

    async def ingest(self, records: list[Any]) -> list[IngestResult]:
        """Ingest each record in order; return one result per record (per defendant)."""
        today = london_date(datetime.now(UTC))
        results: list[IngestResult] = []
        for index, raw in enumerate(records):
            for mapped in self.map(raw, today):
                results.append(await self.ingest_mapped(index, mapped))
        return results

    async def ingest_mapped(self, index: int, mapped: MappedRecord) -> IngestResult:
        """Start (or find) the pathway of one mapped record, or keep it with its reasons."""
        if mapped.outcome is None:
            assert mapped.result is not None
            if mapped.result in (IngestResultKind.REJECTED, IngestResultKind.HELD):
                message_id = mapped.original.get("message_id")
                await asyncio.to_thread(
                    self._store.keep, mapped, message_id if isinstance(message_id, str) else None
                )
            return IngestResult(
                index=index, result=mapped.result, reason=mapped.reason, errors=mapped.errors
            )
        outcome = mapped.outcome
        claim = await asyncio.to_thread(self._store.claim, outcome, mapped.original)
        if claim.state != STARTED:
            await self._start(outcome, claim)
        if not claim.new:
            return IngestResult(
                index=index,
                result=IngestResultKind.DUPLICATE,
                pathway_id=claim.pathway_id,
                reason="this case, defendant and order (or this message id) was already received",
            )
        reviewed = await self._review_open_pathways(outcome, claim)
        reason = (
            f"linked to the child's open pathway(s) {', '.join(reviewed)}: review opened"
            if reviewed
            else None
        )
        return IngestResult(
            index=index, result=IngestResultKind.STARTED, pathway_id=claim.pathway_id, reason=reason
        )

    async def _start(self, outcome: CourtOutcome, claim: Claim) -> None:
        try:
            await self._client.start_workflow(
                PathwayWorkflow.run,
                pathway_input(outcome, claim, self._settings),
                id=claim.pathway_id,
                task_queue=self._settings.temporal_task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
                id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            )
        except WorkflowAlreadyStartedError:
            pass  # started by an earlier attempt
        await asyncio.to_thread(self._store.mark_started, claim.pathway_id)

    async def _review_open_pathways(self, outcome: CourtOutcome, claim: Claim) -> list[str]:
        notice = NewOrderNotice(
            new_pathway_id=claim.pathway_id,
            made_on=outcome.disposal.made_on,
            disposal=outcome.disposal.type,
        )
        reviewed: list[str] = []
        for other in claim.other_pathways:
            handle = self._client.get_workflow_handle(other)
            try:
                description = await handle.describe()
                if description.status is None or description.status.name != "RUNNING":
                    continue
                await handle.execute_update(PathwayWorkflow.new_order, notice)
            except RPCError:
                continue  # closed or gone: nothing to review
            reviewed.append(other)
        return reviewed
