"""What the API answers about a pathway: the stable shape integrators build on."""

from datetime import date

from pydantic import BaseModel

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
        )
