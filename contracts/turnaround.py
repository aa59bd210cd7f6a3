"""Turnaround eligibility: the facts a referral to the prevention programme is decided on.

Turnaround is the Ministry of Justice's early intervention programme for children on the cusp
of the youth justice system, run by youth justice services and administered by the Youth
Justice Board (GOV.UK, "Turnaround Programme", Ministry of Justice, 2022, updated 2023-2025).
It belongs to the diversion pathway, not the court pathway, so its decision is not one of the
court pathway's `EligibilityDecisions` (ADR 0128): it has its own request and entry point
(`rules.evaluate_turnaround`).

Every fact is optional: None is unknown, never "no", and an unknown fact makes the decision
ask for it. The one three-way fact is the previous referral: a date (the child was referred
before), `NO_PREVIOUS_REFERRAL` (checked: never referred), or None (not yet checked).
"""

from datetime import date
from enum import StrEnum
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, model_validator


class PreventionProgramme(StrEnum):
    """Prevention programmes whose eligibility the rules decide outside the court pathway."""

    TURNAROUND = "turnaround"


class TurnaroundTrigger(StrEnum):
    """What brought the child to notice: the programme's triggers, and two that are not.

    The first nine are the programme's list (GOV.UK "Turnaround Programme", Eligibility); a
    youth conditional caution and anything else (a charge, a court order) are recorded so a
    caseworker can say what happened, and are not triggers.
    """

    ASB_WARNING_OR_CIVIL_ORDER = "asb_warning_or_civil_order"
    INTERVIEW_UNDER_CAUTION = "interview_under_caution"
    NO_FURTHER_ACTION = "no_further_action"
    COMMUNITY_RESOLUTION = "community_resolution"
    FIRST_YOUTH_CAUTION = "first_youth_caution"
    RELEASED_UNDER_INVESTIGATION_OR_PRE_CHARGE_BAIL = (
        "released_under_investigation_or_pre_charge_bail"
    )
    COURT_DISCHARGE = "court_discharge"
    COURT_ACQUITTAL = "court_acquittal"
    COURT_FINE = "court_fine"
    YOUTH_CONDITIONAL_CAUTION = "youth_conditional_caution"
    OTHER = "other"


TURNAROUND_TRIGGERS: tuple[TurnaroundTrigger, ...] = tuple(
    t
    for t in TurnaroundTrigger
    if t not in (TurnaroundTrigger.YOUTH_CONDITIONAL_CAUTION, TurnaroundTrigger.OTHER)
)
"""The programme's triggers: any one of them is a way in."""

NO_PREVIOUS_REFERRAL = "none"
"""`previous_turnaround_referral_on` when it was checked and the child was never referred."""


class TurnaroundFacts(BaseModel):
    """What Turnaround's rules read; a fact not recorded is unknown (None).

    There is deliberately no fact about admitting the offence: the programme needs no
    admission of guilt.
    """

    model_config = ConfigDict(extra="forbid")

    trigger: TurnaroundTrigger | None = None
    trigger_date: date | None = None
    referred_on: date | None = None
    previous_turnaround_referral_on: date | Literal["none"] | None = None
    # A service's local exclusions (each applies only where the service switches it on).
    previous_statutory_order: bool | None = None
    looked_after: bool | None = None
    child_protection_plan: bool | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        """Refuse dates no referral can have, naming the field to correct."""
        if self.trigger_date and self.referred_on and self.referred_on < self.trigger_date:
            raise ValueError(
                f"referred_on {self.referred_on.isoformat()} is before the trigger_date "
                f"{self.trigger_date.isoformat()}: a child is referred after what brought them "
                "to notice"
            )
        previous = self.previous_turnaround_referral_on
        if isinstance(previous, date) and self.referred_on and previous > self.referred_on:
            raise ValueError(
                f"previous_turnaround_referral_on {previous.isoformat()} is after referred_on "
                f"{self.referred_on.isoformat()}: a previous referral comes before this one"
            )
        return self


class TurnaroundRequest(BaseModel):
    """One Turnaround evaluation: the child's date of birth, the facts, the evaluation date.

    The age the programme reads is the child's age on the trigger date, so the date of birth
    must not be after it.
    """

    model_config = ConfigDict(extra="forbid")

    date_of_birth: date
    facts: TurnaroundFacts = TurnaroundFacts()
    on: date

    @model_validator(mode="after")
    def _born_before_the_trigger(self) -> Self:
        """Refuse a trigger before the child was born, naming both fields."""
        trigger_date = self.facts.trigger_date
        if trigger_date is not None and trigger_date < self.date_of_birth:
            raise ValueError(
                f"facts.trigger_date {trigger_date.isoformat()} is before the date_of_birth "
                f"{self.date_of_birth.isoformat()}"
            )
        return self
