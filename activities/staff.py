"""The daily clinical supervision sweep's work: tell a team's supervisors of escalated ones.

A supervision overdue past its escalation point (`core.supervision`) is written to the
notification outbox for the member's team, once per due date (the key), so a repeat of the
sweep, or a retry, tells nobody twice, and a supervision missed again later is told again.
The message names the member of staff and dates only: no child, no case.
"""

import logging
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from contracts.staff import StaffSweepRequest, StaffSweepResult, SupervisionStatus
from core.bank_holidays import england_and_wales
from db.staff import staff_of
from db.tables import OutboxMessage

log = logging.getLogger(__name__)
KIND = "staff_supervision"


class StaffActivities:
    """Reads the staff tables and writes the outbox for the daily supervision sweep."""

    def __init__(
        self, sessions: sessionmaker[Session], *, interval_months: int, escalate_after: int
    ) -> None:
        self._sessions = sessions
        self._interval_months = interval_months
        self._escalate_after = escalate_after

    @activity.defn(name="escalate_overdue_supervision")
    def escalate_overdue_supervision(self, request: StaffSweepRequest) -> StaffSweepResult:
        """Queue one message per supervision escalated as of `request.today`, once each."""
        today = request.today
        holidays = england_and_wales(today.year - 1, today.year + 1).holidays
        told: list[str] = []
        with self._sessions.begin() as session:
            members = staff_of(
                session,
                None,
                today,
                interval_months=self._interval_months,
                escalate_after=self._escalate_after,
                holidays=holidays,
            )
            for m in members:
                if m.status != SupervisionStatus.ESCALATED or m.due_on is None:
                    continue
                key = f"staff:{m.team}:{m.user}:{m.due_on.isoformat()}"
                if session.get(OutboxMessage, key) is not None:
                    continue
                session.add(
                    OutboxMessage(
                        key=key,
                        kind=KIND,
                        pathway_id="",
                        team=m.team,
                        area=None,
                        message=_message(m.user, m.due_on, today),
                        created_at=datetime.now(UTC),
                    )
                )
                told.append(m.user)
        log.info("supervision sweep: %d escalated", len(told))
        return StaffSweepResult(escalated=told)


def _message(user: str, due_on: date, today: date) -> str:
    return (
        f"Clinical supervision of {user} was due on {due_on:%d %B %Y} and has not been "
        f"recorded (as of {today:%d %B %Y}): hold it and record it on the dashboard."
    )
