"""Referrals for diversion or prevention into diversion pathways: one result per record.

The court intake's rules, on the court intake's machinery (ADR 0131): a record is validated
(`contracts.diversion_referrals`), checked (dates not in the future, a child of 10 to 17 on the
day of the referral), claimed in the database under its referral id (`diversion_referrals`,
unique) with its child found as court records find theirs (`ingest.claims.Children`: PNC id,
else name and date of birth), and only then is its `DiversionWorkflow` started under the
pathway id the claim reserved. A crash between the claim and the start leaves the claim
`starting`, and the next attempt at the same referral starts it; a start Temporal refuses for
what the record holds releases the claim. Rejected and held records are kept in the held
records store (kind `diversion_referral`) with their reasons and the record as received, seen
by who sent them and their area's supervisors (`ingest.held.seen_by`).

The new pathway is offered to the team and case manager the child knows (`ingest.linking`,
ADR 0114); a referral opened from the pages with no such team starts with the opener's team.
"""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from access import User
from contracts.common import DisposalType
from contracts.court import FieldError, IngestResultKind
from contracts.diversion import DiversionDetails
from contracts.diversion_referrals import DiversionReferral
from contracts.offences import OrderOffence
from contracts.pathway import ChildProfile, OrderDetails, PathwayInput
from contracts.transfers import CaseManagerOffer
from core.bank_holidays import england_and_wales
from core.errors import NothingToReplay
from core.settings import Settings
from core.workdays import london_date
from db.tables import DiversionReferralRecord, HeldRecord, PathwayIndex
from ingest.canonical import ADULT_AGE, AGE_OF_CRIMINAL_RESPONSIBILITY, age_on, field_errors
from ingest.claims import IDENTITY_CONFLICT, STARTED, STARTING, Children, Claim
from ingest.decoding import Unreadable
from ingest.held import HeldStore
from ingest.linking import offer_for
from ingest.offence_groups import default_mapping
from ingest.replay import Replayed
from ingest.service import (
    CHUNK,
    STARTS_IN_FLIGHT,
    TOO_LARGE,
    WORKFLOW_INPUT,
    RecordResult,
    _refusal,
    bounded,
)
from ingest.store import IntakeStore, Kept

DIVERSION_WORKFLOW = "DiversionWorkflow"
"""The workflow type a referral starts (`workflows.diversion`)."""
REFERRAL_KIND = "diversion_referral"
DIVERSION_KINDS = (REFERRAL_KIND,)
"""The held records of this intake (`ingest.held`)."""


def looks_like_referral(raw: Any) -> bool:
    """Whether an input record is a diversion referral (for `pathway ingest`'s files)."""
    return isinstance(raw, dict) and "referral_id" in raw and "message_id" not in raw


@dataclass(frozen=True)
class Mapped:
    """One input record: a referral ready to claim, or why it is not (`result`, `errors`)."""

    index: int
    original: dict[str, Any]
    referral: DiversionReferral | None = None
    result: IngestResultKind | None = None
    reason: str = ""
    errors: tuple[FieldError, ...] = ()

    @property
    def referral_id(self) -> str | None:
        """The record's referral id, if it gives a usable one (the held record's key)."""
        value = self.original.get("referral_id")
        return value if isinstance(value, str) and 0 < len(value) <= 60 else None


def _rejected(index: int, original: dict[str, Any], errors: list[FieldError]) -> Mapped:
    reason = "; ".join(f"{e.field}: {e.reason}" for e in errors)
    return Mapped(index, original, None, IngestResultKind.REJECTED, reason, tuple(errors))


def map_referral(index: int, raw: Any, today: date) -> Mapped:
    """Validate one input record and check it beyond the schema."""
    if isinstance(raw, Unreadable):
        unreadable = FieldError(field="(record)", reason=raw.problem)
        return _rejected(index, {"line": raw.text}, [unreadable])
    original = raw if isinstance(raw, dict) else {"value": raw}
    if not isinstance(raw, dict):
        problem = f"a diversion referral must be a JSON object, got {type(raw).__name__}"
        return _rejected(index, original, [FieldError(field="(record)", reason=problem)])
    try:
        referral = DiversionReferral.model_validate(raw)
    except ValidationError as invalid:
        return _rejected(index, original, field_errors(invalid))
    problems = referral_problems(referral, today)
    if problems:
        return _rejected(index, original, problems)
    return Mapped(index, original, referral)


