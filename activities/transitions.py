"""Finding the children who turn 18 within the planning window, in the case database.

The only place that reads a date of birth for the transition to adult services: the sweep
workflow (`workflows.transitions`) gets back pathway ids and nothing else. A pathway is found
when it is open, its order passes to the Probation Service at 18 (a youth rehabilitation order
or a DTO, `workflows.tasks.STEP_DISPOSALS`), it has no transition planning task yet, its child
turns 18 from today up to the end of the month `lead_months` ahead, and the order runs past
that birthday ("Joint National Protocol for Transitions in England", YJB, Probation Service and
HMPPS, June 2021; `workflows.transfers`).

The window ends with a calendar month, not on a day counted from today: a pathway is first
found on the first day of a month, whatever the day of birth, so the day a pathway is told (and
the task's dates in its history) reveals at most the month of birth (ADR 0114).
"""

from calendar import monthrange
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from contracts.common import Step
from contracts.transfers import TransitionSweepRequest, TransitionSweepResult
from core.workdays import add_months
from db.tables import Child
from readmodel.tables import PathwayRow, TaskRow
from workflows.tasks import STEP_DISPOSALS

ADULT_AGE = 18


def eighteenth_birthday(date_of_birth: date) -> date:
    """The day the child turns 18; born on 29 February, 1 March in a common year.

    A person attains an age at the start of the anniversary of their birth (Family Law Reform
    Act 1969, s. 9); the anniversary of 29 February in a common year is taken as 1 March.
    """
    year = date_of_birth.year + ADULT_AGE
    try:
        return date_of_birth.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def window_end(today: date, lead_months: int) -> date:
    """The last day of the month `lead_months` after today's: the window's end."""
    ahead = add_months(today.replace(day=1), lead_months)
    return ahead.replace(day=monthrange(ahead.year, ahead.month)[1])


class TransitionActivities:
    """Reads the case database for the daily transition sweep."""

    def __init__(self, sessions: sessionmaker[Session], *, lead_months: int = 3) -> None:
        self._sessions = sessions
        self._lead_months = lead_months

    @activity.defn(name="find_children_turning_18")
    def find_children_turning_18(self, request: TransitionSweepRequest) -> TransitionSweepResult:
        """The open pathways to tell that their child turns 18 within the window."""
        today, until = request.today, window_end(request.today, self._lead_months)
        disposals = sorted(d.value for d in STEP_DISPOSALS[Step.TRANSITION_PLANNING])
        task = Step.TRANSITION_PLANNING.value
        has_task = exists().where(
            TaskRow.pathway_id == PathwayRow.pathway_id, TaskRow.task_id == task
        )
        query = (
            select(PathwayRow.pathway_id, PathwayRow.order_ends_on, Child.date_of_birth)
            .join(Child, Child.child_id == PathwayRow.child_id)
            .where(
                PathwayRow.status == "open",
                PathwayRow.disposal.in_(disposals),
                PathwayRow.anonymised_on.is_(None),
                ~has_task,
            )
            .order_by(PathwayRow.pathway_id)
        )
        with self._sessions() as session:
            rows = session.execute(query).all()
        found = []
        for pathway_id, ends_on, date_of_birth in rows:
            birthday = eighteenth_birthday(date_of_birth)
            if today <= birthday <= until and ends_on > birthday:
                found.append(pathway_id)
        activity.logger.info("transition sweep: %d pathway(s) to tell", len(found))
        return TransitionSweepResult(pathway_ids=found)
