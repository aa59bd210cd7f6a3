"""Questions across pathways, answered from the read model and the notification outbox.

Task lists, caseloads, notifications, who may see which pathways, the case managers and teams
the pages offer, and whether retention must keep a child identified. Each list is restricted to
the caller's scope (`access.scope`) in SQL.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, NotRequired, TypedDict, TypeVar, Unpack

from sqlalchemy import ColumnElement, Row, Select, and_, bindparam, func, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from access import User
from access.scope import Scope, may_see
from core.workdays import working_days_between
from db.tables import OutboxMessage, PathwayIndex
from readmodel.tables import PathwayRow, TaskRow

Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])


def in_scope(
    query: Q,
    scope: Scope,
    team_column: InstrumentedAttribute[str | None],
    area_column: InstrumentedAttribute[str | None],
) -> Q:
    """Restrict a query on a table with `team` and `area` columns to a scope (`access.scope`)."""
    if scope.everything:
        return query
    teams = None if scope.teams is None else sorted(scope.teams)
    areas = None if scope.areas is None else sorted(scope.areas)
    return query.where(_condition(scope.intake, teams, areas, team_column, area_column))


def _condition(
    intake: bool,
    teams: Any,
    areas: Any,
    team_column: InstrumentedAttribute[str | None],
    area_column: InstrumentedAttribute[str | None],
) -> ColumnElement[bool]:
    """`Scope.sees` in SQL; `teams` and `areas` are values or expanding parameters (None: all)."""
    team_ok = team_column.is_not(None) if teams is None else team_column.in_(teams)
    if not intake:
        return team_ok
    area_ok = true() if areas is None else or_(area_column.is_(None), area_column.in_(areas))
    return or_(team_ok, and_(team_column.is_(None), area_ok))


@dataclass(frozen=True)
class Filters:
    """Optional filters of the task lists."""

    team: str | None = None
    caseworker: str | None = None
    step: str | None = None


@dataclass(slots=True)
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
    # An agreed action's owner (case formulation, issue 18); None for the case manager's tasks.
    owner_agency: str | None = None
    owner_person: str | None = None


_Owner = str | None
_LineSelect = Select[str, str, str, str, date, bool, _Owner, _Owner, _Owner, _Owner]
_LineRow = Row[str, str, str, str, date, bool, _Owner, _Owner, _Owner, _Owner]
_LINE = (
    TaskRow.pathway_id,
    TaskRow.task_id,
    TaskRow.step,
    TaskRow.status,
    TaskRow.due_date,
    TaskRow.escalated,
    TaskRow.caseworker,
    TaskRow.team,
    TaskRow.owner_agency,
    TaskRow.owner_person,
)


@lru_cache(maxsize=256)
def _task_list(
    due_soon: bool, scope: tuple[bool, bool, bool] | None, filters: tuple[str, ...]
) -> _LineSelect:
    """The statement of one shape of task list, built once; values are bound when it runs."""
    query = select(*_LINE)
    if due_soon:
        query = query.where(
            TaskRow.status == "open",
            TaskRow.due_date >= bindparam("today"),
            TaskRow.due_date <= bindparam("until"),
        ).order_by(TaskRow.due_date, TaskRow.pathway_id)
    else:
        query = query.where(TaskRow.status == "overdue").order_by(
            TaskRow.due_date, TaskRow.pathway_id, TaskRow.task_id
        )
    if scope is not None:  # (intake, every team, every area); the teams and areas are bound
        intake, all_teams, all_areas = scope
        teams: Any = None if all_teams else bindparam("scope_teams", expanding=True)
        areas: Any = None if all_areas else bindparam("scope_areas", expanding=True)
        query = query.where(_condition(intake, teams, areas, TaskRow.team, TaskRow.area))
    for name in filters:
        query = query.where(getattr(TaskRow, name) == bindparam(name))
    return query.limit(bindparam("limit")).offset(bindparam("offset"))


def _task_lines(session: Session, asked: "TaskListArgs", values: dict[str, Any]) -> list[TaskLine]:
    filters, scope = asked["filters"], asked["scope"]
    names = tuple(n for n in ("team", "caseworker", "step") if getattr(filters, n) is not None)
    values |= {n: getattr(filters, n) for n in names}
    values |= {"limit": asked.get("limit", 200), "offset": asked.get("offset", 0)}
    shape = None
    if not scope.everything:
        # One statement per shape of scope; the teams and areas themselves are bound.
        shape = (scope.intake, scope.teams is None, scope.areas is None)
        values["scope_teams"] = sorted(scope.teams or ())
        values["scope_areas"] = sorted(scope.areas or ())
    statement = _task_list("until" in values, shape, names)
    rows = session.execute(statement, values).all()
    return _lines(rows, asked["today"], asked["holidays"])


def _lines(rows: Sequence[_LineRow], today: date, holidays: Collection[date]) -> list[TaskLine]:
    late: dict[date, int] = {}  # many tasks share a due date
    lines = []
    for pathway_id, task_id, step, status, due, escalated, caseworker, team, *owner in rows:
        if due not in late:
            late[due] = working_days_between(due, today, holidays)
        lines.append(
            TaskLine(
                pathway_id,
                task_id,
                step,
                status,
                due,
                late[due],
                escalated,
                caseworker,
                team,
                *owner,
            )
        )
    return lines


class TaskListArgs(TypedDict):
    """What a task list is read with: whose tasks, filtered how, on which day, which page."""

    scope: Scope
    filters: Filters
    today: date
    holidays: Collection[date]
    limit: NotRequired[int]  # 200 by default
    offset: NotRequired[int]  # 0 by default


def overdue_tasks(session: Session, **asked: Unpack[TaskListArgs]) -> list[TaskLine]:
    """Overdue tasks, most overdue first (earliest due date, then pathway and task)."""
    return _task_lines(session, asked, {})


def due_soon_tasks(
    session: Session, *, until: date, **asked: Unpack[TaskListArgs]
) -> list[TaskLine]:
    """Open tasks due from today up to `until`, soonest first."""
    return _task_lines(session, asked, {"today": asked["today"], "until": until})


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
    query = in_scope(query, scope, PathwayRow.team, PathwayRow.area)
    if caseworker is not None:
        query = query.where(PathwayRow.caseworker == caseworker)
    if not include_closed:
        query = query.where(PathwayRow.status == "open")
    query = query.order_by(PathwayRow.made_on.desc(), PathwayRow.pathway_id)
    return [
        CaseLine(
            p.pathway_id,
            p.disposal,
            p.status,
            p.caseworker,
            p.team,
            p.made_on,
            p.order_ends_on,
            n,
        )
        for p, n in session.execute(query)
    ]


def visible_pathways(session: Session, user: User, pathway_ids: Collection[str]) -> set[str]:
    """Those of `pathway_ids` that `user` may see, by the read model's team and area."""
    if not pathway_ids:
        return set()
    rows = session.execute(
        select(
            PathwayRow.pathway_id, PathwayRow.team, PathwayRow.area, PathwayRow.transfer_to
        ).where(PathwayRow.pathway_id.in_(set(pathway_ids)))
    )
    return {
        pid
        for pid, team, area, incoming in rows
        if may_see(user.role, user.team, user.area, team, area, incoming)
    }