def referral_problems(referral: DiversionReferral, today: date) -> list[FieldError]:
    """Dates not in the future, and a child of 10 to 17 on the day of the referral.

    Under 10 a child cannot commit an offence (Children and Young Persons Act 1933, s. 50); at
    18 the youth justice service no longer works with them (Crime and Disorder Act 1998, s. 39
    and s. 42: a youth offending team's work is with children under 18).
    """
    problems: list[FieldError] = []
    for field, day in (("referred_on", referral.referred_on), ("trigger_on", referral.trigger_on)):
        if day is not None and day > today:
            problems.append(FieldError(field=field, reason=f"is in the future (today is {today})"))
    age = age_on(referral.child.date_of_birth, referral.referred_on)
    if age < AGE_OF_CRIMINAL_RESPONSIBILITY:
        problems.append(
            FieldError(
                field="child.date_of_birth",
                reason=f"gives age {age} on referred_on ({referral.referred_on}): below the age "
                "of criminal responsibility (10), not for the youth justice service",
            )
        )
    elif age >= ADULT_AGE:
        problems.append(
            FieldError(
                field="child.date_of_birth",
                reason=f"gives age {age} on referred_on ({referral.referred_on}): an adult, "
                "not for the youth justice service",
            )
        )
    return problems


def referral_offence(referral: DiversionReferral) -> OrderOffence | None:
    """The referral's offence with its group, by the mapping in force on the referral's day."""
    offence = referral.offence
    if offence is None:
        return None
    found = default_mapping().classify([offence.offence_code], on=referral.referred_on)
    return OrderOffence(
        offence_code=offence.offence_code,
        title=offence.title,
        offence_date=offence.offence_date,
        group=found.groups[0],
        mapping_version=found.version,
    )


def diversion_input(
    referral: DiversionReferral,
    claim: Claim,
    settings: Settings,
    area: str | None,
    offer: CaseManagerOffer | None = None,
) -> PathwayInput:
    """The diversion pathway's input: the referral's ids, dates and offence, never a name."""
    made = referral.referred_on
    details = DiversionDetails(
        referral_id=referral.referral_id,
        source=referral.source,
        referred_on=made,
        force=referral.force,
        trigger=referral.trigger,
        trigger_on=referral.trigger_on,
        offence=referral_offence(referral),
        has_identified_victim=referral.has_identified_victim,
    )
    months = settings.deadlines.diversion_months
    years = settings.calendar_years_ahead + (months + 11) // 12
    return PathwayInput(
        pathway_id=claim.pathway_id,
        child=ChildProfile(
            child_id=claim.child_id,
            gender=referral.child.gender,
            ethnicity=referral.child.ethnicity,
            age_at_order=age_on(referral.child.date_of_birth, made),
        ),
        order=OrderDetails.for_diversion(details, months, area),
        deadlines=settings.deadlines,
        reflections=settings.reflections,
        calendar=england_and_wales(made.year, made.year + years),
        max_history_events=settings.max_history_events,
        offer=offer,
        diversion=details,
        in_arrears=settings.record_in_arrears,
    )


