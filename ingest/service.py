"""Ingestion: every record of every input gets exactly one result, and nothing is lost.

A record is validated (canonical or Common Platform), checked (youth, dates), claimed in the
database (its message id and its case, defendant and disposal are unique keys), and only then
is its workflow started, under the pathway id the claim reserved. A crash between the claim
and the start leaves the claim `starting`; the next attempt at the same record starts it. A
start that Temporal refuses for what the record holds (an input over its blob size limit)
releases the claim and rejects the record, kept with the reason.
Rejected and held records are kept with their reasons and original payload.

Records are claimed a chunk at a time (one transaction per chunk, not per record) and their
workflows started concurrently, so a large file or array costs little more than the starts.
"""

import asyncio
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from access import User, may_see
from contracts.court import (
    CourtOutcome,
    FieldError,
    IngestResult,
    IngestResultKind,
    MappedRecord,
)
from contracts.transfers import CaseManagerOffer
from core.pathways import Pathways
from core.settings import Settings
from core.workdays import london_date
from ingest.canonical import check_outcome, map_canonical
from ingest.charge_link import charged_from
from ingest.common_platform import is_common_platform, map_hearing_resulted
from ingest.decoding import Unreadable
from ingest.linking import offer_for
from ingest.order_changes import OrderChanges
from ingest.starts import (
    MISSED,
    REVIEWED,
    Review,
    new_order_notice,
    review_note,
    review_pathway,
    start_pathway,
)
from ingest.store import STARTED, Claim, IntakeStore, Kept
from ingest.victim_service import VictimDetailsService

CHUNK = 250
"""Records claimed in one transaction."""
STARTS_IN_FLIGHT = 16
"""Workflow starts (and reviews) in flight at once for one call of `ingest`."""
CANONICAL, COMMON_PLATFORM, UNREADABLE = "canonical", "common_platform", "unreadable"
WORKFLOW_INPUT = "(workflow input)"
"""The field named by the error of a record whose workflow Temporal refused to start."""
TOO_LARGE = "too large to start a pathway"
_T = TypeVar("_T")


@dataclass(frozen=True)
class Candidate:
    """One record taken from an input: which input (index), what kind, and the mapping."""

    index: int
    kind: str
    record: MappedRecord


class RecordResult(IngestResult):
    """The result of one record, with the id of the held record a rejected or held one became."""

    held_id: int | None = None


def map_input(raw: Any, today: date) -> list[tuple[str, MappedRecord]]:
    """Map one input record to the records it holds (one per defendant), with their kind."""
    if isinstance(raw, Unreadable):
        record = MappedRecord(
            result=IngestResultKind.REJECTED,
            reason=raw.problem,
            errors=[FieldError(field="(record)", reason=raw.problem)],
            original={"line": raw.text},
        )
        return [(UNREADABLE, record)]
    if is_common_platform(raw):
        return [
            (COMMON_PLATFORM, check_outcome(m.outcome, today=today, original=m.original))
            if m.outcome
            else (COMMON_PLATFORM, m)
            for m in map_hearing_resulted(raw, today=today)
        ]
    return [(CANONICAL, map_canonical(raw, today=today))]


async def bounded(tasks: Iterable[Awaitable[_T]], limit: int) -> list[_T | BaseException]:
    """Await every task, at most `limit` at once; exceptions are returned, not raised."""
    gate = asyncio.Semaphore(limit)

    async def one(task: Awaitable[_T]) -> _T:
        async with gate:
            return await task

    return await asyncio.gather(*(one(t) for t in tasks), return_exceptions=True)


