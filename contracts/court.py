"""The canonical court outcome (`POST /v1/court-outcomes`) and the per-record result."""

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from contracts.breach import OrderChangeKind
from contracts.common import COURT_DISPOSALS, DisposalType, Gender

Requirement = Annotated[str, StringConstraints(min_length=1, max_length=200)]
"""A requirement of the order, as the court words it (e.g. "supervision", "curfew")."""


class Source(StrEnum):
    """Which system a court outcome came from."""

    COMMON_PLATFORM = "common_platform"
    LIBRA = "libra"
    MANUAL = "manual"


class Court(BaseModel):
    """The court that made the order."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=200)


class Defendant(BaseModel):
    """The child, as the court knows them."""

    model_config = ConfigDict(extra="forbid")

    defendant_id: str = Field(min_length=1, max_length=100)
    pnc_id: str | None = Field(default=None, max_length=30)
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    date_of_birth: date
    gender: Gender = Gender.NOT_SPECIFIED
    ethnicity: str | None = Field(default=None, max_length=10)
    yjs_area: str | None = Field(default=None, max_length=100)


class Offence(BaseModel):
    """One offence the order was made for."""

    model_config = ConfigDict(extra="forbid")

    offence_code: str = Field(min_length=1, max_length=20)
    title: str = Field(min_length=1, max_length=500)
    offence_date: date | None = None
    has_identified_victim: bool = False


class Disposal(BaseModel):
    """The order the court made."""

    model_config = ConfigDict(extra="forbid")

    type: DisposalType
    length_months: int = Field(ge=1, le=36)
    made_on: date
    requirements: list[Requirement] = Field(default_factory=list, max_length=50)

    @field_validator("type")
    @classmethod
    def _a_court_order(cls, value: DisposalType) -> DisposalType:
        if value not in COURT_DISPOSALS:
            raise ValueError(
                f"{value.value} is not an order a court makes: police referrals for diversion "
                "go to /v1/diversion-referrals"
            )
        return value


class OrderChangeIn(BaseModel):
    """A court's decision on an order already running (`CourtOutcome.order_change`).

    The outcome's `disposal` then names the order being changed (its type and the date it was
    made); the decision is the hearing's (`hearing_date`). `extended_to` goes with `extended`,
    the new `disposal` with `revoked_and_resentenced`, `detention_months` with
    `detention_for_breach`, and none of them with another change.
    """

    model_config = ConfigDict(extra="forbid")

    change: OrderChangeKind
    extended_to: date | None = None
    disposal: Disposal | None = None
    detention_months: int | None = Field(default=None, ge=1, le=24)


_CHANGE_FIELDS = {
    "extended_to": OrderChangeKind.EXTENDED,
    "disposal": OrderChangeKind.REVOKED_AND_RESENTENCED,
    "detention_months": OrderChangeKind.DETENTION_FOR_BREACH,
}


def _order_change_problem(outcome: "CourtOutcome") -> str | None:
    """The first problem of an outcome's order change, as "field: reason", or None."""
    change = outcome.order_change
    if change is None:
        return None
    for name, kind in _CHANGE_FIELDS.items():
        given = getattr(change, name) is not None
        if change.change == kind and not given:
            return f"order_change.{name}: required when change is {kind.value}"
        if change.change != kind and given:
            return f"order_change.{name}: only for change {kind.value}, not {change.change.value}"
    if outcome.disposal.made_on > outcome.hearing_date:
        return (
            "disposal.made_on: the order being changed must have been made by the hearing_date "
            f"({outcome.hearing_date.isoformat()})"
        )
    if change.extended_to is not None and change.extended_to <= outcome.hearing_date:
        return "order_change.extended_to: must be after the hearing_date"
    new = change.disposal
    if new is not None and new.made_on < outcome.hearing_date:
        return (
            "order_change.disposal.made_on: an order cannot be made before its hearing_date "
            f"({outcome.hearing_date.isoformat()})"
        )
    return None


class CourtOutcome(BaseModel):
    """One child's order from one hearing: the canonical message integrators send.

    With `order_change`, the hearing decided about an order already running (`disposal`)
    instead of making a new one (`OrderChangeIn`).
    """

    model_config = ConfigDict(extra="forbid")

    message_id: str = Field(min_length=1, max_length=200)
    source: Source
    court: Court
    hearing_date: date
    # The day the child was convicted (a plea or a finding of guilt), when before the
    # sentencing hearing: a youth order's age rules are judged on it (`ingest.order_terms`).
    convicted_on: date | None = None
    case_urn: str = Field(min_length=1, max_length=50)
    defendant: Defendant
    offences: list[Offence] = Field(min_length=1, max_length=200)
    disposal: Disposal
    order_change: OrderChangeIn | None = None

    @model_validator(mode="after")
    def _dates_make_sense(self) -> Self:
        if self.defendant.date_of_birth >= self.hearing_date:
            raise ValueError(
                "defendant.date_of_birth: must be before the hearing_date "
                f"({self.hearing_date.isoformat()})"
            )
        if self.convicted_on is not None and self.convicted_on > self.hearing_date:
            raise ValueError(
                "convicted_on: a child is convicted on or before the sentencing hearing_date "
                f"({self.hearing_date.isoformat()})"
            )
        if self.convicted_on is not None and self.defendant.date_of_birth >= self.convicted_on:
            raise ValueError("defendant.date_of_birth: must be before convicted_on")
        if self.order_change is not None:
            problem = _order_change_problem(self)
            if problem is not None:
                raise ValueError(problem)
            return self
        if self.disposal.made_on < self.hearing_date:
            raise ValueError(
                "disposal.made_on: an order cannot be made before its hearing_date "
                f"({self.hearing_date.isoformat()})"
            )
        return self

    @property
    def conviction_date(self) -> date:
        """The day the child's age is judged on: `convicted_on`, else the hearing date."""
        return self.convicted_on or self.hearing_date

    @property
    def has_identified_victim(self) -> bool:
        """Whether any offence has an identified direct victim."""
        return any(o.has_identified_victim for o in self.offences)

    def business_key(self) -> str:
        """Case, defendant and disposal: a second message with the same key is a duplicate."""
        d = self.disposal
        return "|".join(
            [
                self.case_urn.upper(),
                self.defendant.defendant_id,
                d.type.value,
                d.made_on.isoformat(),
            ]
        )


class IngestResultKind(StrEnum):
    """Every record gets exactly one of these."""

    STARTED = "started"
    APPLIED = "applied"  # a court's decision on a running order, applied to its pathway
    DUPLICATE = "duplicate"
    SKIPPED = "skipped"
    HELD = "held"
    REJECTED = "rejected"


class FieldError(BaseModel):
    """One bad field: where it is (dotted path) and why."""

    field: str
    reason: str


class IngestResult(BaseModel):
    """The result of one record."""

    index: int
    result: IngestResultKind
    pathway_id: str | None = None
    reason: str | None = None
    errors: list[FieldError] = Field(default_factory=list)


class MappedRecord(BaseModel):
    """A record taken out of a source message: a canonical outcome, or why there is none.

    `outcome` is set when the record can be ingested; otherwise `result` says whether it is
    skipped, held or rejected, with `reason` and field `errors`. `original` keeps the part of
    the source message the record came from, so held and rejected records can be stored whole.
    """

    outcome: CourtOutcome | None = None
    result: IngestResultKind | None = None
    reason: str | None = None
    errors: list[FieldError] = Field(default_factory=list)
    original: dict[str, Any] = Field(default_factory=dict)