def claim_referrals(
    session: Session,
    items: list[tuple[DiversionReferral, dict[str, Any], str | None]],
    now: datetime,
    received_by: str | None,
) -> list[Claim]:
    """Claim a batch of referrals inside the caller's transaction; one claim per item.

    A referral id seen before (or earlier in the batch) finds its claim; a new one is linked to
    its child and given a pathway id, `starting`.

    Raises:
        sqlalchemy.exc.IntegrityError: a concurrent transaction claimed one of the same ids.
    """
    ids = {r.referral_id for r, _, _ in items}
    seen: dict[str, DiversionReferralRecord] = {
        row.referral_id: row
        for row in session.scalars(
            select(DiversionReferralRecord).where(DiversionReferralRecord.referral_id.in_(ids))
        )
    }
    children = Children(session, [r.child for r, _, _ in items])
    claims: list[Claim] = []
    for referral, payload, area in items:
        found = seen.get(referral.referral_id)
        if found is not None:
            claims.append(Claim(found.pathway_id, found.child_id, False, found.state, []))
            continue
        child = children.child_of(session, referral.child, now)
        if child is None:
            claims.append(Claim("", "", False, "", [], held=IDENTITY_CONFLICT))
            continue
        pathway_id = f"pw-{uuid.uuid4().hex[:16]}"
        row = DiversionReferralRecord(
            referral_id=referral.referral_id,
            source=referral.source.value,
            pathway_id=pathway_id,
            child_id=child.child_id,
            state=STARTING,
            payload=payload,
            received_at=now,
            received_by=received_by,
        )
        session.add(row)
        session.add(
            PathwayIndex(
                pathway_id=pathway_id,
                child_id=child.child_id,
                disposal=DisposalType.DIVERSION.value,
                made_on=referral.referred_on,
                created_at=now,
                area=area,
            )
        )
        seen[referral.referral_id] = row
        claims.append(Claim(pathway_id, child.child_id, True, STARTING, []))
    accepted = [r.referral_id for (r, _, _), c in zip(items, claims, strict=True) if c.new]
    if accepted:  # an earlier rejection of the same referral is settled by its acceptance
        session.execute(
            update(HeldRecord)
            .where(
                HeldRecord.kind.in_(DIVERSION_KINDS),
                HeldRecord.message_id.in_(accepted),
                HeldRecord.resolved_at.is_(None),
            )
            .values(resolved_at=now, resolution="accepted when received again")
        )
    return claims


class DiversionStore:
    """The referral claims, one short transaction per call (the court intake's sessions)."""

    def __init__(self, store: IntakeStore) -> None:
        self._sessions = store.sessions

    def claim_many(
        self,
        items: list[tuple[DiversionReferral, dict[str, Any], str | None]],
        received_by: str | None,
    ) -> list[Claim]:
        """Claim a batch in one transaction, one by one if a concurrent request interferes."""
        try:
            with self._sessions.begin() as session:
                return claim_referrals(session, items, datetime.now(UTC), received_by)
        except IntegrityError:
            if len(items) > 1:
                return [c for item in items for c in self.claim_many([item], received_by)]
        with self._sessions.begin() as session:  # the winner's row is there now
            return claim_referrals(session, items, datetime.now(UTC), received_by)

    def mark_started(self, pathway_ids: list[str]) -> None:
        """Note that these pathways' workflows have been started."""
        if pathway_ids:
            with self._sessions.begin() as session:
                session.execute(
                    update(DiversionReferralRecord)
                    .where(
                        DiversionReferralRecord.pathway_id.in_(pathway_ids),
                        DiversionReferralRecord.state == STARTING,
                    )
                    .values(state=STARTED)
                )

    def release(self, pathway_ids: list[str]) -> None:
        """Undo the claims of pathways Temporal refused to start (the child is kept)."""
        if not pathway_ids:
            return
        with self._sessions.begin() as session:
            for row in session.scalars(
                select(DiversionReferralRecord).where(
                    DiversionReferralRecord.pathway_id.in_(pathway_ids),
                    DiversionReferralRecord.state == STARTING,
                )
            ).all():
                session.delete(row)
                index = session.get(PathwayIndex, row.pathway_id)
                if index is not None:
                    session.delete(index)

    def offers(
        self, todo: list[tuple[DiversionReferral, Claim, str | None]], months: int
    ) -> dict[str, CaseManagerOffer]:
        """The team and case manager each new pathway's child knows, if any (ADR 0114)."""
        found: dict[str, CaseManagerOffer] = {}
        with self._sessions() as session:
            for referral, claim, area in todo:
                offer = offer_for(
                    session,
                    child_id=claim.child_id,
                    pathway_id=claim.pathway_id,
                    area=area,
                    made_on=referral.referred_on,
                    months=months,
                )
                if offer is not None:
                    found[claim.pathway_id] = offer
        return found


