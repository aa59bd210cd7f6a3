"""Victims one by one, as the Code of Practice for Victims of Crime (2020) has them.

Any number of victims per order, each with its own track and clock (`VictimTrack` in
`contracts.pathway`, the rules in `workflows.victim_tracks`). A victim is a person, or an
organisation or community harmed (Victims' Code 2020, "Who is a victim": businesses have their
own entitlements), known to Pathway only by an opaque id (`v1`, `v2`, ...) and the police's
reference: never a name or contact details of a person. Only an organisation or community
victim may carry its name (a business's or community's name is no personal data).

These are the shapes every layer shares; kept apart from `contracts.steps`, which imports the
bodies for its union, so neither imports the other's module-level names in a cycle.
"""

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from contracts.referrals import BiasReflection

MAX_VICTIMS = 30
"""At most this many victims per order: more than any order has; keeps the state bounded."""
MAX_PROGRESS_UPDATES = 24
"""Per victim: two a month over a year's order; with 500 characters each, a victim's updates
stay within 12 kB of the state (Temporal's payloads are limited to 2 MB)."""

VictimId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=3, pattern=r"^v[1-9][0-9]?$"),
    Field(description="the victim's opaque id on this pathway: v1, v2, ...", examples=["v2"]),
]
PoliceReference = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=40, pattern=r"^[A-Za-z0-9/-]+$"
    ),
    Field(
        description="the police's reference for this victim (letters, digits, / and -): "
        "never a name",
        examples=["01YE/2026/4711-V2"],
    ),
]
OrganisationName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
    Field(
        description="an organisation's or community's name (never a person's)",
        examples=["Bromley Corner Shop Ltd"],
    ),
]
_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
_Long = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class VictimKind(StrEnum):
    """Who was harmed: a person, or an organisation or community (no personal details)."""

    PERSON = "person"
    ORGANISATION = "organisation"
    COMMUNITY = "community"


class RiskLevel(StrEnum):
    """The outcome of the risk assessment done before any direct restorative meeting."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Suitability(BaseModel):
    """The restorative suitability decision: whether a direct meeting may be offered, and why.

    Victims' Code 2020, Right 7 (restorative justice: a trained facilitator decides whether a
    restorative process is safe and appropriate); the YJB's "Work with victims and
    restorative justice: youth offending teams" (the service records the reasons for its
    decision on a victim's involvement).
    """

    decided_on: date
    suitable: bool
    reason: str = Field(max_length=1000)
    risk: RiskLevel


class ProgressUpdate(BaseModel):
    """An update given to a participating victim about the case (Victims' Code 2020, Right 6)."""

    on: date
    told: str = Field(max_length=500)


class _Body(BaseModel):
    # The same shape as every step body (`contracts.steps._Body`), kept here so the steps'
    # union can import these without a cycle.
    model_config = ConfigDict(extra="forbid")

    completed_on: date
    notes: _Long | None = None


class VictimSuitabilityBody(_Body):
    """The restorative suitability decision and the risk assessment behind it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "completed_on": "2026-12-01",
                    "victim_id": "v1",
                    "suitable": True,
                    "reason": "Victim wants to meet; the child is ready and has accepted harm.",
                    "risk": "low",
                }
            ]
        },
    )

    step: Literal["victim_suitability"] = "victim_suitability"
    victim_id: VictimId | None = None
    suitable: bool
    reason: _Text
    risk: RiskLevel = Field(description="the outcome of the risk assessment")
    # A decision stage (`workflows.reflections`): required unless the service says not.
    bias_reflection: BiasReflection | None = None


class VictimProgressUpdateBody(_Body):
    """A participating victim was told how the case is going."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "completed_on": "2026-12-01",
                    "victim_id": "v1",
                    "told": "The child has written the letter of explanation; it is being checked.",
                }
            ]
        },
    )

    step: Literal["victim_progress_update"] = "victim_progress_update"
    victim_id: VictimId | None = None
    told: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)] = (
        Field(description="what the victim was told, in short (details in the victim's records)")
    )


class VictimToldWorkEndedBody(_Body):
    """The victim was told that the restorative work has ended."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"completed_on": "2026-12-01", "victim_id": "v1"}]},
    )

    step: Literal["victim_told_work_ended"] = "victim_told_work_ended"
    victim_id: VictimId | None = None


class VictimContactSchemeReferralBody(_Body):
    """The victims were referred to the Probation Service's Victim Contact Scheme."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"completed_on": "2026-12-01"}]},
    )

    step: Literal["victim_contact_scheme_referral"] = "victim_contact_scheme_referral"
