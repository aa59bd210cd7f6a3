"""Staff and their clinical supervision in the case database (ADR 0124).

A supervisor adds case managers to their own team, records that one left, and records each
one-to-one clinical supervision they hold (a date and themes). Every reader works out what is
due with `core.supervision`, from the same rows.
"""

from collections import defaultdict
from collections.abc import Collection
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.staff import (
    StaffJoining,
    StaffView,
    SupervisionRecord,
    SupervisionTheme,
    SupervisionView,
)
from core.errors import FieldProblem, InvalidInput, NotFound
from core.supervision import standing
from db.tables import StaffMember, StaffSupervision


def _current(session: Session, team: str, user: str) -> StaffMember | None:
    query = select(StaffMember).where(
        StaffMember.team == team, StaffMember.user_name == user, StaffMember.left_on.is_(None)
    )
    return session.scalars(query).first()


def join(session: Session, joining: StaffJoining, added_by: str) -> StaffMember:
    """Add a case manager to a team; refused if they are in it already."""
    if _current(session, joining.team, joining.user) is not None:
        raise InvalidInput(
            problems=[FieldProblem("user", f"{joining.user} is already in team {joining.team}")]
        )
    member = StaffMember(
        user_name=joining.user,
        team=joining.team,
        joined_on=joining.joined_on,
        left_on=None,
        added_by=added_by,
        added_at=datetime.now(UTC),
    )
    session.add(member)
    session.flush()
    return member


def member(session: Session, team: str, user: str) -> StaffMember:
    """The member of staff now in `team`; `NotFound` if there is none."""
    found = _current(session, team, user)
    if found is None:
        raise NotFound(f"no member of staff {user} in team {team}")
    return found


def leave(session: Session, team: str, user: str, left_on: date) -> StaffMember:
    """Record that a case manager left the team (nothing falls due after)."""
    found = member(session, team, user)
    if left_on < found.joined_on:
        raise InvalidInput(
            problems=[FieldProblem("left_on", f"is before they joined on {found.joined_on}")]
        )
    found.left_on = left_on
    return found


def record_supervision(
    session: Session, team: str, user: str, record: SupervisionRecord, by: str, today: date
) -> StaffSupervision:
    """Record a supervision held with a member of the team (not before joining, not ahead)."""
    found = member(session, team, user)
    if record.supervised_on > today:
        raise InvalidInput(
            problems=[FieldProblem("supervised_on", f"is in the future (today is {today})")]
        )
    if record.supervised_on < found.joined_on:
        raise InvalidInput(
            problems=[FieldProblem("supervised_on", f"is before they joined on {found.joined_on}")]
        )
    row = StaffSupervision(
        staff_id=found.id,
        supervised_on=record.supervised_on,
        themes=[t.value for t in record.themes],
        recorded_by=by,
        recorded_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return row


def supervisions(session: Session, staff_ids: Collection[int]) -> dict[int, list[date]]:
    """The dates of every supervision of these members of staff."""
    found: dict[int, list[date]] = defaultdict(list)
    if not staff_ids:
        return found
    query = select(StaffSupervision.staff_id, StaffSupervision.supervised_on).where(
        StaffSupervision.staff_id.in_(sorted(staff_ids))
    )
    for staff_id, on in session.execute(query):
        found[staff_id].append(on)
    return found


def history(session: Session, team: str, user: str) -> list[SupervisionView]:
    """A member of staff's supervisions in the team, latest first."""
    found = member(session, team, user)
    query = (
        select(StaffSupervision)
        .where(StaffSupervision.staff_id == found.id)
        .order_by(StaffSupervision.supervised_on.desc(), StaffSupervision.id.desc())
    )
    return [
        SupervisionView(
            supervised_on=row.supervised_on,
            themes=[SupervisionTheme(t) for t in row.themes],
            recorded_by=row.recorded_by,
        )
        for row in session.scalars(query)
    ]


def staff_of(
    session: Session,
    teams: Collection[str] | None,
    today: date,
    *,
    interval_months: int,
    escalate_after: int,
    holidays: Collection[date],
    include_left: bool = False,
) -> list[StaffView]:
    """The staff of these teams (None: every team), with their supervision as of `today`."""
    query = select(StaffMember).order_by(StaffMember.team, StaffMember.user_name)
    if teams is not None:
        query = query.where(StaffMember.team.in_(sorted(teams)))
    if not include_left:
        query = query.where(StaffMember.left_on.is_(None))
    members = list(session.scalars(query))
    held = supervisions(session, [m.id for m in members])
    views = []
    for m in members:
        now = standing(
            m.joined_on,
            m.left_on,
            held.get(m.id, []),
            today,
            interval_months=interval_months,
            escalate_after=escalate_after,
            holidays=holidays,
        )
        views.append(
            StaffView(
                user=m.user_name,
                team=m.team,
                joined_on=m.joined_on,
                left_on=m.left_on,
                last_supervised_on=now.last_supervised_on,
                due_on=now.due_on,
                escalate_on=now.escalate_on,
                status=now.status,
            )
        )
    return views