class DiversionIntake:
    """Turns referrals for diversion or prevention into diversion pathways."""

    def __init__(self, store: IntakeStore, client: Client, settings: Settings) -> None:
        self._store = store
        self._claims = DiversionStore(store)
        self._client = client
        self._settings = settings

    def area_of(self, raw: Any) -> str | None:
        """The area (service) a record belongs to, from what it says (even when malformed)."""
        child = raw.get("child") if isinstance(raw, dict) else None
        named = child.get("yjs_area") if isinstance(child, dict) else None
        force = raw.get("force") if isinstance(raw, dict) else None
        return self._settings.intake_area(
            named if isinstance(named, str) else None, force if isinstance(force, str) else None
        )

    async def ingest(
        self,
        records: list[Any],
        sender: User | None = None,
        *,
        team: str | None = None,
        today: date | None = None,
        keep: bool = True,
    ) -> list[RecordResult]:
        """Ingest each referral; one result per record, in order.

        `sender`: who sent them (None: `pathway ingest` on the server); `team`: the team of a
        user opening a referral from the pages, which takes the new pathway on unless the child
        already has a team; `keep` off: a failing record is not kept (a replay settles its own).
        """
        today = today or london_date(datetime.now(UTC))
        mapped = [map_referral(i, raw, today) for i, raw in enumerate(records)]
        results: list[RecordResult] = []
        for start in range(0, len(mapped), CHUNK):
            results += await self._chunk(mapped[start : start + CHUNK], sender, team, keep)
        return results

    async def _chunk(
        self, chunk: list[Mapped], sender: User | None, team: str | None, keep: bool
    ) -> list[RecordResult]:
        ready = [m for m in chunk if m.referral is not None]
        items = [(_referral(m), m.original, self.area_of(m.original)) for m in ready]
        by_index: dict[int, Claim] = {}
        if items:
            name = sender.name if sender else None
            claims = await asyncio.to_thread(self._claims.claim_many, items, name)
            by_index = {m.index: c for m, c in zip(ready, claims, strict=True)}
        # The first record of a referral id starts it; later ones in the batch are duplicates.
        pending: dict[str, tuple[DiversionReferral, Claim, str | None]] = {}
        for m, (referral, _, area) in zip(ready, items, strict=True):
            claimed = by_index[m.index]
            if not claimed.held and claimed.state != STARTED:
                pending.setdefault(claimed.pathway_id, (referral, claimed, area))
        refused = await self._start(list(pending.values()), team)
        # Only a referral's first record in the batch claims it new; the rest find its row.
        first_new = {c.pathway_id: i for i, c in by_index.items() if c.new}
        results: list[RecordResult] = []
        to_keep: list[tuple[int, Kept]] = []
        for m in chunk:
            claim = by_index.get(m.index)
            area = self.area_of(m.original)
            if claim is None or claim.held or claim.pathway_id in refused:
                result, reason, errors = _failure(m, claim, refused)
                results.append(
                    RecordResult(index=m.index, result=result, reason=reason, errors=errors)
                )
                to_keep.append((len(results) - 1, _kept(m, result, reason, errors, area, sender)))
            elif first_new.get(claim.pathway_id) == m.index:
                results.append(
                    RecordResult(
                        index=m.index, result=IngestResultKind.STARTED, pathway_id=claim.pathway_id
                    )
                )
            else:
                results.append(
                    RecordResult(
                        index=m.index,
                        result=IngestResultKind.DUPLICATE,
                        pathway_id=claim.pathway_id,
                        reason="this referral id was already received",
                    )
                )
        if keep and to_keep:
            ids = await asyncio.to_thread(self._store.keep, [k for _, k in to_keep])
            for (position, _), held_id in zip(to_keep, ids, strict=True):
                results[position].held_id = held_id
        return results

    async def _start(
        self, todo: list[tuple[DiversionReferral, Claim, str | None]], team: str | None
    ) -> dict[str, str]:
        """Start each claimed pathway; return those whose start Temporal refused, and why."""
        if not todo:
            return {}
        months = self._settings.linked_order_months
        offers = await asyncio.to_thread(self._claims.offers, todo, months)
        if team is not None:  # a referral opened from the pages: the opener's team takes it on
            for _, claim, _ in todo:
                offers.setdefault(
                    claim.pathway_id,
                    CaseManagerOffer(pathway_id=claim.pathway_id, caseworker=None, team=team),
                )
        outcomes = await bounded(
            (
                self.start(diversion_input(r, c, self._settings, a, offers.get(c.pathway_id)))
                for r, c, a in todo
            ),
            STARTS_IN_FLIGHT,
        )
        done = [c.pathway_id for (_, c, _), o in zip(todo, outcomes, strict=True) if o is None]
        refused = {
            c.pathway_id: str(getattr(o, "message", o))
            for (_, c, _), o in zip(todo, outcomes, strict=True)
            if isinstance(o, BaseException) and _refusal(o)
        }
        await asyncio.to_thread(self._claims.release, list(refused))
        await asyncio.to_thread(self._claims.mark_started, done)
        failed = [o for o in outcomes if isinstance(o, BaseException) and not _refusal(o)]
        if failed:
            raise failed[0]
        return refused

    async def start(self, input: PathwayInput) -> None:
        """Start one diversion pathway (an existing workflow of its id counts as started)."""
        try:
            await self._client.start_workflow(
                DIVERSION_WORKFLOW,
                input,
                id=input.pathway_id,
                task_queue=self._settings.temporal_task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
                id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            )
        except WorkflowAlreadyStartedError:
            pass  # started by an earlier attempt, and since closed


