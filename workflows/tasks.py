"""Opening tasks and moving them with the clock: pure functions on a `PathwayState`.

Deadlines are computed here from the bank-holiday calendar carried in the workflow's input,
so a replay always computes the same dates, whatever the host knows of bank holidays
(ADR 0001).
"""

from collections.abc import Collection
from datetime import date, datetime
from typing import TypeVar

from contracts.common import COURT_DISPOSALS, DisposalType, Step, TaskStatus
from contracts.pathway import DeadlinePolicy, Notification, NotificationKind, PathwayState, Task
from contracts.reflections import ReflectionPolicy
from core.workdays import add_months, add_working_days, london_date, london_midnight
from workflows import custody

OPEN_STATUSES = (TaskStatus.OPEN, TaskStatus.OVERDUE)
T = TypeVar("T")

# Which disposals each step applies to; a step not listed applies to every disposal.
STEP_DISPOSALS: dict[Step, frozenset[DisposalType]] = {
    Step.RESTORATIVE_ENQUIRY: frozenset({DisposalType.REFERRAL_ORDER}),
    Step.INITIAL_PANEL: frozenset({DisposalType.REFERRAL_ORDER}),
    Step.PARENT_RESTORATIVE_WORK: frozenset({DisposalType.REFERRAL_ORDER}),
    Step.INTERVENTION_PLAN: frozenset(
        {DisposalType.YOUTH_REHABILITATION_ORDER, DisposalType.DETENTION_AND_TRAINING_ORDER}
    ),
    Step.CUSTODY_PLANNING: frozenset({DisposalType.DETENTION_AND_TRAINING_ORDER}),
    Step.RESETTLEMENT_PLANNING: frozenset({DisposalType.DETENTION_AND_TRAINING_ORDER}),
    Step.RELEASE: frozenset({DisposalType.DETENTION_AND_TRAINING_ORDER}),
    Step.TRANSITION_PLANNING: frozenset(
        {DisposalType.YOUTH_REHABILITATION_ORDER, DisposalType.DETENTION_AND_TRAINING_ORDER}
    ),
    Step.BREACH_PANEL: frozenset({DisposalType.REFERRAL_ORDER}),  # `workflows.breach`
    Step.VICTIM_CONTACT_SCHEME_REFERRAL: frozenset({DisposalType.DETENTION_AND_TRAINING_ORDER}),
    Step.PROGRESS_PANEL: frozenset({DisposalType.REFERRAL_ORDER}),  # `workflows.restorative`
    Step.FINAL_PANEL: frozenset({DisposalType.REFERRAL_ORDER}),
    # Compliance and breach belong to court orders: a diversion's conditions go back to the
    # police instead (`workflows.diversion_steps`).
    Step.COMPLIANCE_FAILURE: frozenset(COURT_DISPOSALS),
    Step.WARNING_GIVEN: frozenset(COURT_DISPOSALS),
    Step.BREACH_ACTION: frozenset(COURT_DISPOSALS),
    Step.COURT_OUTCOME_AWAITED: frozenset(COURT_DISPOSALS),
    # The diversion pathway's own steps (issue 20).
    **{
        step: frozenset({DisposalType.DIVERSION})
        for step in (
            Step.JOINT_DECISION_PANEL,
            Step.DIVERSION_PLAN,
            Step.CONDITION_OUTCOME,
            Step.NONCOMPLIANCE_TO_POLICE,
            Step.EXIT_PLAN,
        )
    },
}


class StepRefused(Exception):
    """The step cannot be recorded now; the message says why."""


def require(condition: bool, reason: str) -> None:
    """Refuse the step with `reason` unless `condition` holds."""
    if not condition:
        raise StepRefused(reason)


def present(value: T | None, reason: str) -> T:
    """`value`, which the step needs; the step is refused with `reason` if it is None."""
    require(value is not None, reason)
    assert value is not None
    return value


def not_before(on: date, earlier: date, what: str) -> None:
    """Refuse a step completed on `on`, a day before `what` happened (on `earlier`)."""
    require(on >= earlier, f"completed_on {on} is before {what} on {earlier}")


def complete(state: PathwayState, task_id: str, on: date) -> None:
    """Mark an open task done on a date (a task already closed is left as it is)."""
    task = state.task(task_id)
    if task is not None and task.status in OPEN_STATUSES:
        task.status = TaskStatus.DONE
        task.completed_on = on


def notice(
    state: PathwayState, kind: NotificationKind, key: str, message: str, task: Task | None = None
) -> Notification:
    """A message for the pathway's team (about `task`, if given); `key` makes it sent once.

    The key is the pathway's id, then `key`: unique within the pathway, the same on a retry.
    """
    return Notification(
        key=f"{state.pathway_id}:{key}",
        kind=kind,
        pathway_id=state.pathway_id,
        team=state.team,
        step=task.step if task else None,
        due_date=task.due_date if task else None,
        message=message,
    )


