"""What the API answers when it reads: a pathway, task lines, case lines, notifications.

The stable shapes integrators build on. A pathway is read from its workflow (the `state`
query, or the state a step's update returns); the lists across pathways from the read model's
tables and the notification outbox (`readmodel.queries`). Each shape is built from one thing
(a `PathwayState`, a `TaskLine`, a `CaseLine`, an outbox row), so a field added to the state is
added to its rows (`readmodel.projection`) and its view here, in one package.
"""

from collections.abc import Sequence
from dataclasses import fields
from datetime import date, datetime
from operator import attrgetter

from pydantic import BaseModel
from pydantic.dataclasses import dataclass

from contracts.breach import Compliance
from contracts.common import DisposalType, PathwayStatus, Step, TaskStatus
from contracts.custody import CustodyState
from contracts.eligibility import EligibilityDecisions
from contracts.facts import AssessmentFacts
from contracts.formulation import FormulationWaiver
from contracts.language import Language
from contracts.pathway import (
    CaseFormulation,
    OrderDetails,
    PathwayState,
    TimelineEntry,
    VictimState,
    VictimTrack,
)
from contracts.referrals import BiasReflectionRecord, Referral
from contracts.restorative import RestorativeWork
from contracts.steps import ClosureReason
from contracts.transfers import CaseManagerOffer, PendingTransfer
from db.tables import OutboxMessage
from readmodel.projection import copied
from readmodel.queries import CaseLine, IncomingTransfer, LinkedPathway, TaskLine


class TaskView(BaseModel):
    """One task as the API shows it."""

    task_id: str
    step: Step
    status: TaskStatus
    due_date: date
    completed_on: date | None
    escalated: bool
    not_done: bool = False  # cancelled because the work was not done (ADR 0118)
    # An agreed action's owner (case formulation, issue 18); None for other tasks.
    owner_agency: str | None = None
    owner_person: str | None = None


@dataclass(frozen=True)
class LinkedPathwayView(LinkedPathway):
    """Another pathway of the same child that the caller may see."""

    @classmethod
    def of(cls, line: LinkedPathway) -> "LinkedPathwayView":
        """Build the view of one of the child's other pathways."""
        return cls(*_LINKED(line))


@dataclass(frozen=True)
class IncomingTransferView(IncomingTransfer):
    """A pathway another team asks the caller's team to take on."""

    @classmethod
    def of(cls, line: IncomingTransfer) -> "IncomingTransferView":
        """Build the view of an incoming transfer."""
        return cls(*_INCOMING(line))


_LINKED = attrgetter(*(f.name for f in fields(LinkedPathway)))
_INCOMING = attrgetter(*(f.name for f in fields(IncomingTransfer)))


class PathwayView(BaseModel):
    """A pathway as the API shows it.

    `other_pathways`: the child's other pathways the caller may see (on a read; empty in the
    answer to a step). `transfer`: a transfer pending; `offered`: the case manager and team of
    the child's earlier pathway that this order was offered to (ADR 0114).
    """

    pathway_id: str
    child_id: str
    disposal: DisposalType
    status: PathwayStatus
    caseworker: str | None
    team: str | None
    case_manager_changes: int
    order: OrderDetails
    order_starts_on: date
    order_ends_on: date
    closure_reason: ClosureReason | None
    tasks: list[TaskView]
    victim: VictimState | None  # an older pathway's one victim; None on newer ones
    # Every victim, one by one (ADR 0120): an older pathway's one victim is `v1` here too.
    victims: list[VictimTrack] = []
    case_formulation: CaseFormulation | None
    facts: AssessmentFacts | None
    eligibility: EligibilityDecisions | None
    referrals: list[Referral]
    bias_reflections: list[BiasReflectionRecord]
    timeline: list[TimelineEntry]
    # A detention and training order's term and release, expected and actual (ADR 0111).
    custody: CustodyState | None = None
    # A transfer waiting for the receiving team, the earlier case manager a new order was
    # offered to, and the child's other pathways the caller may see (ADR 0113, 0114).
    transfer: PendingTransfer | None = None
    offered: CaseManagerOffer | None = None
    other_pathways: list[LinkedPathwayView] = []
    compliance: Compliance  # failures, warnings, breaches, the court's decisions (ADR 0109)
    # The child's and family's language, English or Welsh; None until asked (ADR 0144).
    language: Language | None = None
    # A referral order's enquiry, parent work and panels (ADRs 0118, 0119); None for other
    # orders and for referral orders started before the `restorative-2026-12` patch.
    restorative: RestorativeWork | None = None
    # Every version of the case formulation, oldest first (`case_formulation` is the latest),
    # and a supervisor's reason for closing without one (issue 18, ADR 0115).
    formulations: list[CaseFormulation] = []
    closed_without_formulation: FormulationWaiver | None = None
    # The diversion pathway whose decision to charge this court order followed (ADR 0132).
    charged_from: str | None = None

    @classmethod
    def of(cls, state: PathwayState, others: Sequence[LinkedPathway] = ()) -> "PathwayView":
        """Build the view of a workflow's state (and the child's other pathways, if given).

        A field the state has too is copied.
        """
        return cls(
            **copied(state, _AS_IN_STATE),
            child_id=state.child.child_id,
            disposal=state.order.disposal,
            tasks=[TaskView.model_validate(t, from_attributes=True) for t in state.tasks],
            case_formulation=state.formulation,
            victims=state.victim_tracks(),
            other_pathways=[LinkedPathwayView.of(o) for o in others],
        )


_AS_IN_STATE = [n for n in PathwayView.model_fields if n in PathwayState.model_fields]
_AS_IN_STATE.remove("tasks")  # each task is shown as a `TaskView`
_AS_IN_STATE.remove("victims")  # an older pathway's one victim among them


@dataclass(frozen=True)
class CaseLineView(CaseLine):
    """One pathway in a caseload."""

    @classmethod
    def of(cls, line: CaseLine) -> "CaseLineView":
        """Build the view of a caseload line."""
        return cls(*_CASE_LINE(line))


@dataclass
class TaskLineView(TaskLine):
    """One task in a list."""

    step: Step  # the line's step id, checked and shown as one of `Step`


_CASE_LINE = attrgetter(*(f.name for f in fields(CaseLine)))
_TASK_LINE = attrgetter(*(f.name for f in fields(TaskLine)))


def task_line_views(lines: Sequence[TaskLine]) -> list[TaskLineView]:
    """The views of a task list: each line's fields, checked as the API shows them."""
    return [TaskLineView(*_TASK_LINE(line)) for line in lines]


class NotificationView(BaseModel):
    """One notification, and whether it has been delivered."""

    key: str
    kind: str
    pathway_id: str
    team: str | None
    area: str | None = None
    message: str
    created_at: datetime
    sent: bool
    sent_at: datetime | None
    # Through GOV.UK Notify (ADR 0136): refused for good (kept, never resent), or waiting to
    # be tried again after `last_error`.
    failed_at: datetime | None = None
    failure: str | None = None
    attempts: int = 0
    last_error: str | None = None

    @classmethod
    def of(cls, row: OutboxMessage) -> "NotificationView":
        """Build the view of an outbox row: its columns as they are, and whether it was sent."""
        return cls(**copied(row, _AS_IN_ROW), sent=row.sent_at is not None)


_AS_IN_ROW = [n for n in NotificationView.model_fields if n != "sent"]
