"""What the pages show of staff supervision: the dashboard's panel and the form to record one.

The form's fields are described once (`web.fields`) and validated by the API's own model
(`contracts.staff.SupervisionRecord`), so a page and the API refuse the same things in the same
words.
"""

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from access import Role, User
from contracts.staff import StaffView, SupervisionStatus, SupervisionTheme
from core.settings import Settings
from core.workdays import london_date
from db.staff import staff_of
from web.fields import Field

THEME_NAMES = {
    SupervisionTheme.WELLBEING: "Wellbeing",
    SupervisionTheme.VICARIOUS_TRAUMA: "Vicarious trauma and its effects",
    SupervisionTheme.CASELOAD: "Caseload and workload",
    SupervisionTheme.PRACTICE_MODEL: "Practice in the service's model",
    SupervisionTheme.REFLECTIVE_PRACTICE: "Reflective practice",
    SupervisionTheme.BIAS_AND_DIFFERENCE: "Bias, difference and the GRACES",
    SupervisionTheme.LEARNING_AND_DEVELOPMENT: "Learning and development",
}
STATUS_TAGS = {
    SupervisionStatus.ESCALATED: ("Escalated", "orange"),
    SupervisionStatus.OVERDUE: ("Overdue", "red"),
    SupervisionStatus.DUE: ("Due soon", "yellow"),
    SupervisionStatus.ON_TRACK: ("On track", "green"),
    SupervisionStatus.LEFT: ("Left the team", "grey"),
}
SUPERVISION_FIELDS = (
    Field(
        "supervised_on",
        "Date of the supervision",
        "date",
        message="Enter the date of the supervision",
        hint="For example, 1 12 2026. It cannot be in the future.",
    ),
    Field(
        "themes",
        "What the supervision covered",
        "many",
        message="Select at least one theme",
        hint="Themes only: do not record anything about a child or a case here.",
        options=tuple((t.value, THEME_NAMES[t]) for t in SupervisionTheme),
    ),
)


def today() -> date:
    """Today in London, as due dates are counted."""
    return london_date(datetime.now(UTC))


def team_staff(
    sessions: sessionmaker[Session], settings: Settings, holidays: frozenset[date], user: User
) -> list[StaffView]:
    """The staff of the user's team, those needing supervision first (auditors: every team)."""
    teams = None if user.role == Role.AUDITOR else ([user.team] if user.team else [])
    with sessions() as session:
        views = staff_of(
            session,
            teams,
            today(),
            interval_months=settings.staff_supervision_interval_months,
            escalate_after=settings.deadlines.escalate_after_working_days_overdue,
            holidays=holidays,
        )
    order = list(STATUS_TAGS)
    return sorted(views, key=lambda v: (order.index(v.status), v.due_on or date.max, v.user))
