"""Proven re-offending, live: 3-month cohorts, 12 months' follow-up, 6 months to be proven.

The measure is the Ministry of Justice's (Ministry of Justice, "Proven reoffending statistics:
guide to proven reoffending statistics", definitions; the youth justice version in Youth
Justice Board and Ministry of Justice, "Youth Justice Statistics", chapter on reoffending,
which uses 3-month cohorts), computed from what Pathway receives rather than from the Police
National Computer a year and a half later:

- The cohort of a 3-month period (a calendar quarter) is the children who, in it, were given a
  youth caution or a youth conditional caution (a diversion pathway's joint decision), were
  convicted and given a non-custodial sentence (a referral order or a youth rehabilitation
  order: a court pathway's order), or were released from custody (a detention and training
  order's release). A child is in a cohort once, from their first such event in it: the index
  date.
- A proven re-offence is an offence committed in the 12 months after the index date (the
  follow-up period) and proven by a caution, a youth caution, a youth conditional caution or a
  conviction in those 12 months or a further 6 months (the waiting period). Its date is the
  offence's date where the court or the police gave it, else the day it was proven.
- Breaches of an order are not re-offences (DESIGN.md, "Compliance and breach"): an order made
  on re-sentence (`rm_pathways.resentenced_from`) proves nothing, and nor does an offence in
  the group "breach of statutory order". A decision to charge proves nothing either: the
  conviction that follows does. Community resolutions, Turnaround, prevention and no further
  action are not proven offences.
- Binary rate: the share of the cohort who re-offended. Frequency: re-offences per child of the
  cohort, and per re-offender; each offence of an order counts once.
- A cohort is provisional until every member's follow-up and waiting period have ended (18
  months after the period's last day): its figures can only rise. Each cohort says how many
  months of follow-up the latest of its members has had.

What Pathway cannot see it does not count: offences proven by another service or before
Pathway was used, and adult convictions after 18 that the youth justice service never hears of.
The national figures will be higher; these are a service's own early view, never a
replacement for the published statistics.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any, NamedTuple

from pydantic import BaseModel, Field
from sqlalchemy import (
    Date,
    Select,
    String,
    bindparam,
    case,
    func,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.visitors import InternalTraversal

from contracts.common import COURT_DISPOSALS, DisposalType
from contracts.diversion import FIRST_ENTRY_OUTCOMES
from contracts.offences import OffenceGroup
from core.workdays import add_months
from readmodel.tables import DiversionRow, OffenceRow, PathwayRow
from reports.cohort import share

FOLLOW_UP_MONTHS = 12
WAITING_MONTHS = 6
NON_CUSTODIAL = frozenset(
    {DisposalType.REFERRAL_ORDER.value, DisposalType.YOUTH_REHABILITATION_ORDER.value}
)
CAUTIONS = frozenset(o.value for o in FIRST_ENTRY_OUTCOMES)
DEFINITION = (
    "Children cautioned (youth caution or youth conditional caution), given a non-custodial "
    "sentence, or released from custody in the quarter (index date: their first such event in "
    "it); a proven re-offence is an offence committed in the 12 months after the index date and "
    "proven by a caution or conviction within those 12 months or a further 6. Breaches of an "
    "order are not re-offences. Ministry of Justice, proven reoffending statistics; Youth "
    "Justice Statistics (3-month cohorts)."
)


class Entry(NamedTuple):
    """A way into a cohort: a caution, a non-custodial sentence or a release from custody."""

    child_id: str
    on: date
    kind: str
    pathway_id: str
    team: str | None


class Proven(NamedTuple):
    """An offence proven by a caution or a conviction: when committed, when proven, and where."""

    child_id: str
    committed_on: date
    proven_on: date
    pathway_id: str


class CohortFigures(BaseModel):
    """One 3-month cohort's proven re-offending."""

    period_start: date
    period_end: date
    children: int | None = Field(description="null when suppressed (below the floor)")
    by_entry: dict[str, int | None] = Field(
        description="children by how they came in: caution, non_custodial, release"
    )
    reoffenders: int | None
    reoffences: int | None
    binary_rate: float | None = Field(description="re-offenders / children")
    frequency_per_child: float | None = Field(description="re-offences / children")
    frequency_per_reoffender: float | None = Field(description="re-offences / re-offenders")
    provisional: bool = Field(description="some members' follow-up or waiting period is not over")
    follow_up_months: int = Field(
        description="months of follow-up (up to 12) the cohort's latest member has had"
    )
    final_on: date = Field(description="the day the cohort's figures become final")
    suppressed: bool


