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

from collections import Counter
from collections.abc import Collection
from datetime import date
from functools import lru_cache
from typing import Any, Unpack

from pydantic import BaseModel, Field
from sqlalchemy import Integer, Select, and_, case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.visitors import InternalTraversal

from contracts.common import DisposalType, Step, TaskStatus
from readmodel.tables import PathwayRow, TaskRow
from reports.bound import Shape, params_of, restrict, shape_of
from reports.cohort import Cohort, Within, share

_SATURDAY = 5  # date.weekday(): Monday is 0

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


class _Tally:
    """One step's counts, and its done tasks' working days from the order (value: how many)."""

    def __init__(self) -> None:
        self.done = self.on_time = self.overdue = self.not_done = 0
        self.days: Counter[int] = Counter()

    def add(self, other: "_Tally") -> None:
        self.done += other.done
        self.on_time += other.on_time
        self.overdue += other.overdue
        self.not_done += other.not_done
        self.days.update(other.days)

    def line(self, step: str) -> StepTimeliness:
        tasks = self.done + self.overdue
        return StepTimeliness(
            step=step,
            tasks=tasks,
            done=self.done,
            done_on_time=self.on_time,
            done_late=self.done - self.on_time,
            overdue=self.overdue,
            not_done=self.not_done,
            on_time=share(self.on_time, tasks),
            median_working_days_from_order=_median(self.days),
        )


def _median(counts: Counter[int]) -> float | None:
    """The median of a multiset given as value: count (`statistics.median`'s, without a list)."""
    n = counts.total()
    if not n:
        return None
    low_at, high_at = (n - 1) // 2, n // 2  # the middle one twice, or the middle two
    low: int | None = None
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if low is None and low_at < seen:
            low = value
        if high_at < seen:
            assert low is not None  # low_at <= high_at
            return (low + value) / 2
    raise AssertionError("unreachable: high_at < n")


class _DayNumber(FunctionElement[int]):
    """A date's ordinal (`date.toordinal`: 1 January of year 1 is 1), in SQL."""

    type = Integer()
    inherit_cache = True
    name = "day_number"


