"""A court's decision on a running order, from either feed: matched to its pathway and applied.

A court outcome with an `order_change` (canonical, or mapped from Common Platform results for
breach, revocation, extension and re-sentence) names the order it changes (`disposal`: its
type and the date it was made) and the child. The intake finds that order's pathway as it
links a new order to a child (`ingest.claims`): the child by PNC id, else name and date of
birth (a PNC id known under another name or date of birth is held, never linked); then the
child's running pathways of that order type in the same service's area, the one from the same
case first (an order made on the stated date first among several). Several running orders of
that type and none from the case, or none at all, and the record is held with its reason,
never lost. A supervisor who sends a change applies it only to a pathway they may see.

The change goes to the pathway through the command client (`core.pathways`) as the court feed,
under an update id made from the message id; the record is kept as a court record in state
`applying`, then `applied`, so a resend answers duplicate. A re-sentence claims and starts the
new order's pathway as any new order (its message id is the change's, with `:resentence`),
closes the old one as superseded by it, and carries the case manager and team over.
"""

import asyncio

from temporalio.client import Client

from access import Role, User
from contracts.breach import OrderChange, OrderChangeKind, Resentence
from contracts.court import CourtOutcome, FieldError, IngestResult, IngestResultKind
from core.errors import PathwayNotFound, StepNotAllowed, TemporalUnavailable
from core.pathways import Pathways
from core.settings import Settings
from ingest.claims import STARTED
from ingest.order_change_store import APPLIED, Found, OrderChangeStore
from ingest.starts import start_pathway
from ingest.store import IntakeStore

__all__ = ["COURT_FEED", "OrderChanges", "resentence_message_id"]

COURT_FEED = User(name="court feed", role=Role.INTEGRATOR)
"""Who sends a court's decision to a pathway: the feed, whoever posted the record."""
RESENTENCE_SUFFIX = ":resentence"


def resentence_message_id(message_id: str) -> str:
    """The message id of a re-sentence's new order (within the 200 characters of an id)."""
    return message_id[: 200 - len(RESENTENCE_SUFFIX)] + RESENTENCE_SUFFIX


NOT_RUNNING = (
    "the order's pathway is not running (it closed before the court's decision arrived, or has "
    "not started yet): a person must check, then replay it"
)
CLOSED = "this pathway is closed"  # how the workflow refuses a change on a closed pathway
_ORDER = {
    "referral_order": "referral order",
    "youth_rehabilitation_order": "youth rehabilitation order",
    "detention_and_training_order": "detention and training order",
}