class ReoffendingReport(BaseModel):
    """Proven re-offending by 3-month cohort, for one team or the whole service."""

    team: str | None
    since: date | None
    until: date | None
    as_of: date
    min_count: int
    definition: str = DEFINITION
    cohorts: list[CohortFigures]


def quarter_of(day: date) -> tuple[date, date]:
    """The calendar quarter a day falls in: its first and last day."""
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return first, date.fromordinal(add_months(first, 3).toordinal() - 1)


def entries(
    session: Session, team: str | None = None, *, between: tuple[date, date] | None = None
) -> list[Entry]:
    """Every way into a cohort the read model knows, of `team` (None: every team).

    `between` (first and last day) leaves out, in the query, pathways with no way in then.
    """
    found: list[Entry] = []
    cautions = select(
        PathwayRow.child_id, DiversionRow.decided_on, PathwayRow.pathway_id, PathwayRow.team
    ).join(DiversionRow, DiversionRow.pathway_id == PathwayRow.pathway_id)
    cautions = cautions.where(
        DiversionRow.outcome.in_(CAUTIONS), DiversionRow.decided_on.is_not(None)
    )
    orders = select(
        PathwayRow.child_id,
        PathwayRow.made_on,
        PathwayRow.pathway_id,
        PathwayRow.team,
        PathwayRow.disposal,
        PathwayRow.released_on,
        PathwayRow.resentenced_from,
    ).where(PathwayRow.disposal.in_([d.value for d in COURT_DISPOSALS]))
    if team is not None:
        cautions = cautions.where(PathwayRow.team == team)
        orders = orders.where(PathwayRow.team == team)
    if between is not None:
        low, high = between
        cautions = cautions.where(DiversionRow.decided_on.between(low, high))
        orders = orders.where(
            PathwayRow.made_on.between(low, high) | PathwayRow.released_on.between(low, high)
        )
    for child, on, pid, whose in session.execute(cautions):
        assert on is not None  # the query asks for decided cautions only
        found.append(Entry(child, on, "caution", pid, whose))
    for child, made, pid, whose, disposal, released, resentenced in session.execute(orders):
        if disposal in NON_CUSTODIAL and not resentenced:
            # A re-sentence for a breach is no new conviction (`proven_offences`).
            found.append(Entry(child, made, "non_custodial", pid, whose))
        elif released is not None:
            found.append(Entry(child, released, "release", pid, whose))
    return found


def proven_offences(
    session: Session,
    child_ids: Iterable[str] | None = None,
    *,
    children_of: str | None = None,
    proven_between: tuple[date, date] | None = None,
) -> list[Proven]:
    """Every offence proven by a caution or a conviction, of every team (a child, not a team).

    A court order proves each of its offences (a re-sentence, none; a breach offence, none); an
    order whose offences are unknown proves one, committed on the day it was made. A caution
    proves the offence it was given for, committed on its trigger date (else the decision's).

    `children_of` (a team) reads only the children with a pathway in that team, wherever their
    offences were proven: a service's report then reads its own children's records, not the
    nation's (`child_ids` still chooses among them). `proven_between` (first and last day)
    reads only what was proven then.
    """
    wanted = None if child_ids is None else set(child_ids)
    found: list[Proven] = []
    convicted = (
        PathwayRow.disposal.in_([d.value for d in COURT_DISPOSALS]),
        PathwayRow.resentenced_from.is_(None),
    )
    orders = select(PathwayRow.pathway_id, PathwayRow.child_id, PathwayRow.made_on).where(
        *convicted
    )
    cautions = (
        select(
            PathwayRow.pathway_id,
            PathwayRow.child_id,
            DiversionRow.trigger_on,
            DiversionRow.decided_on,
        )
        .join(DiversionRow, DiversionRow.pathway_id == PathwayRow.pathway_id)
        .where(DiversionRow.outcome.in_(CAUTIONS), DiversionRow.decided_on.is_not(None))
    )
    if children_of is not None:
        theirs = aliased(PathwayRow)
        children = select(theirs.child_id).where(theirs.team == children_of)
        orders = orders.where(PathwayRow.child_id.in_(children))
        cautions = cautions.where(PathwayRow.child_id.in_(children))
    if proven_between is not None:
        low, high = proven_between
        orders = orders.where(PathwayRow.made_on.between(low, high))
        cautions = cautions.where(DiversionRow.decided_on.between(low, high))
    # Each order with each of its offences (none: one row, committed the day it was made),
    # breaches left out by the database: a national cohort's orders come back in one query.
    breach = OffenceGroup.BREACH_OF_STATUTORY_ORDER.value
    with_offences = (
        orders.add_columns(OffenceRow.offence_date)
        .outerjoin(OffenceRow, OffenceRow.pathway_id == PathwayRow.pathway_id)
        .where(OffenceRow.offence_group.is_(None) | (OffenceRow.offence_group != breach))
    )
    for pid, child, made, committed in session.execute(with_offences):
        if wanted is None or child in wanted:
            found.append(Proven(child, committed or made, made, pid))
    for pid, child, committed, decided in session.execute(cautions):
        assert decided is not None  # the query asks for decided cautions only
        if wanted is None or child in wanted:
            found.append(Proven(child, committed or decided, decided, pid))
    return found


