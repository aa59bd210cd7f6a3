"""The diversion pathway: a police referral (or a prevention referral) from intake to closure.

Most children a youth justice service works with never reach court (DESIGN.md, "Prevention and
diversion"). The police refer a child to a joint decision panel, where the police and the
youth justice service decide together on an out-of-court outcome or a charge; or a child is
referred for prevention (by the police, a school, the family) and offered support, Turnaround
among it. Each referral runs as a diversion pathway (`workflows.diversion`, ADR 0129): a
pathway of its own workflow type sharing the court pathway's state, clock, steps, access,
audit, read model and retention, with `DisposalType.DIVERSION` and the referral's details here.

Out-of-court outcomes and their law:
- Community resolution: an informal police disposal, no criminal record (College of Policing,
  "Community resolutions", Authorised Professional Practice).
- Youth caution: Crime and Disorder Act 1998, s. 66ZA (as inserted by the Legal Aid,
  Sentencing and Punishment of Offenders Act 2012, s. 135); the police refer the child to the
  youth justice service, which assesses and may offer a programme (s. 66ZB).
- Youth conditional caution: Crime and Disorder Act 1998, ss. 66A-66H, with conditions the
  child must comply with; failure without reasonable excuse may lead to prosecution for the
  original offence (s. 66E). Code of Practice for Youth Conditional Cautions (Ministry of
  Justice, 2013).
- A first-time entrant is a child receiving their first youth caution, youth conditional
  caution or conviction (Youth Justice Board and Ministry of Justice, "Youth Justice
  Statistics", Glossary; DESIGN.md): community resolutions, Turnaround, other prevention and no
  further action never count (`FIRST_ENTRY_OUTCOMES`).

Nothing personal travels here: the child is the court pathway's `ChildProfile` (an opaque id
and demographics) and the referral keeps ids, dates and the offence's code and group.
"""

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, JsonValue, StringConstraints, model_validator

from contracts.eligibility import ProgrammeDecision
from contracts.offences import OrderOffence
from contracts.referrals import BiasReflection
from contracts.turnaround import TurnaroundTrigger

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
ReferralId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60, pattern=r"^\S+$")
]
ConditionId = Annotated[str, StringConstraints(max_length=3, pattern=r"^c[0-9]{1,2}$")]
MAX_CONDITIONS = 10


class DiversionSource(StrEnum):
    """Who referred the child: the police (for a joint decision), or someone asking prevention."""

    POLICE = "police"
    SCHOOL = "school"
    SELF_OR_FAMILY = "self_or_family"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    OTHER_AGENCY = "other_agency"


class PanelOutcome(StrEnum):
    """What the joint decision panel decided (the police and the youth justice service)."""

    NO_FURTHER_ACTION = "no_further_action"
    COMMUNITY_RESOLUTION = "community_resolution"
    YOUTH_CAUTION = "youth_caution"
    YOUTH_CONDITIONAL_CAUTION = "youth_conditional_caution"
    TURNAROUND = "turnaround"
    PREVENTION = "prevention"
    CHARGE = "charge"


FIRST_ENTRY_OUTCOMES = frozenset(
    {PanelOutcome.YOUTH_CAUTION, PanelOutcome.YOUTH_CONDITIONAL_CAUTION}
)
"""Outcomes that make a child a first-time entrant (with a conviction at court)."""
CLOSING_OUTCOMES = frozenset({PanelOutcome.NO_FURTHER_ACTION, PanelOutcome.CHARGE})
"""Outcomes that end the diversion pathway at once: nothing to do, or the court takes over."""
POLICE_OUTCOMES = frozenset(
    {
        PanelOutcome.COMMUNITY_RESOLUTION,
        PanelOutcome.YOUTH_CAUTION,
        PanelOutcome.YOUTH_CONDITIONAL_CAUTION,
        PanelOutcome.CHARGE,
    }
)
"""Outcomes only the police can give: a prevention referral from elsewhere cannot have them."""
OUTCOME_NAMES: dict[PanelOutcome, str] = {
    PanelOutcome.NO_FURTHER_ACTION: "No further action",
    PanelOutcome.COMMUNITY_RESOLUTION: "Community resolution",
    PanelOutcome.YOUTH_CAUTION: "Youth caution",
    PanelOutcome.YOUTH_CONDITIONAL_CAUTION: "Youth conditional caution",
    PanelOutcome.TURNAROUND: "Turnaround",
    PanelOutcome.PREVENTION: "Other prevention support",
    PanelOutcome.CHARGE: "Charge",
}