class IngestService:
    """Turns court records into pathways."""

    def __init__(self, store: IntakeStore, client: Client, settings: Settings) -> None:
        self._store = store
        self._client = client
        self._pathways = Pathways(client, store.sessions)
        self._settings = settings

    @property
    def store(self) -> IntakeStore:
        """The intake's database store."""
        return self._store

    @property
    def client(self) -> Client:
        """The Temporal client pathways are started with."""
        return self._client

    @property
    def settings(self) -> Settings:
        """The settings the intake runs with."""
        return self._settings

    def candidates(self, records: list[Any], today: date | None = None) -> list[Candidate]:
        """Map every input record (canonical, Common Platform or unreadable) to its records."""
        today = today or london_date(datetime.now(UTC))
        return [
            Candidate(index, kind, mapped)
            for index, raw in enumerate(records)
            for kind, mapped in map_input(raw, today)
        ]

    async def ingest(self, records: list[Any], sender: User | None = None) -> list[RecordResult]:
        """Ingest each record; return one result per record (per defendant), in order.

        `sender` is who sent the records (None: `pathway ingest`, run on the server): held
        records are theirs to see, and the results name only pathways they may see.
        """
        return await self.ingest_candidates(self.candidates(records), sender=sender)

    async def ingest_candidates(
        self, candidates: list[Candidate], *, keep: bool = True, sender: User | None = None
    ) -> list[RecordResult]:
        """Start (or find) the pathway of each candidate; keep the rest unless `keep` is off."""
        changes = [c for c in candidates if _changes_an_order(c)]
        if changes:  # a court's decision on a running order: `ingest.order_changes`
            rest = [c for c in candidates if not _changes_an_order(c)]
            done = await self.ingest_candidates(rest, keep=keep, sender=sender)
            done += await self._order_changes(changes, keep, sender)
            place = {id(c): n for n, c in enumerate(candidates)}
            ordered = sorted(zip(rest + changes, done, strict=True), key=lambda p: place[id(p[0])])
            return [result for _, result in ordered]
        results: list[RecordResult] = []
        reviewed: dict[str, Review] = {}  # each other pathway is reviewed once per call
        started: set[str] = set()  # pathways this call started: new, so never reviewed by it
        for start in range(0, len(candidates), CHUNK):
            chunk = candidates[start : start + CHUNK]
            results += await self._chunk(chunk, keep, sender, reviewed, started)
        return results

    async def _order_changes(
        self, changes: list[Candidate], keep: bool, sender: User | None
    ) -> list[RecordResult]:
        """Apply each court decision on a running order; keep those held or rejected."""
        service = OrderChanges(self._store, self._client, self._settings)
        results = []
        for c in changes:
            answer = await service.apply(c.index, _outcome(c), c.record.original, sender)
            result = RecordResult(**answer.model_dump())
            if keep and result.result in (IngestResultKind.HELD, IngestResultKind.REJECTED):
                kept = kept_from(c, result, self._area(c), sender)
                (result.held_id,) = await asyncio.to_thread(self._store.keep, [kept])
            results.append(result)
        return results

    def _area(self, candidate: Candidate) -> str | None:
        """The area (service) a record belongs to, from what it says, for scope and reviews."""
        outcome = candidate.record.outcome
        if outcome is not None:
            return self._settings.intake_area(outcome.defendant.yjs_area, outcome.court.code)
        raw = candidate.record.original
        defendant = raw.get("defendant") if isinstance(raw, dict) else None
        court = raw.get("court") if isinstance(raw, dict) else None
        named = defendant.get("yjs_area") if isinstance(defendant, dict) else None
        code = court.get("code") if isinstance(court, dict) else None
        return self._settings.intake_area(
            named if isinstance(named, str) else None, code if isinstance(code, str) else None
        )

    async def _chunk(
        self,
        chunk: list[Candidate],
        keep: bool,
        sender: User | None,
        reviewed: dict[str, Review],
        started: set[str],
    ) -> list[RecordResult]:
        held = [c for c in chunk if c.record.outcome is None and _kept(c.record)]
        # A message id accepted before is a duplicate, whatever its content now says.
        message_ids = [i for c in held if (i := _message_id(c)) is not None]
        earlier = await asyncio.to_thread(self._store.accepted, message_ids) if message_ids else {}
        by_candidate = {id(c): earlier[i] for c in held if (i := _message_id(c)) in earlier}
        held = [c for c in held if id(c) not in by_candidate]
        ready = [c for c in chunk if c.record.outcome is not None]
        items = [(_outcome(c), c.record.original) for c in ready]
        areas = [self._area(c) for c in ready]
        claims = await asyncio.to_thread(self._store.claim_many, items, areas) if items else []
        # A record that cannot be linked safely to its child is held, not claimed.
        unlinked = {id(c): claim.held for c, claim in zip(ready, claims, strict=True) if claim.held}
        held += [c for c in ready if id(c) in unlinked]
        by_candidate |= {
            id(c): claim for c, claim in zip(ready, claims, strict=True) if not claim.held
        }
        held_ids: dict[int, int] = {}
        if keep and held:
            kept = [to_kept(c, self._area(c), sender, unlinked.get(id(c))) for c in held]
            ids = await asyncio.to_thread(self._store.keep, kept)
            held_ids = {id(c): i for c, i in zip(held, ids, strict=True)}
        pending: dict[str, tuple[CourtOutcome, Claim]] = {}
        for c in ready:
            if (claimed := by_candidate.get(id(c))) is not None:
                pending.setdefault(claimed.pathway_id, (_outcome(c), claimed))  # the first wins
        refused = await self._start(pending)
        # A record whose start Temporal refused is rejected and kept, like any other.
        turned_down = {
            id(c): Candidate(c.index, c.kind, _refused(c.record, refused[claimed.pathway_id]))
            for c in ready
            if (claimed := by_candidate.get(id(c))) is not None and claimed.pathway_id in refused
        }
        if keep and turned_down:
            kept = [to_kept(c, self._area(c), sender) for c in turned_down.values()]
            ids = await asyncio.to_thread(self._store.keep, kept)
            held_ids |= dict(zip(turned_down, ids, strict=True))
        by_candidate = {k: v for k, v in by_candidate.items() if k not in turned_down}
        ready = [c for c in ready if id(c) not in turned_down]
        linked = [(c, by_candidate[id(c)]) for c in ready if id(c) in by_candidate]
        linked = [(c, claim) for c, claim in linked if claim.new]
        started |= {claim.pathway_id for _, claim in linked}
        await self._review(linked, reviewed, started)
        victim_notes = await self._apply_held_victim_details([_outcome(c) for c, _ in linked])
        results: list[RecordResult] = []
        for c in chunk:
            claim = by_candidate.get(id(c))
            if id(c) in unlinked:
                results.append(
                    RecordResult(
                        index=c.index,
                        result=IngestResultKind.HELD,
                        reason=unlinked[id(c)],
                        held_id=held_ids.get(id(c)),
                    )
                )
            elif claim is None:
                m = (turned_down.get(id(c)) or c).record
                assert m.result is not None
                results.append(
                    RecordResult(
                        index=c.index,
                        result=m.result,
                        reason=m.reason,
                        errors=m.errors,
                        held_id=held_ids.get(id(c)),
                    )
                )
            elif not claim.new:
                results.append(_duplicate(c.index, claim))
            else:
                outcomes = {p: reviewed[p] for p in claim.other_pathways if p in reviewed}
                review = review_note(
                    {p: r.answer for p, r in outcomes.items()},
                    None
                    if sender is None
                    else {
                        p
                        for p, r in outcomes.items()
                        if r.answer == REVIEWED
                        and may_see(sender.role, sender.team, sender.area, r.team, r.area)
                    },
                )
                victims = victim_notes.get(claim.pathway_id)
                results.append(_started(c.index, claim, review, victims))
        return results

    async def _review(
        self,
        linked: list[tuple[Candidate, Claim]],
        reviewed: dict[str, Review],
        started: set[str],
    ) -> None:
        """Open one review on each of the children's other pathways, whatever the batch holds.

        A batch of many orders for one child opens one review per pathway that existed before
        it, never one per record per pathway (Temporal takes at most 10 updates in flight on
        one workflow). `reviewed` records each pathway's outcome for the whole call; pathways
        the call itself `started` are new, and need none.
        """
        todo: dict[str, tuple[CourtOutcome, Claim]] = {}
        for c, claim in linked:
            for other in claim.other_pathways:
                if other not in reviewed and other not in started:
                    todo.setdefault(other, (_outcome(c), claim))
        answers = await bounded(
            (
                review_pathway(self._pathways, other, new_order_notice(outcome, claim))
                for other, (outcome, claim) in todo.items()
            ),
            STARTS_IN_FLIGHT,
        )
        for other, answer in zip(todo, answers, strict=True):
            reviewed[other] = answer if isinstance(answer, Review) else Review(MISSED)

    async def _apply_held_victim_details(self, started: list[CourtOutcome]) -> dict[str, str]:
        if not started:
            return {}
        service = VictimDetailsService(self._store, self._client)
        return await service.apply_held({o.case_urn.upper() for o in started})

    async def _start(self, pending: dict[str, tuple[CourtOutcome, Claim]]) -> dict[str, str]:
        """Start each claimed pathway not yet started; mark started those that were.

        Returns:
            The pathways whose start Temporal refused (e.g. an input over its blob size
            limit), with the reason; their claims are released, never left `starting`.
        """
        todo = [(o, c) for o, c in pending.values() if c.state != STARTED]
        offers = await asyncio.to_thread(self._offers, todo) if todo else {}
        links = await asyncio.to_thread(self._charge_links, todo) if todo else {}
        outcomes = await bounded(
            (
                start_pathway(
                    self._client,
                    self._settings,
                    o,
                    c,
                    offers.get(c.pathway_id),
                    charged_from=links.get(c.pathway_id),
                )
                for o, c in todo
            ),
            STARTS_IN_FLIGHT,
        )
        done = [c.pathway_id for (_, c), r in zip(todo, outcomes, strict=True) if r is None]
        refused = {
            c.pathway_id: r.message
            for (_, c), r in zip(todo, outcomes, strict=True)
            if isinstance(r, RPCError) and _refusal(r)
        }
        await asyncio.to_thread(self._store.release, list(refused))
        await asyncio.to_thread(self._store.mark_started, done)
        failed = [r for r in outcomes if isinstance(r, BaseException) and not _refusal(r)]
        if failed:
            raise failed[0]
        return refused


    def _charge_links(self, todo: list[tuple[CourtOutcome, Claim]]) -> dict[str, str]:
        """The diversion pathway each new order followed by a decision to charge (ADR 0132)."""
        found: dict[str, str] = {}
        with self._store.sessions() as session:
            for outcome, claim in todo:
                link = charged_from(
                    session,
                    child_id=claim.child_id,
                    made_on=outcome.disposal.made_on,
                    months=self._settings.charge_link_months,
                )
                if link is not None:
                    found[claim.pathway_id] = link
        return found

    def _offers(self, todo: list[tuple[CourtOutcome, Claim]]) -> dict[str, CaseManagerOffer]:
        """The case manager and team each new pathway's child knows, if any (ADR 0114)."""
        found: dict[str, CaseManagerOffer] = {}
        with self._store.sessions() as session:
            for outcome, claim in todo:
                offer = offer_for(
                    session,
                    child_id=claim.child_id,
                    pathway_id=claim.pathway_id,
                    area=self._settings.intake_area(
                        outcome.defendant.yjs_area, outcome.court.code
                    ),
                    made_on=outcome.disposal.made_on,
                    months=self._settings.linked_order_months,
                )
                if offer is not None:
                    found[claim.pathway_id] = offer
        return found


