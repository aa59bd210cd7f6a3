"""Questions across pathways, answered from the read model: task lists and caseloads."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from db.readmodel import PathwayRow, TaskRow
from workdays import working_days_between

Q = TypeVar("Q", Select[TaskRow], Select[PathwayRow, Any])


@dataclass(frozen=True)
class Scope:
    """Which pathways a caller may see: all, or some teams (and perhaps unallocated ones)."""

    teams: frozenset[str] | None  # None: every team
    unallocated: bool

    def apply(self, query: Q, team_column: InstrumentedAttribute[str | None]) -> Q:
        """Restrict a query on a table with a `team` column to this scope."""
        if self.teams is None:
            return query
        conditions = [team_column.in_(self.teams)]
        if self.unallocated:
            conditions.append(team_column.is_(None))
        return query.where(or_(*conditions))


@dataclass(frozen=True)
class Filters:
    """Optional filters of the task lists."""

    team: str | None = None
    caseworker: str | None = None
    step: str | None = None


@dataclass(frozen=True)
class TaskLine:
    """One task in a list, with how late it is in working days."""

    pathway_id: str
    task_id: str
    step: str
    status: str
    due_date: date
    working_days_overdue: int
    escalated: bool
    caseworker: str | None
    team: str | None


def _filtered(query: Select[TaskRow], scope: Scope, filters: Filters) -> Select[TaskRow]:
    query = scope.apply(query, TaskRow.team)
    if filters.team is not None:
        query = query.where(TaskRow.team == filters.team)
    if filters.caseworker is not None:
        query = query.where(TaskRow.caseworker == filters.caseworker)
    if filters.step is not None:
        query = query.where(TaskRow.step == filters.step)
    return query


def _lines(rows: list[TaskRow], today: date, holidays: Collection[date]) -> list[TaskLine]:
    return [
        TaskLine(
            pathway_id=r.pathway_id,
            task_id=r.task_id,
            step=r.step,
            status=r.status,
            due_date=r.due_date,
            working_days_overdue=working_days_between(r.due_date, today, holidays),
            escalated=r.escalated,
            caseworker=r.caseworker,
            team=r.team,
        )
        for r in rows
    ]


def overdue_tasks(
    session: Session,
    *,
    scope: Scope,
    filters: Filters,
    today: date,
    holidays: Collection[date],
    limit: int = 200,
    offset: int = 0,
) -> list[TaskLine]:
    """Overdue tasks, most overdue first (earliest due date, then pathway and task)."""
    query = _filtered(select(TaskRow).where(TaskRow.status == "overdue"), scope, filters)
    query = query.order_by(TaskRow.due_date, TaskRow.pathway_id, TaskRow.task_id)
    rows = list(session.scalars(query.limit(limit).offset(offset)))
    return _lines(rows, today, holidays)


def due_soon_tasks(
    session: Session,
    *,
    scope: Scope,
    filters: Filters,
    today: date,
    until: date,
    holidays: Collection[date],
    limit: int = 200,
    offset: int = 0,
) -> list[TaskLine]:
    """Open tasks due from today up to `until`, soonest first."""
    query = select(TaskRow).where(
        TaskRow.status == "open", TaskRow.due_date >= today, TaskRow.due_date <= until
    )
    query = _filtered(query, scope, filters).order_by(TaskRow.due_date, TaskRow.pathway_id)
    return _lines(list(session.scalars(query.limit(limit).offset(offset))), today, holidays)


@dataclass(frozen=True)
class CaseLine:
    """One pathway in a caseload."""

    pathway_id: str
    disposal: str
    status: str
    caseworker: str | None
    team: str | None
    made_on: date
    order_ends_on: date
    overdue_tasks: int


def caseload(
    session: Session, *, scope: Scope, caseworker: str | None, include_closed: bool
) -> list[CaseLine]:
    """Pathways in scope (optionally one caseworker's), newest order first."""
    overdue = (
        select(TaskRow.pathway_id, func.count().label("n"))
        .where(TaskRow.status == "overdue")
        .group_by(TaskRow.pathway_id)
        .subquery()
    )
    query = select(PathwayRow, func.coalesce(overdue.c.n, 0)).outerjoin(
        overdue, overdue.c.pathway_id == PathwayRow.pathway_id
    )
    query = scope.apply(query, PathwayRow.team)
    if caseworker is not None:
        query = query.where(PathwayRow.caseworker == caseworker)
    if not include_closed:
        query = query.where(PathwayRow.status == "open")
    query = query.order_by(PathwayRow.made_on.desc(), PathwayRow.pathway_id)
    return [
        CaseLine(
            p.pathway_id, p.disposal, p.status, p.caseworker, p.team, p.made_on, p.order_ends_on, n
        )
        for p, n in session.execute(query)
    ]
