"""Programmes as families live them: who takes part, and each session planned, attended or missed.

A referral has participants by role (never a name: Pathway knows a family member only by their
role on the referral) and sessions. The programmes' own designs say who takes part: NVR is
done with the parent or carer (Omer, "Non-Violent Resistance: A New Approach to Violent and
Self-Destructive Children", 2004; the child need not attend), the DV Community Groups Programme
works with the child and their mother in parallel groups (the Community Group Programme for
children and mothers affected by domestic abuse, Loosley et al., 2006), FFT with the family.
"""

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from contracts.common import Programme

_Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
_Long = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class ParticipantRole(StrEnum):
    """Who takes part in a programme, by role."""

    CHILD = "child"
    PARENT_OR_CARER = "parent_or_carer"
    MOTHER = "mother"
    SIBLING = "sibling"


class SessionKind(StrEnum):
    """How a session is held."""

    ONE_TO_ONE = "one_to_one"
    GROUP = "group"
    FAMILY = "family"


class SessionStatus(StrEnum):
    """Where a session stands."""

    PLANNED = "planned"
    ATTENDED = "attended"
    MISSED = "missed"


class ProgrammeSession(BaseModel):
    """One session of a programme."""

    number: int
    kind: SessionKind
    planned_on: date
    status: SessionStatus = SessionStatus.PLANNED
    recorded_on: date | None = None
    acceptable_reason: bool | None = None  # for a missed session
    reason: str | None = None
    compliance_failure: int | None = None  # the failure it was recorded as, if any


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    completed_on: date
    notes: _Long | None = None


class ProgrammeParticipantsBody(_Body):
    """Who takes part in a referral's programme (roles only)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "completed_on": "2026-11-20",
                    "programme": "dv_groups",
                    "participants": ["child", "mother"],
                }
            ]
        }
    )

    step: Literal["programme_participants"] = "programme_participants"
    programme: Programme
    participants: list[ParticipantRole] = Field(min_length=1, max_length=len(ParticipantRole))


class SessionPlannedBody(_Body):
    """A session of a programme planned for a day."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "completed_on": "2026-11-20",
                    "programme": "nvr",
                    "planned_on": "2026-11-27",
                    "kind": "one_to_one",
                }
            ]
        }
    )

    step: Literal["session_planned"] = "session_planned"
    programme: Programme
    planned_on: date
    kind: SessionKind


class SessionOutcomeBody(_Body):
    """A session attended or missed; a missed one with or without an acceptable reason.

    `record_as_failure`: a session missed without an acceptable reason is also a failure to
    comply with the order (`workflows.breach`), for the case manager to decide.
    """

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "completed_on": "2026-11-27",
                    "programme": "nvr",
                    "session": 1,
                    "attended": False,
                    "acceptable_reason": False,
                    "reason": "did not come, no contact",
                    "record_as_failure": True,
                }
            ]
        }
    )

    step: Literal["session_outcome"] = "session_outcome"
    programme: Programme
    session: int = Field(ge=1, le=500)
    attended: bool
    acceptable_reason: bool | None = None
    reason: _Short | None = None
    record_as_failure: bool = False

    @model_validator(mode="after")
    def _missed_says_why(self) -> Self:
        if not self.attended and self.acceptable_reason is None:
            raise ValueError(
                "acceptable_reason: say whether a missed session had an acceptable reason"
            )
        if self.record_as_failure and (self.attended or self.acceptable_reason):
            raise ValueError(
                "record_as_failure: only a session missed without an acceptable reason is a "
                "failure to comply"
            )
        return self