def _refusal(error: BaseException) -> bool:
    """Whether Temporal refused a start for what the record holds (a retry would fail too)."""
    return isinstance(error, RPCError) and error.status == RPCStatusCode.INVALID_ARGUMENT


def _refused(record: MappedRecord, message: str) -> MappedRecord:
    """The rejected record of one whose workflow start Temporal refused."""
    if "size" in message.lower() or "too large" in message.lower():
        problem = (
            f"{TOO_LARGE}: Temporal refused the workflow input ({message}); shorten the "
            "record (its requirements) and replay it"
        )
    else:
        problem = f"Temporal refused to start its pathway ({message}); correct it and replay it"
    return MappedRecord(
        result=IngestResultKind.REJECTED,
        reason=problem,
        errors=[FieldError(field=WORKFLOW_INPUT, reason=problem)],
        original=record.original,
    )


def _changes_an_order(candidate: Candidate) -> bool:
    outcome = candidate.record.outcome
    return outcome is not None and outcome.order_change is not None


def _outcome(candidate: Candidate) -> CourtOutcome:
    assert candidate.record.outcome is not None
    return candidate.record.outcome


def _kept(record: MappedRecord) -> bool:
    return record.result in (IngestResultKind.REJECTED, IngestResultKind.HELD)


def _message_id(candidate: Candidate) -> str | None:
    message_id = candidate.record.original.get("message_id")
    # An over-long id is not a usable key (the payload, kept whole, still holds it).
    return message_id if isinstance(message_id, str) and len(message_id) <= 200 else None