class Clock:
    """The calendar and deadline policy a pathway runs on."""

    def __init__(
        self,
        policy: DeadlinePolicy,
        holidays: Collection[date],
        reflections: ReflectionPolicy | None = None,
    ) -> None:
        self.policy = policy
        self.holidays = frozenset(holidays)
        # Which decision stages need a bias reflection (`workflows.reflections`).
        self.reflections = reflections or ReflectionPolicy()

    def due(self, base: date, working_days: int) -> date:
        """Return the due date `working_days` working days after `base`."""
        return add_working_days(base, working_days, self.holidays)

    def open_task(
        self, state: PathwayState, task_id: str, step: Step, due_date: date, opened_on: date
    ) -> Task:
        """Add an open task (or return the existing one of that id, so reopening is harmless)."""
        existing = state.task(task_id)
        if existing is not None:
            return existing
        task = Task(
            task_id=task_id,
            step=step,
            due_date=due_date,
            escalate_on=self.due(due_date, self.policy.escalate_after_working_days_overdue),
            opened_on=opened_on,
        )
        state.tasks.append(task)
        return task

    def move_task(self, task: Task, due_date: date) -> None:
        """Give an open task a new due date; its overdue state follows at the next tick."""
        task.due_date = due_date
        task.escalate_on = self.due(due_date, self.policy.escalate_after_working_days_overdue)
        if task.status == TaskStatus.OVERDUE:
            task.status = TaskStatus.OPEN

    def schedule_next_review(self, state: PathwayState, opened_on: date) -> None:
        """Open the next 3-monthly review, unless the order ends first."""
        if state.custody is not None:  # a DTO's: in custody from the order, then from release
            return custody.schedule_review(self, state, opened_on)
        number = state.reviews_scheduled + 1
        due = add_months(state.order_starts_on, self.policy.review_interval_months * number)
        if due >= state.order_ends_on:
            return
        state.reviews_scheduled = number
        self.open_task(state, f"review-{number}", Step.REVIEW, due, opened_on)

    def open_initial_tasks(self, state: PathwayState) -> None:
        """Open the tasks every order of this disposal starts with, due from the order date."""
        p, made = self.policy, state.order.made_on
        if state.order.disposal == DisposalType.DIVERSION:
            # Allocation and the joint decision, due from the referral; the rest follows the
            # panel's decision (`workflows.diversion_steps`).
            for step, days in (
                (Step.ALLOCATION, p.allocation),
                (Step.JOINT_DECISION_PANEL, p.joint_decision_panel),
            ):
                self.open_task(state, step.value, step, self.due(made, days), made)
            self.open_task(state, Step.CLOSURE.value, Step.CLOSURE, state.order_ends_on, made)
            return
        plan: list[tuple[Step, int]] = [
            (Step.ALLOCATION, p.allocation),
            (Step.FIRST_CONTACT, p.first_contact),
            (Step.ASSESSMENT, p.assessment),
            (Step.CASE_FORMULATION, p.case_formulation),
            (Step.RESTORATIVE_ENQUIRY, p.restorative_enquiry),
            (Step.INITIAL_PANEL, p.initial_panel),
            (Step.INTERVENTION_PLAN, p.intervention_plan),
            (Step.CUSTODY_PLANNING, p.custody_planning),
        ]
        for step, days in plan:
            if applies(step, state.order.disposal):
                self.open_task(state, step.value, step, self.due(made, days), made)
        custody.plan_custody(self, state)  # a DTO's supervision runs from its release
        self.open_task(state, Step.CLOSURE.value, Step.CLOSURE, state.order_ends_on, made)
        # A referral order's reviews run from the contract agreed at the initial panel.
        if state.order.disposal != DisposalType.REFERRAL_ORDER:
            self.schedule_next_review(state, made)

    def tick(self, state: PathwayState, now: datetime) -> list[Notification]:
        """Mark tasks overdue and escalated as London's date passes their dates.

        Bumps the state's version when anything changed.
        """
        today = london_date(now)
        notices: list[Notification] = []
        changed = False
        for task in state.tasks:
            if task.status not in OPEN_STATUSES:
                continue
            if today > task.due_date and task.status != TaskStatus.OVERDUE:
                task.status = TaskStatus.OVERDUE
                changed = True
            if today >= task.escalate_on and not task.escalated:
                task.escalated = True
                changed = True
                message = (
                    f"{task.step.value} was due on {task.due_date.isoformat()} and is "
                    f"{self.policy.escalate_after_working_days_overdue} working days overdue"
                )
                key = f"{task.task_id}:escalation"
                notices.append(notice(state, NotificationKind.ESCALATION, key, message, task))
        if changed:
            state.version += 1
        return notices

    @staticmethod
    def next_wakeup(state: PathwayState) -> datetime | None:
        """Return the next instant at which a task becomes overdue or escalated."""
        instants: list[datetime] = []
        for task in state.tasks:
            if task.status == TaskStatus.OPEN:
                instants.append(london_midnight(date.fromordinal(task.due_date.toordinal() + 1)))
            if task.status in OPEN_STATUSES and not task.escalated:
                instants.append(london_midnight(task.escalate_on))
        return min(instants, default=None)


def applies(step: Step, disposal: DisposalType) -> bool:
    """Return whether a step belongs to pathways of this disposal."""
    allowed = STEP_DISPOSALS.get(step)
    return allowed is None or disposal in allowed
