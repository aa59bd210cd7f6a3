"""Timeliness: per step, the share of tasks done on time and the working days from the order.

A task counts once it is done (on time when completed on or before its due date) or overdue
(late, and still not done). Open tasks not yet due, and cancelled ones, are left out: nobody
can yet say whether they will be on time. A task cancelled because the work was not done (a
restorative enquiry the child declined, and the parent work it cancelled: ADR 0118) is shown
apart, as not done: never on time, and not in the on-time share either. The median is over
done tasks only, in working days (England and Wales bank holidays skipped) from the day the
order was made to completion.

Court orders and diversion pathways (issue 20) are reported apart: the same step (an
assessment, say) runs to different clocks on each, and the national standards' timeliness is
over court orders. A diversion pathway's days are counted from its referral (its `made_on`).
"""

from collections.abc import Collection
from datetime import date
from statistics import median
from typing import Unpack

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.common import DisposalType, Step, TaskStatus
from core.workdays import working_days_between
from readmodel.tables import PathwayRow, TaskRow
from reports.cohort import Cohort, Within, share

# The steps that carry a deadline, in the order a pathway meets them (`Step`), closure last
# (a failure to comply is recorded when it happens, a release when it happens and a transfer
# is decided by the receiving team: they have no deadline).
_NO_DEADLINE = (
    Step.VICTIM_DETAILS_RECEIVED,
    Step.VICTIM_WITHDRAWAL,
    Step.COMPLIANCE_FAILURE,
    Step.RELEASE,
    Step.TRANSFER_REQUESTED,
    Step.TRANSFER_ACCEPTED,
    Step.TRANSFER_REFUSED,
    # Victims one by one: a suitability decision and a progress update have no deadline.
    Step.VICTIM_SUITABILITY,
    Step.VICTIM_PROGRESS_UPDATE,
    # A programme's participants and sessions are recorded as they happen.
    Step.PROGRAMME_PARTICIPANTS,
    Step.SESSION_PLANNED,
    Step.SESSION_OUTCOME,
)
# Steps of the diversion pathway alone (`workflows.diversion`): not in the court orders' list.
_DIVERSION_ONLY = (
    Step.JOINT_DECISION_PANEL,
    Step.DIVERSION_PLAN,
    Step.CONDITION_OUTCOME,
    Step.NONCOMPLIANCE_TO_POLICE,
    Step.EXIT_PLAN,
)
TIMELINESS_STEPS: tuple[Step, ...] = (
    *(s for s in Step if s not in _NO_DEADLINE + _DIVERSION_ONLY and s != Step.CLOSURE),
    Step.CLOSURE,
)
# A diversion pathway's steps in the order it meets them (any other step it has is added after).
DIVERSION_TIMELINESS_STEPS: tuple[Step, ...] = (
    Step.ALLOCATION,
    Step.JOINT_DECISION_PANEL,
    Step.FIRST_CONTACT,
    Step.ASSESSMENT,
    Step.CASE_FORMULATION,
    Step.DIVERSION_PLAN,
    Step.CONDITION_OUTCOME,
    Step.NONCOMPLIANCE_TO_POLICE,
    Step.VICTIM_CONTACT,
    Step.VICTIM_RESTORATIVE_OPTION,
    Step.INTERVENTION_REFERRAL,
    Step.REVIEW,
    Step.EXIT_PLAN,
    Step.CLOSURE,
)

STEP_LABELS: dict[str, str] = {
    Step.ALLOCATION.value: "Allocation of a case manager",
    Step.FIRST_CONTACT.value: "First contact",
    Step.ASSESSMENT.value: "Assessment",
    Step.CASE_FORMULATION.value: "Case formulation meeting",
    Step.RESTORATIVE_ENQUIRY.value: "Restorative enquiry",
    Step.INITIAL_PANEL.value: "Initial panel",
    Step.PARENT_RESTORATIVE_WORK.value: "Restorative work with parent",
    Step.VICTIM_DETAILS_RECEIVED.value: "Victim details received",
    Step.VICTIM_CONTACT.value: "Victim contact",
    Step.VICTIM_RESTORATIVE_OPTION.value: "Victim's restorative option",
    Step.VICTIM_WITHDRAWAL.value: "Victim withdrawal",
    Step.VICTIM_SUITABILITY.value: "Restorative suitability decision",
    Step.VICTIM_PROGRESS_UPDATE.value: "Victim progress update",
    Step.VICTIM_TOLD_WORK_ENDED.value: "Victim told the work ended",
    Step.VICTIM_CONTACT_SCHEME_REFERRAL.value: "Victim Contact Scheme referral",
    Step.INTERVENTION_PLAN.value: "Intervention plan",
    Step.INTERVENTION_REFERRAL.value: "Intervention referral",
    Step.CUSTODY_PLANNING.value: "Custody planning meeting",
    Step.REVIEW.value: "Reviews",
    Step.TRANSITION_PLANNING.value: "Transition to probation planning",
    Step.CLOSURE.value: "Closure",
    Step.RESETTLEMENT_PLANNING.value: "Resettlement planning meeting",
    Step.RELEASE.value: "Release from custody",
    Step.WARNING_GIVEN.value: "Warning",
    Step.BREACH_ACTION.value: "Breach action",
    Step.BREACH_PANEL.value: "Panel about a breach",
    Step.COURT_OUTCOME_AWAITED.value: "Court's decision",
    Step.PROGRESS_PANEL.value: "Progress panels",
    Step.FINAL_PANEL.value: "Final panel",
    Step.AGREED_ACTION.value: "Agreed actions (case formulation)",  # due when the meeting says
    Step.JOINT_DECISION_PANEL.value: "Joint decision panel",
    Step.DIVERSION_PLAN.value: "Diversion plan",
    Step.CONDITION_OUTCOME.value: "Conditional caution condition",
    Step.NONCOMPLIANCE_TO_POLICE.value: "Non-compliance sent to the police",
    Step.EXIT_PLAN.value: "Exit plan",
    "all": "All steps",
}