def to_kept(
    candidate: Candidate,
    area: str | None = None,
    sender: User | None = None,
    held: str | None = None,
) -> Kept:
    """The held record to keep for a rejected or held candidate (`held`: why, if not mapped)."""
    m = candidate.record
    result = IngestResultKind.HELD if held else m.result
    assert result is not None
    return Kept(
        kind=candidate.kind,
        result=result,
        reason=held or m.reason or "",
        errors=[] if held else [e.model_dump() for e in m.errors],
        payload=m.original,
        message_id=_message_id(candidate),
        area=area,
        received_by=sender.name if sender else None,
    )


def kept_from(
    candidate: Candidate,
    result: RecordResult,
    area: str | None = None,
    sender: User | None = None,
) -> Kept:
    """The held record to keep for a candidate whose result was rejected or held."""
    return Kept(
        kind=candidate.kind,
        result=result.result,
        reason=result.reason or "",
        errors=[e.model_dump() for e in result.errors],
        payload=candidate.record.original,
        message_id=_message_id(candidate),
        area=area,
        received_by=sender.name if sender else None,
    )


def _duplicate(index: int, claim: Claim) -> RecordResult:
    # The record's own pathway, started by this record before: not another pathway.
    return RecordResult(
        index=index,
        result=IngestResultKind.DUPLICATE,
        pathway_id=claim.pathway_id,
        reason="this case, defendant and order (or this message id) was already received",
    )


def _started(
    index: int, claim: Claim, review: str | None, victims: str | None
) -> RecordResult:
    reason = "; ".join(n for n in (review, victims) if n) or None
    return RecordResult(
        index=index, result=IngestResultKind.STARTED, pathway_id=claim.pathway_id, reason=reason
    )
