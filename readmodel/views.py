"""What the API answers when it reads: a pathway, task lines, case lines, notifications.

The stable shapes integrators build on. A pathway is read from its workflow (the `state`
query, or the state a step's update returns); the lists across pathways from the read model's
tables and the notification outbox (`readmodel.queries`). Each shape is built from one thing
(a `PathwayState`, a `TaskLine`, a `CaseLine`, an outbox row), so a field added to the state is
added to its rows (`readmodel.projection`) and its view here, in one package.
"""

from collections.abc import Sequence
from datetime import date, datetime

from pydantic import BaseModel, TypeAdapter

from contracts.breach import Compliance
from contracts.common import DisposalType, PathwayStatus, Step, TaskStatus
from contracts.eligibility import EligibilityDecisions
from contracts.facts import AssessmentFacts
from contracts.pathway import (
    CaseFormulation,
    OrderDetails,
    PathwayState,
    TimelineEntry,
    VictimState,
)
from contracts.referrals import BiasReflectionRecord, Referral
from contracts.steps import ClosureReason
from db.tables import OutboxMessage
from readmodel.queries import CaseLine, TaskLine


class TaskView(BaseModel):
    """One task as the API shows it."""

    task_id: str
    step: Step
    status: TaskStatus
    due_date: date
    completed_on: date | None
    escalated: bool


class PathwayView(BaseModel):
    """A pathway as the API shows it."""

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
    victim: VictimState | None
    case_formulation: CaseFormulation | None
    facts: AssessmentFacts | None
    eligibility: EligibilityDecisions | None
    referrals: list[Referral]
    bias_reflections: list[BiasReflectionRecord]
    timeline: list[TimelineEntry]
    compliance: Compliance  # failures, warnings, breaches, the court's decisions (ADR 0109)

    @classmethod
    def of(cls, state: PathwayState) -> "PathwayView":
        """Build the view of a workflow's state."""
        return cls(
            pathway_id=state.pathway_id,
            child_id=state.child.child_id,
            disposal=state.order.disposal,
            status=state.status,
            caseworker=state.caseworker,
            team=state.team,
            case_manager_changes=state.case_manager_changes,
            order=state.order,
            order_starts_on=state.order_starts_on,
            order_ends_on=state.order_ends_on,
            closure_reason=state.closure_reason,
            tasks=[TaskView.model_validate(t, from_attributes=True) for t in state.tasks],
            victim=state.victim,
            case_formulation=state.formulation,
            facts=state.facts,
            eligibility=state.eligibility,
            referrals=state.referrals,
            bias_reflections=state.bias_reflections,
            timeline=state.timeline,
            compliance=state.compliance,
        )


class TaskLineView(BaseModel):
    """One task in a list."""

    pathway_id: str
    task_id: str
    step: Step
    status: str
    due_date: date
    working_days_overdue: int
    escalated: bool
    caseworker: str | None
    team: str | None


_TASK_LINES = TypeAdapter(list[TaskLineView])


def task_line_views(lines: Sequence[TaskLine]) -> list[TaskLineView]:
    """The views of a task list, validated in one pass."""
    return _TASK_LINES.validate_python(lines, from_attributes=True)


class CaseLineView(BaseModel):
    """One pathway in a caseload."""

    pathway_id: str
    disposal: str
    status: str
    caseworker: str | None
    team: str | None
    made_on: date
    order_ends_on: date
    overdue_tasks: int

    @classmethod
    def of(cls, line: CaseLine) -> "CaseLineView":
        """Build the view of a caseload line."""
        return cls.model_validate(line, from_attributes=True)


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

    @classmethod
    def of(cls, row: OutboxMessage) -> "NotificationView":
        """Build the view of an outbox row."""
        return cls(
            key=row.key,
            kind=row.kind,
            pathway_id=row.pathway_id,
            team=row.team,
            area=row.area,
            message=row.message,
            created_at=row.created_at,
            sent=row.sent_at is not None,
            sent_at=row.sent_at,
        )
