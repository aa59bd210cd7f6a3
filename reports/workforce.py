"""The workforce: clinical supervision on time, and how stable a child's case manager is.

The service's model asks for monthly one-to-one clinical supervision and consistent
practitioners (DESIGN.md, "The practice model"). Over a period (the cohort's `since` to
`until`; open ends: from the first joining, up to today):

- supervisions due: every supervision that fell due in the period (`core.supervision`: due
  an interval after the last, or after joining; a late one moves the next; nothing after
  leaving); on time: held by its due date;
- staff supervised on time: members of staff with at least one supervision due in the period,
  and of them those whose every supervision due was on time;
- staff leaving: members of the team who left in the period, among those in post at any time in
  it (a move between teams is a leaving and a joining);
- case manager changes per child: reallocations after the first, summed over the cohort's
  pathways, per child (by opaque id).

Per team when the cohort names one, else every team.
"""

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.supervision import due_in_period
from db.staff import supervisions
from db.tables import StaffMember
from readmodel.tables import PathwayRow
from reports.cohort import Cohort, share


class WorkforceKpis(BaseModel):
    """Clinical supervision of staff and the stability of case management, in the period."""

    staff_in_post: int = Field(description="members of staff in post at any time in the period")
    supervisions_due: int = Field(description="supervisions that fell due in the period")
    supervisions_on_time: int = Field(description="of them, held by the due date")
    staff_with_supervision_due: int
    staff_supervised_on_time: int = Field(description="every supervision due was on time")
    staff_supervised_on_time_share: float | None
    staff_leaving: int = Field(description="left the team in the period")
    staff_leaving_share: float | None = Field(description="staff_leaving / staff_in_post")
    children: int = Field(description="children of the cohort's pathways")
    case_manager_changes: int
    case_manager_changes_per_child: float | None


class ChildrenAndChanges(NamedTuple):
    """The cohort's children and case manager changes, when counted already (by the database)."""

    children: int
    changes: int


def workforce(
    session: Session,
    cohort: Cohort,
    pathways: "Iterable[PathwayRow] | ChildrenAndChanges",
    today: date,
    *,
    interval_months: int,
) -> WorkforceKpis:
    """The workforce KPIs of the cohort's team (or every team) over its period."""
    until = min(cohort.until or today, today)
    query = select(StaffMember).where(StaffMember.joined_on <= until)
    if cohort.team is not None:
        query = query.where(StaffMember.team == cohort.team)
    if cohort.since is not None:
        query = query.where((StaffMember.left_on.is_(None)) | (StaffMember.left_on >= cohort.since))
    members = list(session.scalars(query))
    since = cohort.since or min((m.joined_on for m in members), default=until)
    held = supervisions(session, [m.id for m in members])
    due = on_time = with_due = all_on_time = leaving = 0
    for m in members:
        dues = due_in_period(
            m.joined_on,
            m.left_on,
            held.get(m.id, []),
            since,
            until,
            interval_months=interval_months,
        )
        due += len(dues)
        on_time += sum(d.on_time for d in dues)
        if dues:
            with_due += 1
            all_on_time += all(d.on_time for d in dues)
        leaving += m.left_on is not None and since <= m.left_on <= until
    if isinstance(pathways, ChildrenAndChanges):
        children, changes = pathways
    else:
        rows = list(pathways)
        children = len({p.child_id for p in rows})
        changes = sum(p.case_manager_changes for p in rows)
    return WorkforceKpis(
        staff_in_post=len(members),
        supervisions_due=due,
        supervisions_on_time=on_time,
        staff_with_supervision_due=with_due,
        staff_supervised_on_time=all_on_time,
        staff_supervised_on_time_share=share(all_on_time, with_due),
        staff_leaving=leaving,
        staff_leaving_share=share(leaving, len(members)),
        children=children,
        case_manager_changes=changes,
        case_manager_changes_per_child=None if not children else changes / children,
    )