@compiles(_DayNumber, "postgresql")
def _day_number_postgres(element: _DayNumber, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(({compiler.process(element.clauses, **kw)}) - DATE '0001-01-01' + 1)"


@compiles(_DayNumber)
def _day_number_sqlite(element: _DayNumber, compiler: SQLCompiler, **kw: Any) -> str:
    # julianday counts from noon: the difference of two dates is a whole number of days.
    return (
        f"CAST(julianday({compiler.process(element.clauses, **kw)}) "
        "- julianday('0001-01-01') + 1 AS INTEGER)"
    )


class _HolidaysThrough(FunctionElement[int]):
    """How many of the (sorted) holidays fall on or before a date, in SQL."""

    type = Integer()
    inherit_cache = True
    # The holidays are written into the statement, so they are part of its cache key.
    _traverse_internals = [
        *FunctionElement._traverse_internals,
        ("holidays", InternalTraversal.dp_plain_obj),
    ]
    name = "holidays_through"

    def __init__(
        self, day: ColumnElement[Any] | InstrumentedAttribute[Any], holidays: tuple[date, ...]
    ) -> None:
        super().__init__(day)
        self.holidays = holidays


@compiles(_HolidaysThrough, "postgresql")
def _holidays_through_postgres(element: _HolidaysThrough, compiler: SQLCompiler, **kw: Any) -> str:
    # width_bucket over a sorted array is a binary search in C: the count of thresholds <= day.
    if not element.holidays:
        return "0"
    days = ", ".join(f"'{h.isoformat()}'" for h in element.holidays)
    return f"width_bucket({compiler.process(element.clauses, **kw)}, ARRAY[{days}]::date[])"


@compiles(_HolidaysThrough)
def _holidays_through_sqlite(element: _HolidaysThrough, compiler: SQLCompiler, **kw: Any) -> str:
    # A binary search in nested CASEs (dates are ISO text, so they compare as text).
    day = compiler.process(element.clauses, **kw)
    holidays = element.holidays

    def count(low: int, high: int) -> str:
        if low == high:
            return str(low)
        middle = (low + high + 1) // 2
        at = holidays[middle - 1].isoformat()
        then, other = count(middle, high), count(low, middle - 1)
        return f"CASE WHEN {day} >= '{at}' THEN {then} ELSE {other} END"

    return count(0, len(holidays))


def _working_day_number(
    day: ColumnElement[Any] | InstrumentedAttribute[Any], holidays: tuple[date, ...]
) -> ColumnElement[int]:
    """Working days from a fixed Monday through `day`: a difference of two is the count between.

    The same arithmetic as `core.workdays.working_days_between` (Monday-to-Friday days by
    the ordinal, less the weekday bank holidays), done by the database so that a national
    cohort's million tasks are counted where they are, not fetched.
    """
    ordinal = _DayNumber(day)
    weeks, rest = ordinal // 7, ordinal % 7
    weekdays = weeks * 5 + case((rest > 5, 5), else_=rest)
    return weekdays - _HolidaysThrough(day, holidays)


@lru_cache(maxsize=32)  # a few sets of holidays (one per calendar) times a few shapes
def _tallies(weekday_holidays: tuple[date, ...], shape: Shape) -> Select[Any]:
    """The cohort's tasks counted by step, kind of pathway and working days from the order.

    Built once for each set of holidays and shape of cohort (`reports.bound`): the cohort's
    values are bound when it runs, so SQLAlchemy compiles it once.
    """
    counted = TaskRow.not_done.is_not(True)  # not done: shown apart, never on time
    done = and_(counted, TaskRow.status == TaskStatus.DONE.value)
    completed = and_(done, TaskRow.completed_on.is_not(None))
    days = case(
        (
            and_(completed, TaskRow.completed_on > PathwayRow.made_on),
            _working_day_number(TaskRow.completed_on, weekday_holidays)
            - _working_day_number(PathwayRow.made_on, weekday_holidays),
        ),
        (completed, 0),
        else_=None,
    )

    def flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return case((condition, 1), else_=0)

    diverted = PathwayRow.disposal == DisposalType.DIVERSION.value
    each = select(
        TaskRow.step.label("step"),
        flag(diverted).label("diversion"),
        days.label("days"),
        flag(done).label("done"),
        flag(and_(completed, TaskRow.completed_on <= TaskRow.due_date)).label("on_time"),
        flag(and_(counted, TaskRow.status == TaskStatus.OVERDUE.value)).label("overdue"),
        flag(TaskRow.not_done.is_(True)).label("not_done"),
    ).where(
        TaskRow.status.in_([TaskStatus.DONE.value, TaskStatus.OVERDUE.value])
        | TaskRow.not_done.is_(True)
    )
    joined = each.join(PathwayRow, PathwayRow.pathway_id == TaskRow.pathway_id)
    rows = restrict(joined, shape).subquery()
    # Grouped by step and working days only (the flags summed), so the database can hash a few
    # thousand groups rather than sort a million rows.
    return select(
        rows.c.step,
        rows.c.diversion,
        rows.c.days,
        func.sum(rows.c.done),
        func.sum(rows.c.on_time),
        func.sum(rows.c.overdue),
        func.sum(rows.c.not_done),
        func.count(),
    ).group_by(rows.c.step, rows.c.diversion, rows.c.days)


def timeliness(
    session: Session, *, holidays: Collection[date], **within: Unpack[Within]
) -> TimelinessReport:
    """Return the timeliness of each step for the cohort, in the order of `Step`.

    Counted by the database (by step, status, on time or not, and working days from the
    order), so only those tallies leave it.

    Args:
        session: a read-model session.
        holidays: the bank holidays to skip when counting working days.
        **within: the cohort (`Cohort`: by default, every pathway).

    Raises:
        ValueError: `since` is after `until`.
    """
    cohort = Cohort(**within)
    weekday_holidays = tuple(sorted({h for h in holidays if h.weekday() < _SATURDAY}))
    tallies = _tallies(weekday_holidays, shape_of(cohort))
    by_step: dict[str, _Tally] = {s.value: _Tally() for s in TIMELINESS_STEPS}
    diversion: dict[str, _Tally] = {s.value: _Tally() for s in DIVERSION_TIMELINESS_STEPS}
    for row in session.execute(tallies, params_of(cohort)):
        step, diverted_, working_days, n_done, n_on_time, n_overdue, n_not_done, n = row
        tally = (diversion if diverted_ else by_step).setdefault(step, _Tally())
        tally.done += int(n_done)
        tally.on_time += int(n_on_time)
        tally.overdue += int(n_overdue)
        tally.not_done += int(n_not_done)
        if working_days is not None:
            tally.days[int(working_days)] += n
    overall, diversion_overall = _Tally(), _Tally()
    for tally in by_step.values():
        overall.add(tally)
    for tally in diversion.values():
        diversion_overall.add(tally)
    return TimelinessReport(
        cohort=cohort,
        steps=[tally.line(step) for step, tally in by_step.items()],
        overall=overall.line("all"),
        diversion_steps=[tally.line(step) for step, tally in diversion.items()],
        diversion_overall=diversion_overall.line("all"),
    )
