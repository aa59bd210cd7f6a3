"""Recording victim details from the police on the matching pathway ("victim details received").

The message is matched to a pathway (`ingest.victim_details`), recorded against it, and the
step recorded through the workflow's `record_step` update under an update id made from the
message id, so a resend, or the same message sent concurrently, is recorded once and answered
duplicate. A message with no pathway yet (its court outcome has not arrived) is held, with
the reason, and replayed by the intake when that outcome starts the pathway (`apply_held`), or
by an integrator; one the pathway refuses (no identified victim, details already
received, the pathway closed) raises `VictimDetailsRefused` with the pathway's reason.
Pathways are loaded and changed through the command client (`core.pathways`), which writes
the recorded step into the read model as every door does.
"""

import asyncio
import logging

from temporalio.client import Client

from access import Role, User
from contracts.court import IngestResultKind
from core.errors import PathwayNotFound, StepNotAllowed, VictimDetailsRefused
from core.pathways import Pathways
from ingest.held import VICTIM_KINDS, HeldStore
from ingest.store import IntakeStore, Kept
from ingest.victim_details import (
    RECORDED,
    VictimDetailsMessage,
    VictimDetailsResult,
    VictimDetailsStore,
    VictimResultKind,
)

__all__ = ["HELD_DETAILS_USER", "VictimDetailsRefused", "VictimDetailsService"]

VICTIM_DETAILS = VICTIM_KINDS[0]
# The feed itself, replaying details when their order arrives: the timeline names it.
HELD_DETAILS_USER = User(name="police details held until the order arrived", role=Role.INTEGRATOR)
log = logging.getLogger(__name__)


