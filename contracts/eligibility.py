"""Eligibility decisions: per programme a status, each criterion's outcome, and why."""

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from contracts.common import Programme
from contracts.turnaround import PreventionProgramme


class EligibilityStatus(StrEnum):
    """A programme's status, decided in four steps (`rules.decision.status_of`)."""

    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    NEEDS_INFORMATION = "needs_information"


class CriterionOutcome(StrEnum):
    """A criterion judged in three-valued logic."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class CriterionKind(StrEnum):
    """Whether a criterion must hold (inclusion) or must not hold (exclusion)."""

    INCLUSION = "inclusion"
    EXCLUSION = "exclusion"


class CriterionResult(BaseModel):
    """One criterion's outcome and the facts it read (name to value, None when unknown)."""

    id: str
    kind: CriterionKind
    description: str
    outcome: CriterionOutcome
    facts: dict[str, Any]


class Caution(BaseModel):
    """A caution shown with the status; it never changes the status."""

    id: str
    description: str


class ProgrammeDecision(BaseModel):
    """One programme's decision, with the rule set version and date it used."""

    # A prevention programme (Turnaround, ADR 0128) is decided apart from the court pathway's
    # programmes, with the same decision shape.
    programme: Programme | PreventionProgramme
    status: EligibilityStatus
    criteria: list[CriterionResult]
    missing_facts: list[str]
    cautions: list[Caution]
    ruleset_version: str
    evaluated_on: date


class EligibilityDecisions(BaseModel):
    """The programmes' decisions for one child on one date."""

    fft: ProgrammeDecision
    nvr: ProgrammeDecision
    dv_groups: ProgrammeDecision
    # None in decisions made before the programme existed (ADR 0122): states carried across
    # continue-as-new, and activity results in recorded histories, hold only the first three.
    violence_reduction: ProgrammeDecision | None = None

    def by_programme(self) -> dict[Programme, ProgrammeDecision]:
        """Return the decisions keyed by programme id (a programme not yet decided is left out)."""
        decisions = {
            Programme.FFT: self.fft,
            Programme.NVR: self.nvr,
            Programme.DV_GROUPS: self.dv_groups,
        }
        if self.violence_reduction is not None:
            decisions[Programme.VIOLENCE_REDUCTION] = self.violence_reduction
        return decisions
