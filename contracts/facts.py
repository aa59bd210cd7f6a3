"""Assessment facts: what the eligibility rules read. Every fact is optional; None is unknown."""

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from contracts.offences import OffenceGroup


class Placement(StrEnum):
    """Where the child lives."""

    HOME = "home"
    KINSHIP = "kinship"
    FOSTER = "foster"
    RESIDENTIAL = "residential"
    SECURE = "secure"
    CUSTODY = "custody"
    INPATIENT = "inpatient"
    INDEPENDENT = "independent"


class DvRiskLevel(StrEnum):
    """Domestic abuse risk level from a DASH risk check."""

    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"


class AssessmentFacts(BaseModel):
    """The assessment facts the eligibility rules read; a fact not recorded is unknown (None)."""

    model_config = ConfigDict(extra="forbid")

    lives_with_caregiver: bool | None = None
    caregiver_willing_to_engage: bool | None = None
    placement: Placement | None = None
    expected_return_home_weeks: int | None = Field(default=None, ge=0, le=520)
    acute_psychiatric_illness: bool | None = None
    sex_offending_only: bool | None = None
    child_to_parent_violence: bool | None = None
    parent_commits_to_programme: bool | None = None
    parent_capacity_concern: bool | None = None
    dv_exposure: bool | None = None
    perpetrator_in_household: bool | None = None
    dv_risk_level: DvRiskLevel | None = None
    mother_will_attend: bool | None = None
    family_in_crisis: bool | None = None
    needs_other_therapy_first: bool | None = None
    # Issue 19 (ADR 0122), read by the violence reduction group work programme: the Youth
    # Justice Statistics group of the index offence (the most serious offence of the current
    # order), and whether an assessment found a risk of involvement in serious violence.
    index_offence_group: OffenceGroup | None = None
    serious_violence_risk: bool | None = None


class EligibilityRequest(BaseModel):
    """One evaluation: the child's date of birth, the facts, and the evaluation date."""

    model_config = ConfigDict(extra="forbid")

    date_of_birth: date
    facts: AssessmentFacts = AssessmentFacts()
    on: date
