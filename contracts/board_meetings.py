"""Youth justice management board meetings and the statutory partners who attended (issue 21).

The Crime and Disorder Act 1998, s. 39(5), names who a youth offending team includes: a
probation officer, a local authority social worker (children's social care), a police officer,
a person nominated by the integrated care board (health) and a person nominated by the chief
officer of education (education). The YJB's "Youth justice service governance and leadership"
(2021) asks the management board to bring those partners' senior leaders together; KPI 7 of the
YJB's key performance indicators (April 2023) counts their attendance. Which partners a service
expects at its board is configuration (`Settings.board_partners`); supervisors record each
meeting with the partners that attended.
"""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from contracts.formulation import Agency, AgencyId

MAX_PARTNERS = 30

STATUTORY_PARTNERS: tuple[Agency, ...] = (
    Agency(id="police", label="Police"),
    Agency(id="probation", label="Probation"),
    Agency(id="childrens_social_care", label="Children's social care"),
    Agency(id="education", label="Education"),
    Agency(id="health", label="Health"),
)
"""Crime and Disorder Act 1998, s. 39(5)(a)-(e): the partners a service expects by default."""


class BoardMeetingRecord(BaseModel):
    """A management board meeting held on a day, with the partner agencies that attended."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"met_on": "2026-11-18", "attended": ["police", "education", "health"]}]
        },
    )

    met_on: date
    attended: list[AgencyId] = Field(
        max_length=MAX_PARTNERS,
        description="ids of the service's board partners that attended (none is allowed)",
    )


class BoardMeetingView(BaseModel):
    """A recorded meeting: the partners expected then, those that attended, and who recorded it."""

    id: int
    team: str
    met_on: date
    expected: list[str]
    attended: list[str]
    recorded_by: str
