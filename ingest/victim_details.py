"""Victim details from the police: the message, and matching it to a pathway.

The police pass a victim's details to the youth justice service unless the victim objected;
the message Pathway takes says only that details were received (or that the victim opted
out), when, and whether the victim is enhanced (under 18, or vulnerable); with several victims
in a case, one message per victim, each with the police's reference for the victim, its kind
(a person, an organisation or a community) and whether under 18. It never carries a person's
name or contact details: those stay with the service's victim worker, and any field beyond
these is refused (an organisation's or community's name is allowed).

A message names the case and the defendant (the source system's defendant id, or the PNC id);
it is matched to the pathway of that defendant's most recent order in that case.
"""

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from contracts.steps import VictimDetailsReceivedBody
from contracts.victims import OrganisationName, PoliceReference, VictimKind
from db.tables import Child, CourtRecord, PathwayIndex, VictimDetailsRecord
from ingest.received import ReceivedRecords

RECORDING, RECORDED = "recording", "recorded"


class VictimDetailsMessage(BaseModel):
    """Victim details received for one defendant's case: no names or contact details."""

    model_config = ConfigDict(extra="forbid")

    message_id: str = Field(min_length=1, max_length=200, description="the idempotency key")
    case_urn: str = Field(min_length=1, max_length=50)
    defendant_id: str | None = Field(default=None, min_length=1, max_length=100)
    pnc_id: str | None = Field(default=None, min_length=1, max_length=30)
    received_on: date = Field(description="when the police passed the details")
    enhanced: bool = Field(default=False, description="an enhanced victim: under 18 or vulnerable")
    opted_out: bool = Field(default=False, description="the victim objected to contact")
    # Several victims per case (ADR 0120): one message per victim, told apart by the police's
    # reference; the victim's kind, and whether under 18 (enhanced entitlements). A person is
    # never named; an organisation or community may be.
    police_reference: PoliceReference | None = None
    kind: VictimKind = VictimKind.PERSON
    under_18: bool = Field(default=False, description="a victim under 18 (enhanced)")
    organisation_name: OrganisationName | None = None

    @model_validator(mode="after")
    def _names_the_defendant(self) -> Self:
        if self.defendant_id is None and self.pnc_id is None:
            raise ValueError("defendant_id: give the defendant's id in the source, or pnc_id")
        if self.organisation_name is not None and self.kind == VictimKind.PERSON:
            raise ValueError(
                "organisation_name: a person is known by the police reference only, never by name"
            )
        if self.under_18 and self.kind != VictimKind.PERSON:
            raise ValueError("under_18: only a person victim can be under 18")
        return self

    def body(self) -> VictimDetailsReceivedBody:
        """The step this message records on its pathway."""
        return VictimDetailsReceivedBody(
            completed_on=self.received_on,
            enhanced=self.enhanced,
            opted_out=self.opted_out,
            police_reference=self.police_reference,
            kind=self.kind,
            under_18=self.under_18,
            organisation_name=self.organisation_name,
        )


class VictimResultKind(StrEnum):
    """What became of a victim details message."""

    RECORDED = "recorded"
    DUPLICATE = "duplicate"
    HELD = "held"


class VictimDetailsResult(BaseModel):
    """The result of one victim details message."""

    result: VictimResultKind
    pathway_id: str | None = None
    held_id: int | None = None
    reason: str | None = None


class VictimDetailsStore(ReceivedRecords[VictimDetailsRecord]):
    """Matching messages to pathways, and their idempotency records."""

    record, claimed, done, victim_details = VictimDetailsRecord, RECORDING, RECORDED, True

    def find(self, message_id: str) -> VictimDetailsRecord | None:
        """The record of an earlier message with this id, if any."""
        with self._sessions() as session:
            return session.scalars(
                select(VictimDetailsRecord).where(VictimDetailsRecord.message_id == message_id)
            ).first()

    def match(self, message: VictimDetailsMessage) -> str | None:
        """The pathway of the defendant's most recent order in the case, if one was received."""
        who = []
        if message.defendant_id is not None:
            who.append(CourtRecord.defendant_id == message.defendant_id)
        if message.pnc_id is not None:
            children = select(Child.child_id).where(Child.pnc_id == message.pnc_id)
            who.append(CourtRecord.child_id.in_(children))
        statement = (
            select(CourtRecord.pathway_id)
            .join(PathwayIndex, PathwayIndex.pathway_id == CourtRecord.pathway_id)
            .where(CourtRecord.case_urn == message.case_urn.upper(), or_(*who))
            .order_by(PathwayIndex.made_on.desc(), CourtRecord.id.desc())
            .limit(1)
        )
        with self._sessions() as session:
            return session.scalar(statement)

    def claim(self, message: VictimDetailsMessage, pathway_id: str) -> tuple[str, str, bool]:
        """Record the message against a pathway; return (pathway id, state, new).

        A message sent concurrently finds the other request's record (new is False).
        """
        try:
            with self._sessions.begin() as session:
                session.add(
                    VictimDetailsRecord(
                        message_id=message.message_id,
                        pathway_id=pathway_id,
                        case_urn=message.case_urn.upper(),
                        received_on=message.received_on,
                        enhanced=message.enhanced,
                        opted_out=message.opted_out,
                        state=RECORDING,
                        received_at=datetime.now(UTC),
                    )
                )
            return pathway_id, RECORDING, True
        except IntegrityError:
            found = self.find(message.message_id)
            if found is None:
                raise
            return found.pathway_id, found.state, False

    def mark_recorded(self, message_id: str) -> None:
        """Note that the pathway accepted the step; an earlier held copy is resolved."""
        self.mark_done(message_id)
