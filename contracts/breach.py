"""Compliance and breach, and the court's decisions on a running order: steps, commands, state.

A child who fails to comply without reasonable excuse is warned; a further failure within the
warned period of a warning goes back: a referral order to the youth offender panel (and from
there possibly to court), a youth rehabilitation order or a DTO's supervision to court. The
court then decides what becomes of the order (`OrderChangeKind`), through the court feed.
The rules are in `workflows.breach`; these are the shapes every layer shares.
"""

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from access.identity import Actor
from contracts.common import DisposalType
from contracts.referrals import BiasReflection

_Long = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
_Id = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class _Body(BaseModel):
    # The same shape as every step body (`contracts.steps._Body`), kept here so the steps'
    # union can import these without a cycle.
    model_config = ConfigDict(extra="forbid")

    completed_on: date
    notes: _Long | None = None


class BreachRoute(StrEnum):
    """Where a breach goes."""

    PANEL = "panel"  # a referral order: back to the youth offender panel
    COURT = "court"  # a youth rehabilitation order, or a DTO's supervision


class PanelDecision(StrEnum):
    """What the youth offender panel decides at a meeting called for non-compliance."""

    CONTINUE_CONTRACT = "continue_contract"
    REFER_TO_COURT = "refer_to_court"


class OrderChangeKind(StrEnum):
    """What a court decides about an order already running."""

    CONTINUED = "continued"
    EXTENDED = "extended"
    REVOKED = "revoked"
    REVOKED_AND_RESENTENCED = "revoked_and_resentenced"
    DETENTION_FOR_BREACH = "detention_for_breach"


class ComplianceFailureBody(_Body):
    """The child failed to comply with the order (`completed_on`: the day it was recorded)."""

    step: Literal["compliance_failure"] = "compliance_failure"
    failed_on: date
    reasonable_excuse: bool
    details: _Long


class WarningGivenBody(_Body):
    """A warning for the latest failure without reasonable excuse (`completed_on`: given on)."""

    step: Literal["warning_given"] = "warning_given"
    bias_reflection: BiasReflection | None = None  # required unless the service says not


class BreachActionBody(_Body):
    """Breach action taken: the breach went to the panel or to court, with a bias reflection."""

    step: Literal["breach_action"] = "breach_action"
    referred_to: BreachRoute
    bias_reflection: BiasReflection


class BreachPanelBody(_Body):
    """The youth offender panel met about the breach of a referral order's contract."""

    step: Literal["breach_panel"] = "breach_panel"
    decision: PanelDecision


class CourtOutcomeAwaitedBody(_Body):
    """Present so the step is named; always refused: the court feed brings the decision."""

    step: Literal["court_outcome_awaited"] = "court_outcome_awaited"


class OrderChange(BaseModel):
    """A court's decision on a running order, as the court feed sends it to the pathway."""

    model_config = ConfigDict(extra="forbid")

    actor: Actor
    change: OrderChangeKind
    decided_on: date
    court_code: str = Field(min_length=1, max_length=20)
    extended_to: date | None = None
    detention_months: int | None = Field(default=None, ge=1, le=24)
    new_pathway_id: _Id | None = None
    new_disposal: DisposalType | None = None


class Resentence(BaseModel):
    """The pathway a new order replaces, and the case manager and team that carry over."""

    pathway_id: _Id
    caseworker: str | None = None
    team: str | None = None


class FailureOutcome(StrEnum):
    """What became of a failure to comply."""

    EXCUSED = "excused"
    AWAITING_WARNING = "awaiting_warning"
    WARNED = "warned"
    BREACH = "breach"
    DURING_BREACH = "during_breach"  # a breach was already open: it goes with that one


class ComplianceFailure(BaseModel):
    """One failure to comply, and what became of it."""

    number: int
    failed_on: date
    recorded_on: date
    reasonable_excuse: bool
    details: str
    outcome: FailureOutcome


class WarningRecord(BaseModel):
    """One warning, for one failure."""

    number: int
    given_on: date
    failure: int


class BreachRecord(BaseModel):
    """One breach: opened by a failure, taken to the panel or court, resolved by a decision."""

    number: int
    failure: int
    opened_on: date
    referred_to: BreachRoute | None = None
    referred_on: date | None = None
    panel_decision: PanelDecision | None = None
    # An `OrderChangeKind` value, or `panel_continued`; None while it is open.
    outcome: str | None = None
    resolved_on: date | None = None


class OrderChangeRecord(BaseModel):
    """One decision of a court on the order."""

    change: OrderChangeKind
    decided_on: date
    court_code: str
    extended_to: date | None = None
    detention_until: date | None = None
    new_pathway_id: str | None = None


class Compliance(BaseModel):
    """A pathway's failures, warnings, breaches and the court's decisions on its order."""

    failures: list[ComplianceFailure] = Field(default_factory=list)
    warnings: list[WarningRecord] = Field(default_factory=list)
    breaches: list[BreachRecord] = Field(default_factory=list)
    order_changes: list[OrderChangeRecord] = Field(default_factory=list)
    # The pathway whose order this one's replaced (a re-sentence), and the one replacing it.
    resentenced_from: str | None = None
    superseded_by: str | None = None

    def open_breach(self) -> BreachRecord | None:
        """The breach not yet resolved, if any (there is at most one)."""
        return next((b for b in self.breaches if b.outcome is None), None)
