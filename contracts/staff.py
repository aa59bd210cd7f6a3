"""Staff and their clinical supervision: who case-manages in a team, and when each was supervised.

The service's model gives every case manager monthly one-to-one clinical supervision (DESIGN.md,
"The practice model"; the YJB's "Standards for children in the youth justice system 2019",
standard 5, expects a workforce that is supported and supervised). A supervision is recorded
with its date and themes only: no case content is needed, and none is kept.
"""

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

UserName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[\w.@' -]+$"),
]
TeamName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class SupervisionTheme(StrEnum):
    """What a clinical supervision session covered (themes, never case content)."""

    WELLBEING = "wellbeing"
    VICARIOUS_TRAUMA = "vicarious_trauma"
    CASELOAD = "caseload"
    PRACTICE_MODEL = "practice_model"
    REFLECTIVE_PRACTICE = "reflective_practice"
    BIAS_AND_DIFFERENCE = "bias_and_difference"
    LEARNING_AND_DEVELOPMENT = "learning_and_development"


class SupervisionStatus(StrEnum):
    """Where a member of staff's next supervision stands."""

    ON_TRACK = "on_track"  # not due yet
    DUE = "due"  # due within the next 5 working days
    OVERDUE = "overdue"
    ESCALATED = "escalated"  # overdue past the escalation point: the team's supervisors told
    LEFT = "left"  # has left the team: nothing due


class StaffJoining(BaseModel):
    """A case manager joining a team (a supervisor adds them to their own team)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"user": "casey.caseworker", "team": "bromley", "joined_on": "2026-09-01"}]
        },
    )

    user: UserName
    team: TeamName
    joined_on: date


class StaffLeaving(BaseModel):
    """A case manager leaving the team."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"left_on": "2026-11-30"}]}
    )

    left_on: date


class SupervisionRecord(BaseModel):
    """A one-to-one clinical supervision session, recorded by the supervisor who held it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"supervised_on": "2026-12-01", "themes": ["wellbeing", "caseload"]}]
        },
    )

    supervised_on: date
    themes: list[SupervisionTheme] = Field(min_length=1, max_length=len(SupervisionTheme))


class SupervisionView(BaseModel):
    """One recorded supervision."""

    supervised_on: date
    themes: list[SupervisionTheme]
    recorded_by: str


class StaffView(BaseModel):
    """A member of staff with their clinical supervision as it stands today."""

    user: str
    team: str
    joined_on: date
    left_on: date | None
    last_supervised_on: date | None
    due_on: date | None = Field(description="the next supervision's due date (none after leaving)")
    escalate_on: date | None
    status: SupervisionStatus


class StaffSweepInput(BaseModel):
    """The daily supervision sweep's input: nothing configurable (the worker's settings are)."""


class StaffSweepRequest(BaseModel):
    """Escalate supervisions overdue past their escalation point as of `today`."""

    today: date


class StaffSweepResult(BaseModel):
    """The supervisions escalated by one sweep (user names; a repeat escalates none)."""

    escalated: list[str] = Field(default_factory=list)