# A child, not an order (ADR 0113, 0114): incoming transfers and the child's other pathways.


@dataclass(frozen=True)
class IncomingTransfer:
    """A pathway another team asks the caller's team to take on (no name: ids and the order)."""

    pathway_id: str
    disposal: str
    from_team: str | None
    to_team: str
    made_on: date
    order_ends_on: date


def incoming_transfers(session: Session, scope: Scope) -> list[IncomingTransfer]:
    """Open pathways with a transfer pending to a team whose transfers the scope receives."""
    query = select(PathwayRow).where(
        PathwayRow.transfer_to.is_not(None), PathwayRow.status == "open"
    )
    if scope.receiving is not None:
        query = query.where(PathwayRow.transfer_to.in_(sorted(scope.receiving)))
    query = query.order_by(PathwayRow.made_on, PathwayRow.pathway_id)
    return [
        IncomingTransfer(
            p.pathway_id, p.disposal, p.team, p.transfer_to or "", p.made_on, p.order_ends_on
        )
        for p in session.scalars(query)
    ]


@dataclass(frozen=True)
class LinkedPathway:
    """Another pathway of the same child, as the case page and the API list it."""

    pathway_id: str
    disposal: str
    status: str
    team: str | None
    caseworker: str | None
    made_on: date
    closed_on: date | None


def child_pathways(
    session: Session, user: User, child_id: str, *, but: str | None = None
) -> list[LinkedPathway]:
    """The child's pathways that `user` may see (`access.may_see`), newest order first.

    `but`: a pathway to leave out (the one being shown). Pathways the user may not see are
    left out without a trace: not even how many there are.
    """
    query = (
        select(PathwayRow)
        .where(PathwayRow.child_id == child_id)
        .order_by(PathwayRow.made_on.desc(), PathwayRow.pathway_id)
    )
    return [
        LinkedPathway(
            p.pathway_id, p.disposal, p.status, p.team, p.caseworker, p.made_on, p.closed_on
        )
        for p in session.scalars(query)
        if p.pathway_id != but
        and may_see(user.role, user.team, user.area, p.team, p.area, p.transfer_to)
    ]


def notifications(
    session: Session, *, scope: Scope, sent: bool | None, limit: int
) -> list[OutboxMessage]:
    """Notifications in scope, newest first; `sent` keeps only sent (True) or pending (False)."""
    query = in_scope(select(OutboxMessage), scope, OutboxMessage.team, OutboxMessage.area)
    if sent is not None:
        query = query.where(
            OutboxMessage.sent_at.is_not(None) if sent else OutboxMessage.sent_at.is_(None)
        )
    query = query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.key.desc()).limit(limit)
    return list(session.scalars(query))


def caseworkers(session: Session, scope: Scope) -> list[str]:
    """Return the case managers of open pathways in scope, by name."""
    cases = caseload(session, scope=scope, caseworker=None, include_closed=False)
    return sorted({c.caseworker for c in cases if c.caseworker})


def teams(session: Session) -> list[str]:
    """Return every team with an open pathway, for the allocation form's suggestions."""
    query = select(PathwayRow.team).where(PathwayRow.team.is_not(None)).distinct()
    return sorted(team for team in session.scalars(query) if team)


def keeps_child_identified(session: Session, child_id: str, closed_before: date) -> bool:
    """Whether one of the child's pathways is open, or closed on or after the cut-off.

    Retention anonymises a child only when this is false (`db.anonymisation.anonymise_child`).
    """
    pathways = select(PathwayIndex.pathway_id).where(PathwayIndex.child_id == child_id)
    rows = session.scalars(select(PathwayRow).where(PathwayRow.pathway_id.in_(pathways)))
    return any(r.status != "closed" or (r.closed_on and r.closed_on >= closed_before) for r in rows)
