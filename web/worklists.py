"""The task lists of the dashboard and of a caseworker's home, grouped and named for a page."""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from access import Scope
from readmodel.queries import (
    CaseLine,
    Filters,
    TaskLine,
    caseload,
    due_soon_tasks,
    overdue_tasks,
)
from web.queries import ChildName, child_names

DUE_SOON_DAYS = 10
UNALLOCATED = "Not allocated"


@dataclass(frozen=True)
class Line:
    """A task with the child's name."""

    task: TaskLine
    child: ChildName | None


@dataclass
class CaseWork:
    """One case's tasks in a group: overdue ones, then those due soon."""

    pathway_id: str
    child: ChildName | None
    overdue: list[TaskLine] = field(default_factory=list)
    due: list[TaskLine] = field(default_factory=list)

    @property
    def most_late(self) -> int:
        """Working days its most overdue task is late (0 when none is)."""
        return max((t.working_days_overdue for t in self.overdue), default=0)

    @property
    def escalated(self) -> bool:
        """Whether any of its overdue tasks was escalated."""
        return any(t.escalated for t in self.overdue)


@dataclass
class Group:
    """One caseworker's tasks (or the unallocated cases')."""

    caseworker: str
    overdue: list[Line] = field(default_factory=list)
    due: list[Line] = field(default_factory=list)

    @property
    def escalated(self) -> int:
        """How many of the overdue tasks were escalated."""
        return sum(1 for line in self.overdue if line.task.escalated)

    @property
    def cases(self) -> list[CaseWork]:
        """The tasks case by case, the case with the most overdue task first."""
        cases: dict[str, CaseWork] = {}
        for kind in ("overdue", "due"):
            for line in getattr(self, kind):
                case = cases.setdefault(
                    line.task.pathway_id, CaseWork(line.task.pathway_id, line.child)
                )
                getattr(case, kind).append(line.task)
        return sorted(cases.values(), key=lambda c: (-c.most_late, not c.overdue, c.pathway_id))

    @property
    def allocated(self) -> bool:
        """Whether these are a case manager's tasks (not the unallocated cases')."""
        return self.caseworker != UNALLOCATED


@dataclass
class Worklist:
    """Everything a dashboard or home page lists."""

    groups: list[Group]
    cases: list[CaseLine]
    unallocated: list[CaseLine]
    children: dict[str, ChildName]

    @property
    def overdue(self) -> list[Line]:
        """Every overdue task, most overdue first."""
        lines = [line for g in self.groups for line in g.overdue]
        return sorted(lines, key=lambda line: (line.task.due_date, line.task.pathway_id))

    @property
    def due(self) -> list[Line]:
        """Every task due soon, soonest first."""
        lines = [line for g in self.groups for line in g.due]
        return sorted(lines, key=lambda line: (line.task.due_date, line.task.pathway_id))

    @property
    def escalated(self) -> int:
        """How many overdue tasks were escalated."""
        return sum(g.escalated for g in self.groups)


def worklist(
    session: Session,
    *,
    scope: Scope,
    filters: Filters,
    today: date,
    holidays: Collection[date],
    escalated_only: bool = False,
) -> Worklist:
    """Read overdue and soon-due tasks, the caseload and unallocated cases; group by caseworker."""
    overdue = overdue_tasks(
        session, scope=scope, filters=filters, today=today, holidays=holidays, limit=1000
    )
    if escalated_only:
        overdue = [t for t in overdue if t.escalated]
    due = due_soon_tasks(
        session,
        scope=scope,
        filters=filters,
        today=today,
        until=today + timedelta(days=DUE_SOON_DAYS),
        holidays=holidays,
        limit=1000,
    )
    cases = caseload(session, scope=scope, caseworker=filters.caseworker, include_closed=False)
    unallocated = [c for c in cases if c.team is None]
    ids = {t.pathway_id for t in overdue + due} | {c.pathway_id for c in cases}
    children = child_names(session, ids)
    groups: dict[str, Group] = {}
    for kind, tasks in (("overdue", overdue), ("due", due)):
        for task in tasks:
            name = task.caseworker or UNALLOCATED
            group = groups.setdefault(name, Group(name))
            getattr(group, kind).append(Line(task, children.get(task.pathway_id)))
    ordered = sorted(
        groups.values(),
        key=lambda g: (g.caseworker != UNALLOCATED, -len(g.overdue), g.caseworker),
    )
    return Worklist(ordered, [c for c in cases if c.team is not None], unallocated, children)
