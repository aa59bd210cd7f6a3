"""Referrals into FFT, NVR and DV groups, overrides of the rules, and bias reflections."""

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from contracts.common import Programme
from contracts.facts import AssessmentFacts
from contracts.programmes import ParticipantRole, ProgrammeSession


class ReferralStatus(StrEnum):
    """Where a referral to a programme stands, from proposed to completed or ended."""

    PROPOSED = "proposed"
    REFERRED = "referred"
    ACCEPTED = "accepted"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    STARTED = "started"
    COMPLETED = "completed"
    DISENGAGED = "disengaged"


# The moves a referral may make; a new referral starts as proposed or referred.
TRANSITIONS: dict[ReferralStatus | None, frozenset[ReferralStatus]] = {
    None: frozenset({ReferralStatus.PROPOSED, ReferralStatus.REFERRED}),
    ReferralStatus.PROPOSED: frozenset({ReferralStatus.REFERRED}),
    ReferralStatus.REFERRED: frozenset(
        {ReferralStatus.ACCEPTED, ReferralStatus.WAITLISTED, ReferralStatus.DECLINED}
    ),
    ReferralStatus.WAITLISTED: frozenset({ReferralStatus.ACCEPTED, ReferralStatus.DECLINED}),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.STARTED, ReferralStatus.DISENGAGED}),
    ReferralStatus.STARTED: frozenset({ReferralStatus.COMPLETED, ReferralStatus.DISENGAGED}),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.COMPLETED: frozenset(),
    ReferralStatus.DISENGAGED: frozenset(),
}


class GracesAspect(StrEnum):
    """The Social GRACES: aspects of identity where bias can creep into a decision."""

    GENDER = "gender"
    RACE = "race"
    RELIGION = "religion"
    AGE = "age"
    ABILITY = "ability"
    APPEARANCE = "appearance"
    CLASS = "class"
    CASTE = "caste"
    COLOUR = "colour"
    CULTURE = "culture"
    SEXUALITY = "sexuality"
    SPIRITUALITY = "spirituality"
    SEXUAL_ORIENTATION = "sexual_orientation"


class ColleagueRole(StrEnum):
    """Who a decision was checked with, by role (never a name)."""

    SUPERVISOR = "supervisor"
    CASE_MANAGER = "case_manager"
    PRACTICE_LEAD = "practice_lead"
    PSYCHOLOGIST = "psychologist"
    HEALTH_PRACTITIONER = "health_practitioner"
    OTHER = "other"


class BiasReflection(BaseModel):
    """A short reflection at a decision point: which aspects were considered, who was asked.

    `colleague_role` says who, by role, when a colleague was consulted; pathways started since
    reflections were taken at every stage require it then (`workflows.reflections`).
    """

    model_config = ConfigDict(extra="forbid")

    aspects_considered: list[GracesAspect] = Field(min_length=1, max_length=13)
    colleague_consulted: bool
    colleague_role: ColleagueRole | None = None
    note: str | None = Field(default=None, max_length=2000)


class BiasReflectionRecord(BiasReflection):
    """A reflection as kept on the pathway: where, when and by whom."""

    decision: str
    on: date
    by: str


class ReferralEvent(BaseModel):
    """One move of a referral."""

    status: ReferralStatus
    on: date
    by: str


class Referral(BaseModel):
    """A referral to one programme, with any override of the rules and its history."""

    programme: Programme
    status: ReferralStatus
    eligibility_at_referral: str
    override_reason: str | None = None
    overridden_by: str | None = None
    history: list[ReferralEvent] = Field(default_factory=list)
    # Who takes part, by role, and the sessions (`workflows.programmes`); empty on referrals
    # made before the `programmes-2026-12` patch until they are recorded.
    participants: list[ParticipantRole] = Field(default_factory=list)
    sessions: list[ProgrammeSession] = Field(default_factory=list, max_length=500)


class FactsCommand(BaseModel):
    """New assessment facts (they replace the old ones: a fact left out is unknown).

    As for `StepCommand`, the caller writes the read model from the state the update returns.
    """

    actor_user: str
    facts: AssessmentFacts
    recorded_on: date
    # Deprecated: ignored by the workflow (runs from before its `callers-project-2026-12` patch
    # still read it); kept because recorded histories hold it.
    caller_projects: bool = False


class EvaluateRequest(BaseModel):
    """What the eligibility activity needs: the child (for their age), facts and a date."""

    child_id: str
    facts: AssessmentFacts
    on: date