class DiversionDetails(BaseModel):
    """The referral a diversion pathway runs for, as the workflow keeps it (no personal details).

    `trigger` and `trigger_on`: what brought the child to notice and when (Turnaround's rules
    read them); `offence`: the offence, if there was one, with its group; `force`: the
    referring police force's code (None for a prevention referral from elsewhere).
    """

    model_config = ConfigDict(extra="forbid")

    referral_id: ReferralId
    source: DiversionSource = DiversionSource.POLICE
    referred_on: date
    force: str | None = Field(default=None, max_length=60)
    trigger: TurnaroundTrigger | None = None
    trigger_on: date | None = None
    offence: OrderOffence | None = None
    has_identified_victim: bool = False


class ConditionIn(BaseModel):
    """One condition of a youth conditional caution, as the panel sets it."""

    model_config = ConfigDict(extra="forbid")

    condition: ShortText
    due_on: date


class ConditionStatus(StrEnum):
    """Where a condition stands."""

    OPEN = "open"
    COMPLIED = "complied"
    NOT_COMPLIED = "not_complied"


class Condition(ConditionIn):
    """A youth conditional caution's condition on the pathway, with its id and how it went."""

    condition_id: ConditionId
    status: ConditionStatus = ConditionStatus.OPEN
    recorded_on: date | None = None
    reason: str | None = None  # why it was not complied with
    sent_to_police_on: date | None = None


class TurnaroundLocalFacts(BaseModel):
    """The facts Turnaround's local exclusions read, as the panel knows them (None: unknown)."""

    model_config = ConfigDict(extra="forbid")

    previous_statutory_order: bool | None = None
    looked_after: bool | None = None
    child_protection_plan: bool | None = None


class PanelDecision(BaseModel):
    """The joint decision panel's decision, kept on the pathway."""

    outcome: PanelOutcome
    decided_on: date
    police_attendee: str | None
    yjs_attendee: str
    rationale: str
    recorded_by: str


class DiversionPlan(BaseModel):
    """The plan agreed with the child, with the section the child writes in their own words."""

    agreed_on: date
    plan_summary: str
    goals: list[str]
    child_own_words: str


class ExitPlan(BaseModel):
    """How the work ends: what was achieved and the support that carries on."""

    agreed_on: date
    summary: str
    support_after: str
    child_own_words: str | None = None


class DiversionState(BaseModel):
    """The diversion part of a pathway's state (`PathwayState.diversion`)."""

    details: DiversionDetails
    decision: PanelDecision | None = None
    conditions: list[Condition] = Field(default_factory=list, max_length=MAX_CONDITIONS)
    plan: DiversionPlan | None = None
    exit_plan: ExitPlan | None = None
    # Turnaround's rules, as last asked before a Turnaround decision (each criterion, why).
    turnaround: ProgrammeDecision | None = None


class TurnaroundAsk(BaseModel):
    """What the workflow asks Turnaround's rules.

    The activity adds the date of birth and any earlier Turnaround decision for the child,
    which never travel through Temporal.
    """

    child_id: str
    pathway_id: str
    details: DiversionDetails
    local: TurnaroundLocalFacts = TurnaroundLocalFacts()
    on: date


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    completed_on: date
    notes: LongText | None = None


_PANEL_EXAMPLE: dict[str, JsonValue] = {
    "completed_on": "2026-04-14",
    "outcome": "youth_conditional_caution",
    "police_attendee": "PS 1234, Youth diversion officer",
    "yjs_attendee": "Youth justice practitioner",
    "rationale": "First offence, admitted; the child and parent engaged at the panel.",
    "conditions": [
        {"condition": "Attend 6 sessions on the impact of the offence", "due_on": "2026-06-30"},
        {"condition": "Write a letter of apology to the shop", "due_on": "2026-05-15"},
    ],
    "bias_reflection": {
        "aspects_considered": ["race", "age"],
        "note": "Checked that the decision matched what we decided for similar cases.",
        "colleague_consulted": True,
        "colleague_role": "supervisor",
    },
}