class VictimDetailsService:
    """Takes victim details messages to their pathways."""

    def __init__(self, intake: IntakeStore, client: Client) -> None:
        self._intake = intake
        self._store = VictimDetailsStore(intake.sessions)
        self._held = HeldStore(intake.sessions)
        self._pathways = Pathways(client, intake.sessions)

    async def visible(self, viewer: User | None, pathway_id: str | None) -> bool:
        """Whether `viewer` (None: the system) may see a pathway, as the workflow knows it.

        The workflow, not the read model: a pathway started a moment ago may not be projected.
        """
        if viewer is None or pathway_id is None:
            return True
        return await self._pathways.may_see(pathway_id, viewer)

    async def receive(
        self,
        message: VictimDetailsMessage,
        by: User,
        *,
        keep: bool = True,
        sender: User | None = None,
    ) -> VictimDetailsResult:
        """Record the message on its pathway as `by`, or hold it; `keep` off leaves nothing held.

        `sender` is who sent it (None: the system). The police's feed (an integrator)
        delivers to any pathway; a supervisor only to one they may see: details for another
        team's pathway are held exactly as details for no pathway are, so the answer does not
        say whether that pathway exists.
        """
        earlier = await asyncio.to_thread(self._store.find, message.message_id)
        if earlier is not None and not await self._may_deliver(sender, earlier.pathway_id):
            return await self._hold(message, _no_pathway(message), keep, sender)
        if earlier is not None and earlier.state == RECORDED:
            return _duplicate(earlier.pathway_id)
        if earlier is None:
            matched = await asyncio.to_thread(self._store.match, message)
            if matched is not None and not await self._may_deliver(sender, matched):
                matched = None
            if matched is None:
                return await self._hold(message, _no_pathway(message), keep, sender)
            pathway_id, state, new = await asyncio.to_thread(self._store.claim, message, matched)
            if state == RECORDED:
                return _duplicate(pathway_id)
        else:
            pathway_id, new = earlier.pathway_id, False
        body = message.body()
        try:
            await self._pathways.record_step(
                pathway_id, by, body, update_id=f"victim-details:{message.message_id}"
            )
        except StepNotAllowed as refused:
            await asyncio.to_thread(self._store.release, message.message_id)
            raise VictimDetailsRefused(refused.reason, pathway_id) from refused
        except PathwayNotFound as missing:
            await asyncio.to_thread(self._store.release, message.message_id)
            if await self._pathways.ended(pathway_id):
                why = f"pathway {pathway_id} is closed"
                raise VictimDetailsRefused(why, pathway_id) from missing
            why = "the pathway for this case is not running yet: replay it shortly"
            return await self._hold(message, why, keep, sender)
        await asyncio.to_thread(self._store.mark_recorded, message.message_id)
        if new:
            return VictimDetailsResult(result=VictimResultKind.RECORDED, pathway_id=pathway_id)
        return _duplicate(pathway_id)

    async def apply_held(self, case_urns: set[str]) -> dict[str, str]:
        """Replay victim details held until these cases' orders arrived; a note per pathway.

        Called by the intake after it starts pathways, so the police's details, sent before the
        court outcome, reach the pathway without an integrator's replay. One that still cannot
        be recorded stays held, with the new reason; a failure here never fails the intake.
        """
        notes: dict[str, str] = {}
        waiting = await asyncio.to_thread(self._held.waiting_victim_details, case_urns)
        for held_id in waiting:
            try:
                result = await self.replay(held_id, HELD_DETAILS_USER, None)
            except VictimDetailsRefused as refused:
                if refused.pathway_id is not None:  # the feed's own refusals name it
                    notes[refused.pathway_id] = (
                        f"police victim details held as {held_id} were refused: {refused.reason}"
                    )
                continue
            except Exception:
                log.warning("held victim details %s were not replayed", held_id, exc_info=True)
                continue
            if result.pathway_id and result.result != VictimResultKind.HELD:
                notes[result.pathway_id] = (
                    f"police victim details held as {held_id} recorded ({result.result.value})"
                )
        return notes

    async def _may_deliver(self, sender: User | None, pathway_id: str) -> bool:
        if sender is None or sender.role == Role.INTEGRATOR:
            return True
        return await self.visible(sender, pathway_id)

    async def replay(
        self,
        held_id: int,
        by: User,
        corrected: VictimDetailsMessage | None,
        sender: User | None = None,
    ) -> VictimDetailsResult:
        """Replay a held message (as stored, or corrected) as `by`, and settle its held record.

        `sender` replays it (None: the system): a record they may not see is not found.
        """
        found = await asyncio.to_thread(
            self._held.to_replay, held_id, VICTIM_KINDS, sender, what="victim details"
        )
        message = corrected or VictimDetailsMessage.model_validate(found.payload)
        replayed = (VICTIM_DETAILS, message.model_dump(mode="json")) if corrected else None
        try:
            result = await self.receive(message, by, keep=False, sender=sender)
        except VictimDetailsRefused as refused:
            await self._settle_failed(held_id, refused.reason, replayed)
            raise
        if result.result == VictimResultKind.HELD:
            await self._settle_failed(held_id, result.reason or "", replayed)
            return result.model_copy(update={"held_id": held_id})
        summary = f"replayed: {result.result.value} on {result.pathway_id}"
        await asyncio.to_thread(self._held.resolve, held_id, summary)
        return result

    async def _settle_failed(
        self, held_id: int, reason: str, replayed: tuple[str, object] | None
    ) -> None:
        await asyncio.to_thread(
            self._held.update,
            held_id,
            result=IngestResultKind.HELD.value,
            reason=reason,
            errors=[],
            replayed=replayed,
        )

    async def _hold(
        self,
        message: VictimDetailsMessage,
        reason: str,
        keep: bool,
        sender: User | None = None,
    ) -> VictimDetailsResult:
        held_id = None
        if keep:
            kept = Kept(
                kind=VICTIM_DETAILS,
                result=IngestResultKind.HELD,
                reason=reason,
                errors=[],
                payload=message.model_dump(mode="json"),
                message_id=message.message_id,
                case_urn=message.case_urn.upper(),
                area=sender.area if sender else None,
                received_by=sender.name if sender else None,
            )
            (held_id,) = await asyncio.to_thread(self._intake.keep, [kept])
        return VictimDetailsResult(result=VictimResultKind.HELD, held_id=held_id, reason=reason)


def _duplicate(pathway_id: str) -> VictimDetailsResult:
    return VictimDetailsResult(
        result=VictimResultKind.DUPLICATE,
        pathway_id=pathway_id,
        reason="this message id was already recorded",
    )


def _no_pathway(message: VictimDetailsMessage) -> str:
    return (
        f"no pathway yet for case {message.case_urn.upper()} and this defendant: kept; "
        "replay it once the court outcome has been received"
    )
