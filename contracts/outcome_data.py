"""Outcome data at source (issue 21, point 1): what the YJB's key performance indicators need.

At the start and at the end of every court order (and diversion intervention) the case manager
records, as the `outcome_data` step, the child's circumstances the KPIs compare start against
end (Youth Justice Board and Ministry of Justice, "Key performance indicators for youth justice
services", gov.uk guidance, from 1 April 2023; ADR 0140 gives each KPI's definition):

- KPI 1, accommodation: where the child lives and whether it is suitable;
- KPI 2, education, training and employment (ETE): what the child is in, the hours a week
  offered and attended, and whether it is suitable;
- KPI 3, special educational needs or disability (SEND) / additional learning needs (ALN in
  Wales): an identified need, and whether a formal plan is in place (an education, health and
  care plan in England; an individual development plan in Wales);
- KPI 4, mental health and emotional wellbeing: a screened or identified need, an intervention
  planned or offered, and attended;
- KPI 5, substance misuse: the same three;
- KPI 8, wider services: whether the child is looked after, on a child protection plan, a
  child in need, or receiving early help.

Every field must be answered: the gov.uk guidance the service could read gives no "unknown"
category for any of them (ADR 0139), so a case manager who cannot answer records nothing and a
supervisor closes the order with a reason instead. Answers that contradict each other (hours
attended above hours offered, a plan without a need, an intervention attended but not offered)
are refused with a 422 naming the field. No free text beyond the step's notes: the answers are
counts and choices, kept in the read model for the reports.

Kept apart from `contracts.steps`, which imports the body for its union, as `contracts.victims`.
"""

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    model_validator,
)

_Long = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]

MAX_ETE_HOURS = 40
"""Hours of ETE a week, offered or attended: a full week of school, college, training or work."""


class OutcomePoint(StrEnum):
    """When the data was recorded: at the start of the order or intervention, or at its end."""

    START = "start"
    END = "end"


class Accommodation(StrEnum):
    """Where the child lives (the kinds the YJB's accommodation measure distinguishes)."""

    FAMILY_HOME = "family_home"  # parents, carers or relatives
    FOSTER_CARE = "foster_care"
    RESIDENTIAL_CARE = "residential_care"  # a children's home
    SUPPORTED_ACCOMMODATION = "supported_accommodation"
    INDEPENDENT = "independent"  # living independently
    SECURE_ESTATE = "secure_estate"  # custody, or a secure children's home
    TEMPORARY = "temporary"  # bed and breakfast, sofa-surfing, a hostel
    NO_FIXED_ABODE = "no_fixed_abode"
    OTHER = "other"


class Ete(StrEnum):
    """What education, training or employment the child is in."""

    SCHOOL = "school"  # mainstream school, full or part time
    ALTERNATIVE_PROVISION = "alternative_provision"  # a pupil referral unit, tuition
    COLLEGE = "college"  # further education
    TRAINING = "training"  # apprenticeship, traineeship, other training
    EMPLOYMENT = "employment"
    ELECTIVE_HOME_EDUCATION = "elective_home_education"
    NONE = "none"  # not in any ETE


class OutcomeData(BaseModel):
    """The answers the KPIs read; recorded the same way at the start and at the end."""

    accommodation: Accommodation
    accommodation_suitable: bool
    ete: Ete
    ete_hours_offered: int = Field(ge=0, le=MAX_ETE_HOURS, description="hours a week offered")
    ete_hours_attended: int = Field(ge=0, le=MAX_ETE_HOURS, description="hours a week attended")
    ete_suitable: bool
    send_identified: bool = Field(description="an identified SEND (ALN in Wales) need")
    send_formal_plan: bool = Field(description="an EHCP (England) or IDP (Wales) in place")
    mental_health_need: bool = Field(description="a screened or identified need")
    mental_health_offered: bool = Field(description="an intervention planned or offered")
    mental_health_attended: bool = Field(description="the child attended the intervention")
    substance_use_need: bool = Field(description="a screened or identified need")
    substance_use_offered: bool = Field(description="an intervention or treatment offered")
    substance_use_attended: bool = Field(description="the child attended it")
    looked_after: bool = Field(description="a looked-after child (Children Act 1989 s. 22)")
    child_protection_plan: bool
    child_in_need: bool = Field(description="a child in need (Children Act 1989 s. 17)")
    early_help: bool = Field(description="receiving early help from the local authority")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.ete_hours_attended > self.ete_hours_offered:
            raise ValueError(
                f"ete_hours_attended: {self.ete_hours_attended} hours attended is more than "
                f"the {self.ete_hours_offered} offered"
            )
        if self.ete == Ete.NONE and (self.ete_hours_offered or self.ete_suitable):
            raise ValueError(
                "ete: a child in no education, training or employment has no hours offered "
                "and no suitable ETE"
            )
        if self.send_formal_plan and not self.send_identified:
            raise ValueError("send_formal_plan: a formal plan needs an identified SEND/ALN need")
        for area in ("mental_health", "substance_use"):
            need, offered, attended = (
                getattr(self, f"{area}_{part}") for part in ("need", "offered", "attended")
            )
            if offered and not need:
                raise ValueError(f"{area}_offered: an intervention is offered for a need")
            if attended and not offered:
                raise ValueError(f"{area}_attended: attended, but no intervention was offered")
        return self


_EXAMPLE: dict[str, JsonValue] = {
    "completed_on": "2026-12-01",
    "point": "start",
    "accommodation": "family_home",
    "accommodation_suitable": True,
    "ete": "school",
    "ete_hours_offered": 25,
    "ete_hours_attended": 18,
    "ete_suitable": True,
    "send_identified": True,
    "send_formal_plan": False,
    "mental_health_need": True,
    "mental_health_offered": True,
    "mental_health_attended": False,
    "substance_use_need": False,
    "substance_use_offered": False,
    "substance_use_attended": False,
    "looked_after": False,
    "child_protection_plan": False,
    "child_in_need": True,
    "early_help": False,
}


class OutcomeDataBody(OutcomeData):
    """Outcome data for the YJB's KPIs, at the start or at the end of the order."""

    # The same shape as every step body (`contracts.steps._Body`), declared here without a
    # cycle (`contracts.steps` imports this module for its union).
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EXAMPLE]})

    step: Literal["outcome_data"] = "outcome_data"
    completed_on: date
    notes: _Long | None = None
    point: OutcomePoint


class OutcomeRecord(OutcomeData):
    """Outcome data as the pathway keeps it: the answers, when and by whom."""

    point: OutcomePoint
    on: date
    by: str

    def answers(self) -> dict[str, object]:
        """The answers alone, as the read model stores them."""
        return self.model_dump(mode="json", include=set(OutcomeData.model_fields))


class OutcomeDataWaiver(BaseModel):
    """An order closed without its outcome data: which supervisor allowed it, when and why."""

    reason: str
    by: str
    on: date
    missing: list[OutcomePoint]
