"""A referral for diversion or prevention, as the police (or a page) send it to the intake.

`POST /v1/diversion-referrals`, `pathway ingest` and the page that opens a prevention referral
all take this record (`ingest.diversion`). It carries the child's name and date of birth for
matching to the child's other pathways (`ingest.claims`, as court records are matched); the
workflow gets only the opaque child id, the demographics and the referral's ids, dates and
offence (`contracts.diversion.DiversionDetails`).

Sources:
- The police refer a child to the youth justice service's joint decision panel before deciding
  an out-of-court disposal (Youth Justice Board, "Case management guidance", Out-of-court
  disposals; Crime and Disorder Act 1998, ss. 66ZA-66ZB for youth cautions, ss. 66A-66H for
  youth conditional cautions): `source` police, with the referring force.
- A school, the family, children's social care or another agency ask for prevention support
  (Turnaround and other prevention; GOV.UK "Turnaround Programme"): no force.
- The trigger is Turnaround's list (`contracts.turnaround.TurnaroundTrigger`); the offence's
  group comes from the dated offence-code mapping (`ingest.offence_groups`), by the referral's
  date, as a court order's offences get theirs by the day the order was made.
"""

from datetime import date
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator

from contracts.common import Gender
from contracts.diversion import DiversionSource, ReferralId
from contracts.turnaround import TurnaroundTrigger

PREVENTION_SOURCES = tuple(s for s in DiversionSource if s != DiversionSource.POLICE)
"""Who may ask for prevention support without the police (the page's choices)."""

EXAMPLE: dict[str, JsonValue] = {
    "referral_id": "MPS-2026-000123",
    "referred_on": "2026-04-02",
    "source": "police",
    "force": "MPS",
    "child": {
        "first_name": "Alex",
        "last_name": "Example",
        "date_of_birth": "2011-05-14",
        "pnc_id": "2024/0012345A",
        "gender": "male",
        "ethnicity": "B1",
        "yjs_area": "bromley",
    },
    "trigger": "interview_under_caution",
    "trigger_on": "2026-03-28",
    "offence": {
        "offence_code": "TH68010",
        "title": "Theft from a shop",
        "offence_date": "2026-03-27",
    },
    "has_identified_victim": True,
}
SCHOOL_EXAMPLE: dict[str, JsonValue] = {
    "referral_id": "SCH-2026-0042",
    "referred_on": "2026-04-02",
    "source": "school",
    "child": {
        "first_name": "Sam",
        "last_name": "Example",
        "date_of_birth": "2012-09-01",
        "gender": "female",
        "ethnicity": "W1",
    },
}


class ReferralChild(BaseModel):
    """The child, as the referrer knows them (the court record's `Defendant`, less its id)."""

    model_config = ConfigDict(extra="forbid")

    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    date_of_birth: date
    pnc_id: str | None = Field(default=None, min_length=1, max_length=30)
    gender: Gender = Gender.NOT_SPECIFIED
    ethnicity: str | None = Field(default=None, max_length=10)
    yjs_area: str | None = Field(default=None, max_length=100)


class ReferralOffence(BaseModel):
    """The offence the referral is about, if there is one (code and title as the police's)."""

    model_config = ConfigDict(extra="forbid")

    offence_code: str = Field(min_length=1, max_length=20)
    title: str = Field(min_length=1, max_length=500)
    offence_date: date | None = None


class DiversionReferral(BaseModel):
    """One child's referral for a joint decision or for prevention support.

    `referral_id` is the referrer's own id and the intake's idempotency key: a second record
    with the same id is a duplicate of the first, whatever it says. `force` (the referring
    police force's code) is required when the police refer and refused otherwise; `trigger`
    and `trigger_on` go together.
    """

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [EXAMPLE, SCHOOL_EXAMPLE]}
    )

    referral_id: ReferralId
    referred_on: date
    source: DiversionSource = DiversionSource.POLICE
    force: str | None = Field(default=None, min_length=1, max_length=60)
    child: ReferralChild
    trigger: TurnaroundTrigger | None = None
    trigger_on: date | None = None
    offence: ReferralOffence | None = None
    has_identified_victim: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        police = self.source == DiversionSource.POLICE
        if police and self.force is None:
            raise ValueError("force: required when the police refer (the referring force's code)")
        if not police and self.force is not None:
            raise ValueError(f"force: only for a police referral, not one from {self.source.value}")
        if (self.trigger is None) != (self.trigger_on is None):
            raise ValueError("trigger_on: give the trigger and its date together")
        if self.trigger_on is not None and self.trigger_on > self.referred_on:
            raise ValueError("trigger_on: must be on or before referred_on")
        if self.child.date_of_birth >= self.referred_on:
            raise ValueError("child.date_of_birth: must be before referred_on")
        offence_on = self.offence.offence_date if self.offence else None
        if offence_on is not None and offence_on > self.referred_on:
            raise ValueError("offence.offence_date: must be on or before referred_on")
        return self
