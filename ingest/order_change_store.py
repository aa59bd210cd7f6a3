"""The intake's database side of a court's decision: finding the order's pathway, and its record.

The child is found as claiming finds one (`ingest.claims`): by PNC id, else name and date of
birth; a PNC id known under another name or date of birth is held, never linked. Then the
child's pathways of the order's type in the record's area, those from the same case first, an
order made on the stated date first among them. The change itself is kept as a court record
(state `applying`, then `applied`) under its own business key, so a resend is a duplicate and
retention anonymises it with the pathway's other records (ADR 0110).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from contracts.court import CourtOutcome
from db.tables import Child, CourtRecord, PathwayIndex
from ingest.claims import IDENTITY_CONFLICT, identity_key
from ingest.received import ReceivedRecords

__all__ = ["APPLIED", "APPLYING", "Found", "OrderChangeStore", "business_key"]

APPLYING, APPLIED = "applying", "applied"


@dataclass(frozen=True)
class Found:
    """The child's pathways a change may apply to (best first), or why there are none."""

    child_id: str | None
    pathways: list[str]
    same_case: int  # how many of `pathways`, at the front, are from the record's case
    held: str | None = None


def business_key(outcome: CourtOutcome) -> str:
    """The change's own key: a second record of the same decision is a duplicate."""
    assert outcome.order_change is not None
    return "|".join(
        [
            "order_change",
            outcome.case_urn.upper(),
            outcome.defendant.defendant_id,
            outcome.disposal.type.value,
            outcome.order_change.change.value,
            outcome.hearing_date.isoformat(),
        ]
    )


class OrderChangeStore(ReceivedRecords[CourtRecord]):
    """Finding the pathway a change applies to, and the change's court record."""

    record, claimed, done, victim_details = CourtRecord, APPLYING, APPLIED, False

    def earlier(self, outcome: CourtOutcome) -> CourtRecord | None:
        """The court record of this change received before (same message id or key), if any."""
        with self._sessions() as session:
            return session.scalars(
                select(CourtRecord).where(
                    or_(
                        CourtRecord.message_id == outcome.message_id,
                        CourtRecord.business_key == business_key(outcome),
                    )
                )
            ).first()

    def find(self, outcome: CourtOutcome, area: str | None) -> Found:
        """The child's pathways of the order's type in `area`, from the same case first."""
        d, key = outcome.defendant, identity_key(outcome)
        with self._sessions() as session:
            who = [Child.identity_key == key] + ([Child.pnc_id == d.pnc_id] if d.pnc_id else [])
            children = session.scalars(select(Child).where(or_(*who))).all()
            by_pnc = next((c for c in children if d.pnc_id and c.pnc_id == d.pnc_id), None)
            if by_pnc is not None and by_pnc.identity_key != key:
                return Found(None, [], 0, held=IDENTITY_CONFLICT)
            child = by_pnc or next(
                (c for c in children if c.identity_key == key and c.pnc_id in (None, d.pnc_id)),
                None,
            )
            if child is None:
                return Found(None, [], 0)
            in_area = PathwayIndex.area.is_(None) if area is None else PathwayIndex.area == area
            rows = session.execute(
                select(PathwayIndex.pathway_id, PathwayIndex.made_on)
                .where(
                    PathwayIndex.child_id == child.child_id,
                    PathwayIndex.disposal == outcome.disposal.type.value,
                    in_area,
                )
                .order_by(PathwayIndex.made_on.desc())
            ).all()
            case = set(
                session.scalars(
                    select(CourtRecord.pathway_id).where(
                        CourtRecord.case_urn == outcome.case_urn.upper(),
                        CourtRecord.child_id == child.child_id,
                    )
                )
            )
        made: date = outcome.disposal.made_on
        ranked = sorted(rows, key=lambda r: (r[0] not in case, r[1] != made))
        same_case = sum(1 for pathway_id, _ in ranked if pathway_id in case)
        return Found(child.child_id, [p for p, _ in ranked], same_case)

    def claim(self, outcome: CourtOutcome, payload: object, pathway_id: str, child_id: str) -> bool:
        """Record the change against its pathway (state `applying`); False if one raced it."""
        try:
            with self._sessions.begin() as session:
                session.add(
                    CourtRecord(
                        message_id=outcome.message_id,
                        business_key=business_key(outcome),
                        source=outcome.source.value,
                        pathway_id=pathway_id,
                        child_id=child_id,
                        state=APPLYING,
                        payload=payload,
                        received_at=datetime.now(UTC),
                        case_urn=outcome.case_urn.upper(),
                        defendant_id=outcome.defendant.defendant_id,
                    )
                )
        except IntegrityError:
            return False
        return True

    def mark_applied(self, message_id: str) -> None:
        """The pathway took the change; an earlier held copy of the message is resolved."""
        self.mark_done(message_id)
