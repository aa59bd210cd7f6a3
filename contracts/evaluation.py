"""The evaluation extract: one pseudonymised row per child per quarter, for a named purpose.

Issue 21, point 6: an academic evaluation of the service's model needs row-level outcomes
without identities. Each extract records its lawful basis and purpose (UK GDPR, Articles 6 and
9, and the Data Protection Act 2018, s. 19 and Schedule 1, paragraph 4, for research; the
Information Commissioner's Office, "Anonymisation, pseudonymisation and privacy enhancing
technologies guidance": pseudonymised data is still personal data). No names, dates of birth,
pathway ids, referral ids or police and court references leave in it (ADR 0130).
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

MAX_EXTRACT_DAYS = 5 * 366
"""An extract covers at most 5 years."""


class LawfulBasis(StrEnum):
    """The lawful bases an evaluation extract may rest on, as the data protection officer names.

    - `public_task_research`: UK GDPR Art. 6(1)(e) (a task in the public interest) with
      Art. 9(2)(j) and DPA 2018 Sch. 1 para. 4 (archiving, research and statistics);
    - `consent`: Art. 6(1)(a) and 9(2)(a), where each family consented to the evaluation;
    - `legitimate_interests_research`: Art. 6(1)(f) with Art. 9(2)(j), for a research partner
      that is not a public authority.
    """

    PUBLIC_TASK_RESEARCH = "public_task_research"
    CONSENT = "consent"
    LEGITIMATE_INTERESTS_RESEARCH = "legitimate_interests_research"


Purpose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=2000)]


class ExtractRequest(BaseModel):
    """What an auditor asks for: the period (whole quarters are given), the purpose, the basis."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "since": "2025-01-01",
                    "until": "2025-12-31",
                    "purpose": "University evaluation of the family-focused practice model, "
                    "under the data sharing agreement of 2026-03-01.",
                    "lawful_basis": "public_task_research",
                }
            ]
        },
    )

    since: date
    until: date
    purpose: Purpose
    lawful_basis: LawfulBasis
    team: str | None = Field(default=None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _a_period(self) -> Self:
        if self.since > self.until:
            raise ValueError(f"until: {self.until} is before since {self.since}")
        if (self.until - self.since).days > MAX_EXTRACT_DAYS:
            raise ValueError("until: an extract covers at most 5 years")
        return self


class ExtractRow(BaseModel):
    """One child in one quarter: nothing that names them or lets them be looked up."""

    pseudonym: str = Field(description="the same child within this extract only")
    quarter: str = Field(description="e.g. 2025-Q1")
    age_band: str
    gender: str
    ethnic_group: str
    court_orders: int = Field(description="court orders open in the quarter")
    order_types: str = Field(description="their types, `;`-separated")
    diversions: int = Field(description="diversion pathways open in the quarter")
    diversion_outcomes: str = Field(description="the joint decisions' outcomes, `;`-separated")
    programmes: str = Field(
        description="programme:status:sessions attended/planned, `;`-separated"
    )
    in_reoffending_cohort: bool = Field(
        description="cautioned, given a non-custodial sentence or released in the quarter"
    )
    reoffended: bool | None = Field(
        description="proven re-offence in the 12 months' follow-up; null if not in the cohort "
        "or the cohort is still provisional"
    )
    reoffences: int | None


class ExtractRecord(BaseModel):
    """An extract as kept: who asked, when, why, on what basis, and how much left."""

    extract_id: int
    requested_by: str
    requested_at: datetime
    since: date
    until: date
    team: str | None
    purpose: str
    lawful_basis: LawfulBasis
    rows: int
    children: int


class Extract(BaseModel):
    """The extract's record and its rows."""

    extract: ExtractRecord
    rows: list[ExtractRow]