DEFINITION = (
    "Tasks counted: done tasks and overdue (late, not yet done) tasks; open tasks not yet due "
    "and cancelled tasks are left out; not_done: tasks cancelled because the work was not done "
    "(a restorative enquiry the child declined, and the parent work it cancelled), shown apart "
    "and never counted on time. on_time: tasks completed on or before their due date, "
    "as a share of tasks counted. median_working_days_from_order: over done tasks, working "
    "days from the day the order was made to completion (weekends and England and Wales bank "
    "holidays skipped). The cohort is the pathways whose order was made in the period. "
    "diversion_steps: the same for diversion pathways, apart, with days counted from the "
    "referral and the cohort the referrals received in the period."
)


class StepTimeliness(BaseModel):
    """Timeliness of one step (or of every step together, as `step` "all")."""

    step: str
    tasks: int = Field(description="done tasks plus overdue ones")
    done: int
    done_on_time: int
    done_late: int
    overdue: int = Field(description="past their due date and not done")
    not_done: int = Field(
        default=0, description="recorded as not done (e.g. the child declined); not in tasks"
    )
    on_time: float | None = Field(description="done_on_time / tasks, or null with no tasks")
    median_working_days_from_order: float | None = Field(
        description="over done tasks; null with none"
    )


class TimelinessReport(BaseModel):
    """Timeliness of each step for a cohort of pathways."""

    report: str = "timeliness"
    cohort: Cohort
    definition: str = DEFINITION
    steps: list[StepTimeliness] = Field(description="court orders' steps")
    overall: StepTimeliness
    diversion_steps: list[StepTimeliness] = Field(
        default_factory=list, description="diversion pathways' steps, from the referral"
    )
    diversion_overall: StepTimeliness | None = None


def _line(
    step: str, rows: list[tuple[TaskRow, date]], holidays: Collection[date]
) -> StepTimeliness:
    not_done = sum(1 for t, _ in rows if t.not_done)
    rows = [(t, made) for t, made in rows if not t.not_done]
    done = [(t, made) for t, made in rows if t.status == TaskStatus.DONE.value]
    overdue = sum(1 for t, _ in rows if t.status == TaskStatus.OVERDUE.value)
    on_time = sum(1 for t, _ in done if t.completed_on is not None and t.completed_on <= t.due_date)
    days = [
        working_days_between(made, t.completed_on, holidays)
        for t, made in done
        if t.completed_on is not None
    ]
    tasks = len(done) + overdue
    return StepTimeliness(
        step=step,
        tasks=tasks,
        done=len(done),
        done_on_time=on_time,
        done_late=len(done) - on_time,
        overdue=overdue,
        not_done=not_done,
        on_time=share(on_time, tasks),
        median_working_days_from_order=float(median(days)) if days else None,
    )


def timeliness(
    session: Session, *, holidays: Collection[date], **within: Unpack[Within]
) -> TimelinessReport:
    """Return the timeliness of each step for the cohort, in the order of `Step`.

    Args:
        session: a read-model session.
        holidays: the bank holidays to skip when counting working days.
        **within: the cohort (`Cohort`: by default, every pathway).

    Raises:
        ValueError: `since` is after `until`.
    """
    cohort = Cohort(**within)
    query = select(TaskRow, PathwayRow.made_on, PathwayRow.disposal).where(
        TaskRow.status.in_([TaskStatus.DONE.value, TaskStatus.OVERDUE.value])
        | TaskRow.not_done.is_(True)
    )
    by_step: dict[str, list[tuple[TaskRow, date]]] = {s.value: [] for s in TIMELINESS_STEPS}
    diversion: dict[str, list[tuple[TaskRow, date]]] = {
        s.value: [] for s in DIVERSION_TIMELINESS_STEPS
    }
    for task, made_on, disposal in session.execute(cohort.of(query, TaskRow.pathway_id)):
        lines = diversion if disposal == DisposalType.DIVERSION.value else by_step
        lines.setdefault(task.step, []).append((task, made_on))
    return TimelinessReport(
        cohort=cohort,
        steps=[_line(step, rows, holidays) for step, rows in by_step.items()],
        overall=_line("all", [r for rows in by_step.values() for r in rows], holidays),
        diversion_steps=[_line(step, rows, holidays) for step, rows in diversion.items()],
        diversion_overall=_line("all", [r for rows in diversion.values() for r in rows], holidays),
    )