class JointDecisionPanelBody(_Body):
    """The joint decision panel: the police and the youth justice service decide together.

    `conditions` go with a youth conditional caution (at least one) and with nothing else;
    `turnaround` (the local exclusion facts the panel knows) with Turnaround, whose rules are
    asked before the decision is kept. A decision to charge or to take no further action closes
    the pathway.
    """

    model_config = ConfigDict(json_schema_extra={"examples": [_PANEL_EXAMPLE]})

    step: Literal["joint_decision_panel"] = "joint_decision_panel"
    outcome: PanelOutcome
    # Needed for a police referral, where the police decide with the service; a prevention
    # referral from a school or a family is decided by the service alone.
    police_attendee: ShortText | None = None
    yjs_attendee: ShortText
    rationale: LongText
    conditions: list[ConditionIn] = Field(default_factory=list, max_length=MAX_CONDITIONS)
    turnaround: TurnaroundLocalFacts | None = None
    bias_reflection: BiasReflection | None = None  # a decision stage: required by default

    @model_validator(mode="after")
    def _conditions_with_a_conditional_caution(self) -> Self:
        conditional = self.outcome == PanelOutcome.YOUTH_CONDITIONAL_CAUTION
        if conditional and not self.conditions:
            raise ValueError("conditions: a youth conditional caution needs its conditions")
        if not conditional and self.conditions:
            raise ValueError("conditions: only a youth conditional caution has conditions")
        if self.turnaround is not None and self.outcome != PanelOutcome.TURNAROUND:
            raise ValueError("turnaround: give Turnaround's facts only with a Turnaround outcome")
        for c in self.conditions:
            if c.due_on < self.completed_on:
                raise ValueError(
                    f"conditions: {c.condition!r} is due on {c.due_on}, before the panel"
                )
        return self


class DiversionPlanBody(_Body):
    """The plan, with a section the child writes in their own words."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "completed_on": "2026-05-06",
                    "plan_summary": "Weekly sessions on choices and consequences; a mentor.",
                    "goals": ["Stay in school", "Join the boxing club"],
                    "child_own_words": "I want to stay out of trouble and get my GCSEs.",
                }
            ]
        }
    )

    step: Literal["diversion_plan"] = "diversion_plan"
    plan_summary: LongText
    goals: list[ShortText] = Field(min_length=1, max_length=10)
    child_own_words: LongText


class ConditionOutcomeBody(_Body):
    """How a youth conditional caution's condition went; not complied with needs a reason."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"completed_on": "2026-05-15", "condition_id": "c2", "complied": True},
                {
                    "completed_on": "2026-07-01",
                    "condition_id": "c1",
                    "complied": False,
                    "reason": "Attended 2 of 6 sessions; no reasonable excuse given.",
                },
            ]
        }
    )

    step: Literal["condition_outcome"] = "condition_outcome"
    condition_id: ConditionId
    complied: bool
    reason: LongText | None = None

    @model_validator(mode="after")
    def _reason_when_not_complied(self) -> Self:
        if not self.complied and self.reason is None:
            raise ValueError("reason: say why the condition was not complied with")
        return self


class NoncomplianceToPoliceBody(_Body):
    """A condition not complied with, sent back to the police (who decide whether to charge)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"completed_on": "2026-07-02", "condition_id": "c1", "police_contact": "PS 1234"}
            ]
        }
    )

    step: Literal["noncompliance_to_police"] = "noncompliance_to_police"
    condition_id: ConditionId
    police_contact: ShortText


class ExitPlanBody(_Body):
    """The exit plan: what was achieved and the support that carries on after closure."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "completed_on": "2026-10-01",
                    "summary": "Completed the sessions; back in full-time school.",
                    "support_after": "Boxing club mentor; school's pastoral lead.",
                    "child_own_words": "I liked the mentor. I know who to call.",
                }
            ]
        }
    )

    step: Literal["exit_plan"] = "exit_plan"
    summary: LongText
    support_after: LongText
    child_own_words: LongText | None = None
