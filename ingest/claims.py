"""Claiming a batch of court outcomes in one transaction: the idempotency records and children.

Each outcome either finds the court record it repeats (by message id, or by case, defendant
and disposal) or gets a new one in state `starting`, under a freshly generated pathway id,
linked to its child (found by PNC id, else by name and date of birth, else created). Records
earlier in the same batch count: a repeat inside one batch is a duplicate of the first, and a
child's second order in one batch links to the child the first created.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from contracts.common import Gender
from contracts.court import CourtOutcome
from db.tables import Child, CourtRecord, PathwayIndex
from ingest.held import resolve_received_again

STARTING, STARTED = "starting", "started"
IDENTITY_CONFLICT = (
    "the PNC id belongs to a child already known under another name or date of birth: held "
    "for review, not linked (check the PNC id, the name and the date of birth with the court, "
    "then replay the record corrected)"
)
"""The reason a record is held when its PNC id and its name or date of birth disagree.

It names neither child nor any pathway: the sender may not see either."""


@dataclass(frozen=True)
class Claim:
    """The outcome of claiming a court record: a new pathway to start, or an earlier one.

    `other_pathways` are the child's pathways already known, of the same service (area) as
    this one: a new order opens a review on those. `held` is set (and nothing claimed) when
    the record cannot be linked safely to a child.
    """

    pathway_id: str
    child_id: str
    new: bool
    state: str
    other_pathways: list[str]
    held: str | None = None


class Person(Protocol):
    """A child as a record names them: a court's defendant, or a referral's child."""

    pnc_id: str | None
    first_name: str
    last_name: str
    date_of_birth: date
    gender: Gender
    ethnicity: str | None


def person_key(d: Person) -> str:
    """Name and date of birth, normalised, for linking records of a child without a PNC id."""
    return "|".join(
        [d.last_name.strip().lower(), d.first_name.strip().lower(), d.date_of_birth.isoformat()]
    )


def identity_key(outcome: CourtOutcome) -> str:
    """Name and date of birth, normalised, for linking orders of a child without a PNC id."""
    return person_key(outcome.defendant)


class Children:
    """The children a batch may link to, found in one query and added to as the batch goes."""

    def __init__(self, session: Session, people: list[Person]) -> None:
        pncs = {p.pnc_id for p in people if p.pnc_id}
        keys = {person_key(p) for p in people}
        found = session.scalars(
            select(Child)
            .where(or_(Child.pnc_id.in_(pncs), Child.identity_key.in_(keys)))
            .order_by(Child.created_at, Child.child_id)
        ).all()
        self.by_pnc: dict[str, Child] = {}
        self.by_key: dict[str, Child] = {}
        for child in found:
            if child.pnc_id:
                self.by_pnc.setdefault(child.pnc_id, child)
            self.by_key.setdefault(child.identity_key, child)
        self.pathways: defaultdict[str, list[tuple[str, str | None]]] = defaultdict(list)
        if found:
            rows = session.execute(
                select(PathwayIndex.child_id, PathwayIndex.pathway_id, PathwayIndex.area)
                .where(PathwayIndex.child_id.in_({c.child_id for c in found}))
                .order_by(PathwayIndex.created_at)
            )
            for child_id, pathway_id, area in rows:
                self.pathways[child_id].append((pathway_id, area))

    def child_of(self, session: Session, d: Person, now: datetime) -> Child | None:
        """The record's child: by PNC id, else name and date of birth, else a new one.

        None when the PNC id is known for a child of another name or date of birth: linking
        would put one child's order on another's record, so the record is held instead.
        """
        key = person_key(d)
        by_pnc = self.by_pnc.get(d.pnc_id) if d.pnc_id else None
        if by_pnc is not None and by_pnc.identity_key != key:
            return None
        found = by_pnc or self.by_key.get(key)
        if found is not None and d.pnc_id and found.pnc_id not in (None, d.pnc_id):
            found = None  # same name and date of birth, another PNC id: another child
        if found is None:
            found = Child(
                child_id=f"ch-{uuid.uuid4().hex[:16]}",
                pnc_id=d.pnc_id,
                identity_key=key,
                first_name=d.first_name,
                last_name=d.last_name,
                date_of_birth=d.date_of_birth,
                gender=d.gender.value,
                ethnicity=d.ethnicity,
                created_at=now,
            )
            session.add(found)
            self.by_key[key] = found
        if d.pnc_id and not found.pnc_id:
            found.pnc_id = d.pnc_id
        if d.pnc_id:
            self.by_pnc.setdefault(d.pnc_id, found)
        return found


def claim_batch(
    session: Session,
    items: list[tuple[CourtOutcome, dict[str, Any]]],
    now: datetime,
    areas: list[str | None] | None = None,
) -> list[Claim]:
    """Claim every outcome of a batch inside the caller's transaction; one claim per item.

    `areas` gives each item's area (the service that will own its pathway; None throughout
    when areas are not configured): a new order opens reviews only on the same area's pathways.

    Raises:
        sqlalchemy.exc.IntegrityError: at flush or commit, when a concurrent transaction
            claimed one of the same keys first (the caller then claims one by one).
    """
    outcomes = [outcome for outcome, _ in items]
    message_ids = {o.message_id for o in outcomes}
    keys = {o.business_key() for o in outcomes}
    by_message: dict[str, CourtRecord] = {}
    by_key: dict[str, CourtRecord] = {}
    for row in session.scalars(
        select(CourtRecord).where(
            or_(CourtRecord.message_id.in_(message_ids), CourtRecord.business_key.in_(keys))
        )
    ):
        by_message[row.message_id], by_key[row.business_key] = row, row
    children = Children(session, [o.defendant for o in outcomes])
    claims: list[Claim] = []
    for (outcome, payload), area in zip(items, areas or [None] * len(items), strict=True):
        key = outcome.business_key()
        seen = by_message.get(outcome.message_id) or by_key.get(key)
        if seen is not None:
            claims.append(Claim(seen.pathway_id, seen.child_id, False, seen.state, []))
            continue
        child = children.child_of(session, outcome.defendant, now)
        if child is None:
            claims.append(Claim("", "", False, "", [], held=IDENTITY_CONFLICT))
            continue
        pathway_id = f"pw-{uuid.uuid4().hex[:16]}"
        row = CourtRecord(
            message_id=outcome.message_id,
            business_key=key,
            source=outcome.source.value,
            pathway_id=pathway_id,
            child_id=child.child_id,
            state=STARTING,
            payload=payload,
            received_at=now,
            case_urn=outcome.case_urn.upper(),
            defendant_id=outcome.defendant.defendant_id,
        )
        session.add(row)
        session.add(
            PathwayIndex(
                pathway_id=pathway_id,
                child_id=child.child_id,
                disposal=outcome.disposal.type.value,
                made_on=outcome.disposal.made_on,
                created_at=now,
                area=area,
            )
        )
        by_message[outcome.message_id], by_key[key] = row, row
        others = [p for p, a in children.pathways[child.child_id] if a == area]
        children.pathways[child.child_id].append((pathway_id, area))
        claims.append(Claim(pathway_id, child.child_id, True, STARTING, others))
    # A record accepted now resolves any earlier rejection of the same message.
    accepted = [o.message_id for o, c in zip(outcomes, claims, strict=True) if c.new]
    if accepted:
        resolve_received_again(session, accepted, victim_details=False, done="accepted", at=now)
    return claims
