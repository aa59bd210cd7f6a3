"""Restorative enquiry, work with the parent or carer, and youth offender panels: the shapes.

The rules are `workflows.restorative`'s; these are what every layer shares: the choices a
caseworker picks from, the panel steps' bodies (the enquiry, initial panel and parent work
bodies are in `contracts.steps`, which import these) and what the pathway keeps
(`RestorativeWork`, on `PathwayState.restorative`).

The law and guidance: Sentencing Act 2020, Part 6 Chapter 1 (referral orders): s. 90 (a parent
or guardian ordered to attend the panel's meetings; for a child under 16 when the order is made
the court must so order unless it would be unreasonable), s. 91(4) (at each meeting at least one
youth justice service member and two members who are not of the service: community panel
members), ss. 95-97 (the first meeting and the youth offender contract, its terms), ss. 99-100
(progress meetings); Referral Order Guidance (Ministry of Justice and YJB, 2018): progress
panels at least every 3 months, a final panel meeting at the end of the order, restorative
justice at the heart of the contract.
"""

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from contracts.common import Programme

_Long = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]

MAX_PANEL_MEMBERS = 12


class HarmedParty(StrEnum):
    """Who the enquiry found was harmed (Referral Order Guidance 2018: the harm done)."""

    DIRECT_VICTIM = "direct_victim"
    FAMILY = "family"  # the child's or the victim's family
    COMMUNITY = "community"
    CHILD_RELATIONSHIPS = "child_relationships"  # the child's own relationships


class Readiness(StrEnum):
    """The enquiry's judgement of the child's readiness for restorative work."""

    READY = "ready"
    NOT_YET = "not_yet"
    NOT_SUITABLE = "not_suitable"


class CarerRelationship(StrEnum):
    """Which parent or carer the work was with: the relationship, never a name."""

    MOTHER = "mother"
    FATHER = "father"
    STEP_PARENT = "step_parent"
    GRANDPARENT = "grandparent"
    OTHER_RELATIVE = "other_relative"
    FOSTER_CARER = "foster_carer"
    RESIDENTIAL_CARER = "residential_carer"
    OTHER_CARER = "other_carer"


class ContractElement(StrEnum):
    """Kinds of term a youth offender contract may hold (Sentencing Act 2020, s. 97)."""

    REPARATION_TO_VICTIM = "reparation_to_victim"
    MEDIATION_WITH_VICTIM = "mediation_with_victim"
    COMMUNITY_REPARATION = "community_reparation"
    RESTORATIVE_ACTIVITY = "restorative_activity"
    EDUCATION_OR_WORK = "education_or_work"
    OFFENDING_BEHAVIOUR_WORK = "offending_behaviour_work"
    SUBSTANCE_MISUSE_WORK = "substance_misuse_work"
    FAMILY_WORK = "family_work"
    AT_HOME_AT_TIMES = "at_home_at_times"
    STAYING_AWAY = "staying_away"
    OTHER = "other"


class PanelKind(StrEnum):
    """The meetings of a youth offender panel Pathway tracks."""

    INITIAL = "initial"
    PROGRESS = "progress"
    FINAL = "final"


class _Body(BaseModel):
    # The same shape as every step body (`contracts.steps._Body`), kept here so the steps'
    # union can import these without a cycle.
    model_config = ConfigDict(extra="forbid")

    completed_on: date
    notes: _Long | None = None


class PanelMeeting(BaseModel):
    """Who sat on a panel meeting and whether a parent came: every panel body has these.

    Optional here because the initial panel's body had none of them before the
    `restorative-2026-12` patch (recorded histories must still read); the workflow refuses a
    meeting without them on pathways started since, naming the field.
    """

    youth_justice_members: int | None = Field(default=None, ge=0, le=MAX_PANEL_MEMBERS)
    community_panel_members: int | None = Field(default=None, ge=0, le=MAX_PANEL_MEMBERS)
    not_quorate_reason: _Long | None = None
    parent_attended: bool | None = None
    # The court did not order a parent to attend (Sentencing Act 2020, s. 90: it would have
    # been unreasonable), so the panel may sit without one for a child under 16.
    court_excused_parent: bool = False


_MEETING_EXAMPLE = {
    "youth_justice_members": 1,
    "community_panel_members": 2,
    "parent_attended": True,
}


class ProgressPanelBody(_Body, PanelMeeting):
    """A progress meeting of the youth offender panel, at the interval the contract set."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"completed_on": "2026-07-20", **_MEETING_EXAMPLE}]},
    )

    step: Literal["progress_panel"] = "progress_panel"


class FinalPanelBody(_Body, PanelMeeting):
    """The final meeting of the youth offender panel, before the referral order closes."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"completed_on": "2027-04-19", **_MEETING_EXAMPLE}]},
    )

    step: Literal["final_panel"] = "final_panel"


class EnquiryRecord(BaseModel):
    """The restorative enquiry with the child, or why it was not done."""

    on: date
    not_done_reason: str | None = None
    harmed_parties: list[HarmedParty] = Field(default_factory=list)
    child_account: str | None = None
    willing_to_do: str | None = None
    readiness: Readiness | None = None


class ParentWorkRecord(BaseModel):
    """Restorative work with a parent or carer."""

    on: date
    carer: CarerRelationship
    harm_addressed: str
    next_steps: str
    refer_to: list[Programme] = Field(default_factory=list)


class PanelRecord(BaseModel):
    """One panel meeting; the contract's fields only on the initial panel."""

    kind: PanelKind
    on: date
    youth_justice_members: int
    community_panel_members: int
    not_quorate_reason: str | None = None
    parent_attended: bool
    court_excused_parent: bool = False
    contract_elements: list[ContractElement] = Field(default_factory=list)
    contract_terms: str | None = None

    @property
    def quorate(self) -> bool:
        """Whether the meeting had the members s. 91(4) asks for."""
        return self.youth_justice_members >= 1 and self.community_panel_members >= 2


class RestorativeWork(BaseModel):
    """What a referral order's restorative work and panels recorded.

    Set (empty) when a referral order's pathway starts under the `restorative-2026-12` patch:
    its presence switches on the rules of `workflows.restorative`, so pathways started earlier
    keep the rules they started with (ADR 0118).
    """

    enquiry: EnquiryRecord | None = None
    parent_work: ParentWorkRecord | None = None
    panels: list[PanelRecord] = Field(default_factory=list)
    progress_panel_interval_months: int = 3
