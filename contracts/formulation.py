"""Case formulation (issue 18): the agencies, the versions, the tracked agreed actions.

Why the formulation is the keystone: the Youth Justice Board's "Child First" case management
guidance (YJB, Case management guidance, 2022, "Planning" and "Assessment") makes a shared,
multi-agency understanding of the child (the formulation) the basis of the plan, revisited
when the child's circumstances change; the Standards for children in the youth justice system
2019 (YJB and MoJ, standard 2 "work in courts" to standard 4 "in the community") ask that
plans be agreed with the child and family (voice, choice and co-production) and with the
other agencies who hold part of the work. Working Together to Safeguard Children 2023 (HM
Government, ch. 2-3) names the statutory partners: police, local authority children's social
care, education, health. Which agencies a service counts is configuration
(`Settings.formulation_agencies`), so a service names its own.

The step's body stays `contracts.steps.CaseFormulationBody` (recorded histories hold its
older shape); this module holds the parts new in issue 18.
"""

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

AgencyId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=40, pattern=r"^[a-z][a-z0-9_]{0,39}$"),
]
ActionId = Annotated[
    str, StringConstraints(max_length=20, pattern=r"^action-v[0-9]{1,3}-[0-9]{1,2}$")
]
YJS = "yjs"
"""The youth justice service's own id: present at every meeting, never counted as another."""
MIN_OTHER_AGENCIES = 2
"""At least two agencies besides the youth justice service, or a recorded reason why not."""
MAX_AGENCIES = 30


class Agency(BaseModel):
    """An agency a formulation meeting may name: a stable id and the words pages show."""

    model_config = ConfigDict(frozen=True)

    id: AgencyId
    label: Annotated[str, StringConstraints(min_length=1, max_length=100)]


DEFAULT_AGENCIES: tuple[Agency, ...] = (
    Agency(id=YJS, label="Youth justice service"),
    Agency(id="police", label="Police"),
    Agency(id="childrens_social_care", label="Children's social care"),
    Agency(id="education", label="Education (school or college)"),
    Agency(id="health", label="Health"),
    Agency(id="camhs", label="Child and adolescent mental health services (CAMHS)"),
    Agency(id="speech_language", label="Speech and language therapy"),
    Agency(id="substance_misuse", label="Substance misuse service"),
    Agency(id="housing", label="Housing"),
    Agency(id="probation", label="Probation"),
    Agency(id="voluntary_sector", label="Voluntary or community organisation"),
)


def agency_label(agencies: tuple[Agency, ...] | list[Agency], agency_id: str) -> str:
    """The words for an agency id (the id itself if the configuration no longer lists it)."""
    return next((a.label for a in agencies if a.id == agency_id), agency_id.replace("_", " "))


FormulationTrigger = Literal["first", "review", "breach", "new_order", "order_change"]
"""Why a version was made: the first, or the event since the last that allows a revision."""


class FormulationWaiver(BaseModel):
    """A pathway closed without a formulation: which supervisor allowed it, when and why."""

    reason: str
    by: str
    on: date