class OrderChanges:
    """Applies the court's decisions on running orders to their pathways."""

    def __init__(self, intake: IntakeStore, client: Client, settings: Settings) -> None:
        self._intake = intake
        self._store = OrderChangeStore(intake.sessions)
        self._client = client
        self._settings = settings
        self._pathways = Pathways(client, intake.sessions)

    async def apply(
        self, index: int, outcome: CourtOutcome, payload: object, sender: User | None
    ) -> IngestResult:
        """Apply one change to its pathway.

        Answers applied, started (a re-sentence's new order), duplicate, held (no pathway
        found, with why) or rejected (the pathway refused it: its reason, on `order_change`).
        """
        change = outcome.order_change
        assert change is not None
        earlier = await asyncio.to_thread(self._store.earlier, outcome)
        if earlier is not None and earlier.state == APPLIED:
            return self._answer(
                index,
                IngestResultKind.DUPLICATE,
                earlier.pathway_id,
                sender,
                "this court decision (or this message id) was already applied",
            )
        if earlier is not None:
            pathway_id, child_id = earlier.pathway_id, earlier.child_id
        else:
            area = self._settings.intake_area(outcome.defendant.yjs_area, outcome.court.code)
            found = await asyncio.to_thread(self._store.find, outcome, area)
            chosen, why = await self._choose(outcome, found, sender)
            if chosen is None:
                return IngestResult(index=index, result=IngestResultKind.HELD, reason=why)
            pathway_id, child_id = chosen, found.child_id or ""
            if not await asyncio.to_thread(
                self._store.claim, outcome, payload, pathway_id, child_id
            ):
                return IngestResult(
                    index=index,
                    result=IngestResultKind.HELD,
                    reason="the same court decision is being applied by another request: "
                    "replay it shortly",
                )
        if change.change == OrderChangeKind.REVOKED_AND_RESENTENCED:
            return await self._resentence(index, outcome, payload, pathway_id, sender)
        command = self._command(outcome)
        failed = await self._send(index, outcome, pathway_id, command)
        if failed is not None:
            return failed
        await asyncio.to_thread(self._store.mark_applied, outcome.message_id)
        return self._answer(
            index,
            IngestResultKind.APPLIED,
            pathway_id,
            sender,
            f"the court's decision ({change.change.value}) was applied to the order's pathway",
        )

    async def _choose(
        self, outcome: CourtOutcome, found: Found, sender: User | None
    ) -> tuple[str | None, str]:
        """The running pathway the change applies to, or None and why there is none.

        The reason names no pathway and no child: the sender may see neither.
        """
        order = _ORDER[outcome.disposal.type.value]
        if found.held is not None:
            return None, found.held
        running = []
        for number, pathway_id in enumerate(found.pathways):
            if await self._pathways.ended(pathway_id):
                continue
            if sender is not None and sender.role != Role.INTEGRATOR:
                if not await self._pathways.may_see(pathway_id, sender):
                    continue
            running.append((number < found.same_case, pathway_id))
        same_case = [p for same, p in running if same]
        if same_case:
            return same_case[0], ""
        if len(running) == 1:
            return running[0][1], ""
        if running:
            return None, (
                f"the child has more than one running {order} and none from case "
                f"{outcome.case_urn}: a person must decide which order the court's decision "
                "applies to"
            )
        return None, (
            f"no running {order} of this child was found to apply the court's decision "
            "to (it may have ended, not have arrived yet, or belong to another service's area); "
            "replay this record once the order's pathway is running"
        )

    def _command(self, outcome: CourtOutcome, new_pathway_id: str | None = None) -> OrderChange:
        change = outcome.order_change
        assert change is not None
        return OrderChange(
            actor=COURT_FEED.actor,
            change=change.change,
            decided_on=outcome.hearing_date,
            court_code=outcome.court.code,
            extended_to=change.extended_to,
            detention_months=change.detention_months,
            new_pathway_id=new_pathway_id,
            new_disposal=change.disposal.type if change.disposal else None,
        )

    async def _send(
        self, index: int, outcome: CourtOutcome, pathway_id: str, command: OrderChange
    ) -> IngestResult | None:
        """Send the change; None when the pathway took it, else the result to answer."""
        try:
            await self._pathways.change_order(
                pathway_id, command, update_id=f"order-change:{outcome.message_id}"
            )
        except StepNotAllowed as refused:
            await asyncio.to_thread(self._store.release, outcome.message_id)
            return _refused(index, refused)
        except (PathwayNotFound, TemporalUnavailable) as missing:
            await asyncio.to_thread(self._store.release, outcome.message_id)
            why = NOT_RUNNING if isinstance(missing, PathwayNotFound) else f"{missing}: replay it"
            return IngestResult(index=index, result=IngestResultKind.HELD, reason=why)
        return None

    async def _resentence(
        self, index: int, outcome: CourtOutcome, payload: object, old_id: str, sender: User | None
    ) -> IngestResult:
        change = outcome.order_change
        assert change is not None and change.disposal is not None
        new = outcome.model_copy(
            update={
                "message_id": resentence_message_id(outcome.message_id),
                "disposal": change.disposal,
                "order_change": None,
            }
        )
        area = self._settings.intake_area(outcome.defendant.yjs_area, outcome.court.code)
        claim = await asyncio.to_thread(self._intake.claim, new, {"resentence_of": payload}, area)
        if claim.held is not None:
            await asyncio.to_thread(self._store.release, outcome.message_id)
            return IngestResult(index=index, result=IngestResultKind.HELD, reason=claim.held)
        if claim.state == STARTED:
            await asyncio.to_thread(self._store.mark_applied, outcome.message_id)
            return self._answer(
                index,
                IngestResultKind.DUPLICATE,
                claim.pathway_id,
                None,
                "this re-sentence was already received",
            )
        try:
            old = await self._pathways.change_order(
                old_id,
                self._command(outcome, claim.pathway_id),
                update_id=f"order-change:{outcome.message_id}",
            )
        except PathwayNotFound:
            # Applied before a crash, and the old pathway has since closed: carry on from it.
            found = await self._pathways.state_of(old_id)
            if found is None or found.compliance.superseded_by != claim.pathway_id:
                await asyncio.to_thread(
                    self._intake.release, [claim.pathway_id] if claim.new else []
                )
                await asyncio.to_thread(self._store.release, outcome.message_id)
                return IngestResult(
                    index=index,
                    result=IngestResultKind.HELD,
                    reason=NOT_RUNNING,
                )
            old = found
        except StepNotAllowed as refused:
            await asyncio.to_thread(self._intake.release, [claim.pathway_id] if claim.new else [])
            await asyncio.to_thread(self._store.release, outcome.message_id)
            return _refused(index, refused)
        carried = Resentence(pathway_id=old_id, caseworker=old.caseworker, team=old.team)
        await start_pathway(self._client, self._settings, new, claim, resentenced_from=carried)
        await asyncio.to_thread(self._intake.mark_started, [claim.pathway_id])
        await asyncio.to_thread(self._store.mark_applied, outcome.message_id)
        return IngestResult(
            index=index,
            result=IngestResultKind.STARTED,
            pathway_id=claim.pathway_id,
            reason="re-sentenced: the earlier order's pathway is closed, superseded by this one, "
            "and its case manager and team carry over",
        )

    def _answer(
        self, index: int, kind: IngestResultKind, pathway_id: str, sender: User | None, reason: str
    ) -> IngestResult:
        # An integrator is never told a pathway it did not start; a person only one they see.
        shown = pathway_id if sender is None else None
        return IngestResult(index=index, result=kind, pathway_id=shown, reason=reason)


def _refused(index: int, refused: StepNotAllowed) -> IngestResult:
    """The result of a change its pathway refused: held if it had just closed, else rejected.

    A pathway that closed a moment ago (its workflow still finishing) refuses as closed: that
    is the same as a pathway no longer running, and a person must see it.
    """
    if refused.reason.startswith(CLOSED):
        return IngestResult(index=index, result=IngestResultKind.HELD, reason=NOT_RUNNING)
    return IngestResult(
        index=index,
        result=IngestResultKind.REJECTED,
        reason=f"order_change: {refused.reason}",
        errors=[FieldError(field="order_change", reason=refused.reason)],
    )