async def replay_referral(
    intake: DiversionIntake,
    held: HeldStore,
    held_id: int,
    corrected: Any | None,
    sender: User | None = None,
) -> Replayed:
    """Replay a held or rejected referral (as stored, or `corrected`) and settle it.

    As court records are replayed (`ingest.replay`): through the same path as a new referral;
    started or duplicate resolves the held record, a failure again updates its reasons (and its
    payload, when a corrected one was sent). `sender` replays it: one they may not see is not
    found.
    """
    found = await asyncio.to_thread(
        held.to_replay, held_id, DIVERSION_KINDS, sender, what="diversion referral"
    )
    payload = found.payload
    if corrected is None and isinstance(payload, dict) and set(payload) == {"line"}:
        raise NothingToReplay(
            f"held record {held_id} was not JSON as received: send the corrected referral"
        )
    if corrected is None and isinstance(payload, dict) and set(payload) == {"value"}:
        payload = payload["value"]
    source = corrected if corrected is not None else payload
    (result,) = await intake.ingest([source], sender, keep=False)
    if result.result in (IngestResultKind.STARTED, IngestResultKind.DUPLICATE):
        note = f"replayed: {result.result.value} {result.pathway_id}"
        await asyncio.to_thread(held.resolve, held_id, note)
        return Replayed(held_id, True, [result])
    await asyncio.to_thread(
        held.update,
        held_id,
        result=result.result.value,
        reason=result.reason or "",
        errors=[e.model_dump() for e in result.errors],
        replayed=(REFERRAL_KIND, source) if corrected is not None else None,
    )
    result.held_id = held_id
    return Replayed(held_id, False, [result])


def _referral(m: Mapped) -> DiversionReferral:
    assert m.referral is not None
    return m.referral


def _failure(
    m: Mapped, claim: Claim | None, refused: dict[str, str]
) -> tuple[IngestResultKind, str, list[FieldError]]:
    """The result, reason and field errors of a record that started nothing."""
    if claim is not None and claim.held:
        return IngestResultKind.HELD, claim.held, []
    if claim is not None and claim.pathway_id in refused:
        message = refused[claim.pathway_id]
        big = "size" in message.lower() or "too large" in message.lower()
        problem = (
            f"{TOO_LARGE}: Temporal refused the workflow input ({message})"
            if big
            else f"Temporal refused to start its pathway ({message}); correct it and send again"
        )
        errors = [FieldError(field=WORKFLOW_INPUT, reason=problem)]
        return IngestResultKind.REJECTED, problem, errors
    assert m.result is not None
    return m.result, m.reason, list(m.errors)


def _kept(
    m: Mapped,
    result: IngestResultKind,
    reason: str,
    errors: list[FieldError],
    area: str | None,
    sender: User | None,
) -> Kept:
    return Kept(
        kind=REFERRAL_KIND,
        result=result,
        reason=reason,
        errors=[e.model_dump() for e in errors],
        payload=m.original,
        message_id=m.referral_id,
        area=area,
        received_by=sender.name if sender else None,
    )


__all__ = [
    "DIVERSION_KINDS",
    "DiversionIntake",
    "diversion_input",
    "looks_like_referral",
    "replay_referral",
]
