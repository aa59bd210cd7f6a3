"""When a member of staff's clinical supervision falls due, and whether it came on time.

Pure functions over dates, shared by the pages, the API, the daily escalation sweep and the
workforce KPIs, so they cannot disagree. A supervision falls due `interval_months` after the
later of joining the team and the last supervision; it is overdue the day after, and escalated
(the team's supervisors told) `escalate_after` working days after that, as a case task is
(`workflows.tasks.Clock.open_task`).
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from contracts.staff import SupervisionStatus
from core.workdays import add_months, add_working_days

DUE_SOON_WORKING_DAYS = 5


@dataclass(frozen=True)
class Standing:
    """A member of staff's next supervision as it stands on a day."""

    last_supervised_on: date | None
    due_on: date | None
    escalate_on: date | None
    status: SupervisionStatus


def standing(
    joined_on: date,
    left_on: date | None,
    supervised: Iterable[date],
    today: date,
    *,
    interval_months: int,
    escalate_after: int,
    holidays: Collection[date],
) -> Standing:
    """The next supervision of someone who joined on `joined_on`, as of `today`."""
    last = max((d for d in supervised if d >= joined_on), default=None)
    if left_on is not None and left_on <= today:
        return Standing(last, None, None, SupervisionStatus.LEFT)
    due = add_months(last or joined_on, interval_months)
    escalate = add_working_days(due, escalate_after, holidays)
    if today > escalate:
        status = SupervisionStatus.ESCALATED
    elif today > due:
        status = SupervisionStatus.OVERDUE
    elif add_working_days(today, DUE_SOON_WORKING_DAYS, holidays) >= due:
        status = SupervisionStatus.DUE
    else:
        status = SupervisionStatus.ON_TRACK
    return Standing(last, due, escalate, status)


@dataclass(frozen=True)
class DueInPeriod:
    """One supervision that fell due in a period, and whether it was held by its due date."""

    due_on: date
    held_on: date | None  # the first supervision after the previous one, if any yet

    @property
    def on_time(self) -> bool:
        """Held on or before its due date."""
        return self.held_on is not None and self.held_on <= self.due_on


def due_in_period(
    joined_on: date,
    left_on: date | None,
    supervised: Iterable[date],
    since: date,
    until: date,
    *,
    interval_months: int,
) -> list[DueInPeriod]:
    """Every supervision that fell due from `since` to `until` (both included), in order.

    Each falls due `interval_months` after the previous supervision (or the joining); a late
    one moves the next due date from the day it was held, so one missed month counts once,
    not again each month after. Nothing falls due after leaving.
    """
    held = sorted(d for d in set(supervised) if d >= joined_on)
    end = until if left_on is None else min(until, left_on)
    found: list[DueInPeriod] = []
    base = joined_on
    while True:
        due = add_months(base, interval_months)
        if due > end:
            return found
        following = next((d for d in held if d > base), None)
        if due >= since:
            found.append(DueInPeriod(due, following))
        if following is None:
            # Never held since: it stays one missed supervision, not one per month.
            return found
        base = following