def _months_between(earlier: date, later: date) -> int:
    """Whole calendar months from `earlier` to `later` (0 if `later` is not after it)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


class _AddMonths(FunctionElement[date]):
    """A date plus whole months, clamped to the month's end (`core.workdays.add_months`)."""

    type = Date()
    inherit_cache = True
    _traverse_internals = [
        *FunctionElement._traverse_internals,
        ("months", InternalTraversal.dp_plain_obj),
    ]
    name = "add_months"

    def __init__(self, day: ColumnElement[date], months: int) -> None:
        super().__init__(day)
        self.months = months


@compiles(_AddMonths, "postgresql")
def _add_months_postgres(element: _AddMonths, compiler: SQLCompiler, **kw: Any) -> str:
    # PostgreSQL's month arithmetic clamps to the month's end, as add_months does.
    day = compiler.process(element.clauses, **kw)
    return f"CAST(({day}) + INTERVAL '{int(element.months)} months' AS DATE)"


@compiles(_AddMonths)
def _add_months_sqlite(element: _AddMonths, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite's rolls over (31 January + 1 month is 3 March): then the month's last day instead.
    day, months = compiler.process(element.clauses, **kw), int(element.months)
    plain = f"DATE({day}, '+{months} months')"
    clamped = f"DATE({day}, 'start of month', '+{months + 1} months', '-1 day')"
    return (
        f"CASE WHEN STRFTIME('%d', {plain}) = STRFTIME('%d', {day}) THEN {plain} ELSE {clamped} END"
    )


class _QuarterOf(FunctionElement[date]):
    """The first day of the calendar quarter a date falls in (`quarter_of`), in SQL."""

    type = Date()
    inherit_cache = True
    name = "quarter_of"


@compiles(_QuarterOf, "postgresql")
def _quarter_of_postgres(element: _QuarterOf, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(DATE_TRUNC('quarter', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(_QuarterOf)
def _quarter_of_sqlite(element: _QuarterOf, compiler: SQLCompiler, **kw: Any) -> str:
    day = compiler.process(element.clauses, **kw)
    back = f"((CAST(STRFTIME('%m', {day}) AS INTEGER) - 1) % 3)"
    return f"DATE({day}, 'start of month', '-' || {back} || ' months')"


class _InCodeOrder(FunctionElement[str]):
    """A text column ordered by code point, as Python orders strings (not by the locale)."""

    type = String()
    inherit_cache = True
    name = "in_code_order"


@compiles(_InCodeOrder, "postgresql")
def _in_code_order_postgres(element: _InCodeOrder, compiler: SQLCompiler, **kw: Any) -> str:
    return f'({compiler.process(element.clauses, **kw)}) COLLATE "C"'


@compiles(_InCodeOrder)
def _in_code_order_sqlite(element: _InCodeOrder, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)  # SQLite's BINARY collation already is


@cache
def _counted(by_team: bool) -> Select[Any]:
    """Each cohort's members by way in, re-offenders and re-offences, counted in one query.

    The members of a quarter's cohort are its children's first entries in it (by day, then
    pathway: `entries`); each is joined to the offences proven for the same child
    (`proven_offences`) that count for it (`reoffences_of`), and the database counts them by
    quarter and way in. Built once (with or without a team); the team, the period's first and
    last day and today are bound when it runs.
    """
    non_custodial = PathwayRow.disposal.in_(
        sorted(NON_CUSTODIAL)
    ) & PathwayRow.resentenced_from.is_(None)
    low, high = bindparam("low", type_=Date()), bindparam("high", type_=Date())
    cautions = (
        select(
            PathwayRow.child_id.label("child_id"),
            DiversionRow.decided_on.label("on"),
            literal_column("'caution'", String()).label("kind"),
            PathwayRow.pathway_id.label("pathway_id"),
        )
        .join(DiversionRow, DiversionRow.pathway_id == PathwayRow.pathway_id)
        .where(
            DiversionRow.outcome.in_(sorted(CAUTIONS)), DiversionRow.decided_on.between(low, high)
        )
    )
    entered = case((non_custodial, PathwayRow.made_on), else_=PathwayRow.released_on)
    kind = case((non_custodial, "non_custodial"), else_="release")
    orders = select(PathwayRow.child_id, entered, kind, PathwayRow.pathway_id).where(
        PathwayRow.disposal.in_([d.value for d in COURT_DISPOSALS]),
        non_custodial | PathwayRow.released_on.is_not(None),
        PathwayRow.made_on.between(low, high) | PathwayRow.released_on.between(low, high),
    )
    if by_team:
        cautions = cautions.where(PathwayRow.team == bindparam("team"))
        orders = orders.where(PathwayRow.team == bindparam("team"))
    every = union_all(cautions, orders).subquery("entries")
    ranked = select(
        every,
        _QuarterOf(every.c.on).label("quarter"),
        func.row_number()
        .over(
            partition_by=(_QuarterOf(every.c.on), every.c.child_id),
            order_by=(every.c.on, _InCodeOrder(every.c.pathway_id)),
        )
        .label("n"),
    ).where(every.c.on.between(low, high))
    ranked_ = ranked.subquery("ranked")
    members = select(ranked_).where(ranked_.c.n == 1).subquery("members")
    # What each order and caution proves (`proven_offences`): joined by child, so the database
    # reads only the members' children's (by the index on child_id, for a service).
    breach = OffenceGroup.BREACH_OF_STATUTORY_ORDER.value
    convictions = (
        select(
            PathwayRow.child_id.label("child_id"),
            func.coalesce(OffenceRow.offence_date, PathwayRow.made_on).label("committed_on"),
            PathwayRow.made_on.label("proven_on"),
            PathwayRow.pathway_id.label("pathway_id"),
        )
        .outerjoin(OffenceRow, OffenceRow.pathway_id == PathwayRow.pathway_id)
        .where(
            PathwayRow.disposal.in_([d.value for d in COURT_DISPOSALS]),
            PathwayRow.resentenced_from.is_(None),
            OffenceRow.offence_group.is_(None) | (OffenceRow.offence_group != breach),
        )
    )
    cautioned = (
        select(
            PathwayRow.child_id,
            func.coalesce(DiversionRow.trigger_on, DiversionRow.decided_on),
            DiversionRow.decided_on,
            PathwayRow.pathway_id,
        )
        .join(DiversionRow, DiversionRow.pathway_id == PathwayRow.pathway_id)
        .where(
            DiversionRow.outcome.in_(sorted(CAUTIONS)),
            DiversionRow.decided_on.is_not(None),
        )
    )
    proven = union_all(convictions, cautioned).subquery("proven")
    scored = (
        select(
            members.c.quarter,
            members.c.kind,
            func.count(proven.c.pathway_id).label("reoffences"),
        )
        .select_from(members)
        .outerjoin(
            proven,
            (proven.c.child_id == members.c.child_id)
            & (proven.c.pathway_id != members.c.pathway_id)
            & (proven.c.committed_on > members.c.on)
            & (proven.c.committed_on <= _AddMonths(members.c.on, FOLLOW_UP_MONTHS))
            & (proven.c.proven_on <= _AddMonths(members.c.on, FOLLOW_UP_MONTHS + WAITING_MONTHS))
            & (proven.c.proven_on <= bindparam("as_of", type_=Date())),
        )
        .group_by(members.c.quarter, members.c.child_id, members.c.kind)
    ).subquery("scored")
    return select(
        scored.c.quarter,
        scored.c.kind,
        func.count(),
        func.sum(case((scored.c.reoffences > 0, 1), else_=0)),
        func.sum(scored.c.reoffences),
    ).group_by(scored.c.quarter, scored.c.kind)


def reoffending(
    session: Session,
    *,
    as_of: date,
    team: str | None = None,
    since: date | None = None,
    until: date | None = None,
    min_count: int = 5,
) -> ReoffendingReport:
    """Proven re-offending of each quarter's cohort with an index date in `since`..`until`.

    Counted by the database in one query (`_counted`): only each quarter's counts by way in
    leave it.

    Args:
        session: a read-model session.
        as_of: today: what is proven by then counts, and cohorts are provisional until
            18 months after their quarter.
        team: the team whose children's entries make the cohorts (None: every team); their
            re-offences are counted wherever they were proven.
        since: the first day of the period the cohorts' quarters fall in (None: open).
        until: its last day (None: open).
        min_count: cohorts of fewer children are suppressed, with every figure built on them.
    """
    # A quarter is in the period when it starts on or after since's quarter and on or before
    # until: its entries are those from since's quarter's first day to the last day of until's
    # quarter (and not after today).
    low = quarter_of(since)[0] if since else date.min
    high = min(as_of, quarter_of(until)[1]) if until else as_of
    params: dict[str, Any] = {"low": low, "high": high, "as_of": as_of}
    if team is not None:
        params["team"] = team
    tallies: dict[date, dict[str, tuple[int, int, int]]] = defaultdict(dict)
    for quarter, kind, children, reoffenders, reoffences in session.execute(
        _counted(team is not None), params
    ):
        start = quarter if isinstance(quarter, date) else date.fromisoformat(quarter)
        tallies[start][kind] = (int(children), int(reoffenders), int(reoffences))
    return ReoffendingReport(
        team=team,
        since=since,
        until=until,
        as_of=as_of,
        min_count=min_count,
        cohorts=[
            _cohort(quarter, tallies[quarter], as_of, min_count) for quarter in sorted(tallies)
        ],
    )


def reoffences_of(entry: Entry, proven: Iterable[Proven]) -> int:
    """The offences committed in the entry's follow-up and proven within its waiting period."""
    follow_up_ends = add_months(entry.on, FOLLOW_UP_MONTHS)
    proven_by = add_months(entry.on, FOLLOW_UP_MONTHS + WAITING_MONTHS)
    return sum(
        1
        for p in proven
        if p.pathway_id != entry.pathway_id
        and entry.on < p.committed_on <= follow_up_ends
        and p.proven_on <= proven_by
    )


def _cohort(
    quarter: date,
    by_kind: dict[str, tuple[int, int, int]],
    as_of: date,
    min_count: int,
) -> CohortFigures:
    """A quarter's figures from its (children, re-offenders, re-offences) by way in."""
    _, end = quarter_of(quarter)
    children, reoffenders, reoffences = (sum(t[i] for t in by_kind.values()) for i in range(3))
    final_on = add_months(end, FOLLOW_UP_MONTHS + WAITING_MONTHS)
    suppressed = children < min_count
    kinds = {kind: by_kind.get(kind, (0, 0, 0))[0] for kind in ENTRY_KINDS}

    def shown(value: int) -> int | None:
        return None if suppressed else value

    return CohortFigures(
        period_start=quarter,
        period_end=end,
        children=shown(children),
        by_entry={k: None if suppressed or 0 < n < min_count else n for k, n in kinds.items()},
        reoffenders=shown(reoffenders),
        reoffences=shown(reoffences),
        binary_rate=None if suppressed else share(reoffenders, children),
        frequency_per_child=None if suppressed else share(reoffences, children),
        frequency_per_reoffender=None if suppressed else share(reoffences, reoffenders),
        provisional=as_of < final_on,
        follow_up_months=min(FOLLOW_UP_MONTHS, _months_between(end, as_of)),
        final_on=final_on,
        suppressed=suppressed,
    )


ENTRY_KINDS = ("caution", "non_custodial", "release")
