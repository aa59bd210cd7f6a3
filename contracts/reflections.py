"""Bias reflections read back: the stage each reflection was made at, and supervision of them.

The service's model asks practitioners to "identify the potential bias at each stage" and to
check with colleagues (DESIGN.md, "The practice model": the Social GRACES, Burnham 2012).
A reflection is kept on the pathway where the decision was made (`BiasReflectionRecord`, its
`decision` naming the stage and what was decided, e.g. `override:fft`); here it is read back by
stage, and a sample of decisions is offered to the case manager's supervisor to discuss.
"""

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class ReflectionStage(StrEnum):
    """The decision stages a reflection is made at (issue 19, point 1)."""

    ALLOCATION = "allocation"
    CASE_FORMULATION = "case_formulation"
    PANEL_CONTRACT = "panel_contract"
    PROGRAMME_REFERRAL = "programme_referral"
    NO_REFERRAL = "no_referral"
    OVERRIDE = "override"
    COMPLIANCE_WARNING = "compliance_warning"
    BREACH_ACTION = "breach_action"
    TRANSFER = "transfer"
    CLOSURE = "closure"
    RESTORATIVE_SUITABILITY = "restorative_suitability"
    # The joint decision panel's decision to divert (and how) or to charge (issue 20).
    DIVERSION_DECISION = "diversion_decision"
    OTHER = "other"


# The first part of a reflection's `decision` (before the colon) names its stage; older
# pathways wrote `referral:` for a referral made within the rules.
_PREFIXES = {
    "referral": ReflectionStage.PROGRAMME_REFERRAL,
    "programme_referral": ReflectionStage.PROGRAMME_REFERRAL,
    "panel": ReflectionStage.PANEL_CONTRACT,
    "initial_panel": ReflectionStage.PANEL_CONTRACT,
    "warning": ReflectionStage.COMPLIANCE_WARNING,
    "warning_given": ReflectionStage.COMPLIANCE_WARNING,
    "transfer_requested": ReflectionStage.TRANSFER,
    "transfer_accepted": ReflectionStage.TRANSFER,
    "transfer_refused": ReflectionStage.TRANSFER,
    "suitability": ReflectionStage.RESTORATIVE_SUITABILITY,
}


Need = Literal["required", "optional"]


class ReflectionPolicy(BaseModel):
    """Whether each decision stage needs a bias reflection to be recorded; configuration.

    Every stage the model names needs one by default (`PATHWAY_REFLECTIONS__<STAGE>=optional`
    makes one optional), except allocation: a supervisor allocates from the dashboard, often
    many at once, and may add a reflection there on the case page; a service that wants one at
    every allocation sets `PATHWAY_REFLECTIONS__ALLOCATION=required`. Closure and breach action
    always needed one and still do (their bodies require it).
    """

    model_config = ConfigDict(frozen=True)

    allocation: Need = "optional"
    case_formulation: Need = "required"
    panel_contract: Need = "required"
    programme_referral: Need = "required"
    no_referral: Need = "required"
    override: Need = "required"
    compliance_warning: Need = "required"
    breach_action: Need = "required"
    transfer: Need = "required"
    closure: Need = "required"
    restorative_suitability: Need = "required"
    diversion_decision: Need = "required"

    def required(self, stage: ReflectionStage) -> bool:
        """Whether a decision at `stage` needs a reflection."""
        return getattr(self, stage.value, "optional") == "required"


def stage_of(decision: str) -> ReflectionStage:
    """The stage a reflection's `decision` was made at (`other` for one not known here)."""
    prefix = decision.split(":", 1)[0]
    if prefix in _PREFIXES:
        return _PREFIXES[prefix]
    try:
        return ReflectionStage(prefix)
    except ValueError:
        return ReflectionStage.OTHER


class DiscussionOutcome(StrEnum):
    """What the supervisor and case manager concluded about a decision and its reflection."""

    DECISION_STANDS = "decision_stands"
    RECONSIDER = "reconsider"
    LEARNING_FOR_THE_TEAM = "learning_for_the_team"


class QueuedDecision(BaseModel):
    """A decision offered to the case manager's supervisor to discuss, with its reflection."""

    pathway_id: str
    seq: int = Field(description="the reflection's number on the pathway")
    stage: ReflectionStage
    decision: str
    on: date
    by: str
    team: str | None
    aspects_considered: list[str]
    colleague_consulted: bool
    why_offered: str = Field(description="every override; otherwise one decision in N")
    discussed_on: date | None = None
    discussed_by: str | None = None
    outcome: DiscussionOutcome | None = None


class Discussion(BaseModel):
    """A supervisor's discussion of a decision and its reflection with the case manager."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "discussed_on": "2026-12-01",
                    "outcome": "decision_stands",
                    "note": "Talked through culture and class; the override holds.",
                }
            ]
        },
    )

    discussed_on: date
    outcome: DiscussionOutcome
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] | None = None
