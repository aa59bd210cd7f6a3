"""Replaying a held or rejected court record, as received or as corrected by an integrator.

The record goes through the same path as a new one (mapping, checks, claim, start), so a
replay is as idempotent as a resend: a record that was meanwhile accepted answers duplicate.
What the replay gives settles the held record:

- every result started, duplicate or skipped: resolved, saying how;
- one record that is still held or rejected: the held record is updated with the new reasons
  (and the corrected payload, if one was sent) and stays unresolved;
- several records (a whole message replayed), some still failing: those are kept as held
  records of their own, and the original is resolved as replaced by them.
"""

import asyncio
from dataclasses import dataclass
from typing import Any

from access import User
from contracts.court import IngestResultKind
from core.errors import AlreadyResolved, HeldNotFound, NothingToReplay, ReplayError
from ingest.held import COURT_KINDS, HeldDetail, HeldStore
from ingest.service import (
    COMMON_PLATFORM,
    UNREADABLE,
    IngestService,
    RecordResult,
    kept_from,
)

__all__ = ["AlreadyResolved", "HeldNotFound", "NothingToReplay", "ReplayError", "replay"]

FAILED = (IngestResultKind.REJECTED, IngestResultKind.HELD)


@dataclass(frozen=True)
class Replayed:
    """What a replay did: the results, and whether the held record is now resolved."""

    held_id: int
    resolved: bool
    results: list[RecordResult]


def stored_source(held: HeldDetail) -> Any:
    """The input to replay from a held record's stored payload."""
    payload = held.payload
    if held.kind == UNREADABLE:
        raise NothingToReplay(
            f"held record {held.id} was not JSON as received: send the corrected record "
            "as the replay's body"
        )
    if held.kind == COMMON_PLATFORM and isinstance(payload, dict) and "message" in payload:
        return payload["message"]  # the defendant's own hearing, or the message as received
    if isinstance(payload, dict) and set(payload) == {"value"}:
        return payload["value"]  # a canonical record that was not an object
    return payload


def _summary(results: list[RecordResult]) -> str:
    parts = [f"{r.result.value} {r.pathway_id or ''}".strip() for r in results]
    return "replayed: " + ", ".join(parts)


async def replay(
    service: IngestService,
    held: HeldStore,
    held_id: int,
    corrected: Any | None,
    sender: User | None = None,
) -> Replayed:
    """Replay a held court record (its stored original, or `corrected`) and settle it.

    `sender` replays it (None: the system): a record they may not see is not found.
    """
    found = await asyncio.to_thread(
        held.to_replay, held_id, COURT_KINDS, sender, what="court record"
    )
    source = corrected if corrected is not None else stored_source(found)
    candidates = service.candidates([source])
    results = await service.ingest_candidates(candidates, keep=False, sender=sender)
    failing = [(c, r) for c, r in zip(candidates, results, strict=True) if r.result in FAILED]
    if not failing:
        await asyncio.to_thread(held.resolve, held_id, _summary(results))
        return Replayed(held_id, True, results)
    if len(candidates) == 1:
        ((candidate, result),) = failing
        await asyncio.to_thread(
            held.update,
            held_id,
            result=result.result.value,
            reason=result.reason or "",
            errors=[e.model_dump() for e in result.errors],
            replayed=(candidate.kind, candidate.record.original) if corrected is not None else None,
        )
        result.held_id = held_id
        return Replayed(held_id, False, results)
    # From the results: a record whose start Temporal refused failed only after mapping.
    kept = [kept_from(c, r, found.area, sender) for c, r in failing]
    ids = await asyncio.to_thread(service.store.keep, kept)
    for (_, result), new_id in zip(failing, ids, strict=True):
        result.held_id = new_id
    note = f"replayed as held records {', '.join(str(i) for i in ids)}; " + _summary(results)
    await asyncio.to_thread(held.resolve, held_id, note)
    return Replayed(held_id, True, results)
