"""KPI 6 (out-of-court disposals) and KPI 9 (serious violence), from diversion and court data.

The Youth Justice Board's key performance indicators, reported by every youth justice service
since April 2023 (GOV.UK, "Key performance indicators for youth justice services", YJB and
Ministry of Justice, 2023; the data recording requirements set the returns):

- KPI 6, out-of-court disposals: the children whose out-of-court disposal intervention ended
  in the period having completed it, as a share of the children whose intervention ended in the
  period. An out-of-court disposal is a community resolution, a youth caution or a youth
  conditional caution with an intervention by the service (a diversion pathway with one of
  those outcomes); it ended when the pathway closed; completed when it closed as `completed`
  (every condition settled and the exit plan made, `workflows.diversion_steps`). Turnaround
  and other prevention support are not out-of-court disposals and are not counted.
- KPI 9, serious violence: the children with a proven serious violence offence in the period
  (a conviction, or a youth caution or youth conditional caution, for an offence of violence
  against the person, robbery or drugs), as a count and per 10,000 children aged 10 to 17
  (`reports.population`). The Ministry of Justice's serious violence measure counts those
  offence groups with a gravity score of 5 or more (drugs: supply-type offences); Pathway keeps
  the offence group, not the gravity score, so this counts every offence of the groups, an
  over-count to read beside the YJB's own figure. The YJB's published definition should be
  confirmed against the current KPI guidance before the figure is returned (ADR 0140).
"""

from datetime import date
from functools import cache
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Date,
    Select,
    bindparam,
    case,
    func,
    literal,
    null,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import Session

from contracts.diversion import FIRST_ENTRY_OUTCOMES, PanelOutcome
from contracts.offences import OffenceGroup
from readmodel.tables import DiversionRow, OffenceRow, PathwayRow
from reports.cohort import share
from reports.population import Population, per

OOCD = frozenset(
    o.value
    for o in (
        PanelOutcome.COMMUNITY_RESOLUTION,
        PanelOutcome.YOUTH_CAUTION,
        PanelOutcome.YOUTH_CONDITIONAL_CAUTION,
    )
)
SERIOUS_VIOLENCE = frozenset(
    g.value
    for g in (OffenceGroup.VIOLENCE_AGAINST_THE_PERSON, OffenceGroup.ROBBERY, OffenceGroup.DRUGS)
)
CAUTIONS = frozenset(o.value for o in FIRST_ENTRY_OUTCOMES)
_PATHWAYS, _DIVERSIONS = PathwayRow.__table__, DiversionRow.__table__
_OFFENCES = OffenceRow.__table__


class Kpi6(BaseModel):
    """KPI 6: out-of-court disposal interventions completed, of those that ended."""

    ended: int | None = Field(description="children whose intervention ended in the period")
    completed: int | None
    rate: float | None
    by_outcome: dict[str, int | None]
    suppressed: bool


class Kpi9(BaseModel):
    """KPI 9: children with a proven serious violence offence, and per 10,000 aged 10-17."""

    children: int | None
    population: int | None
    per_10000: float | None
    suppressed: bool


def _between(column: ColumnElement[date], since: str, until: str) -> list[ColumnElement[bool]]:
    """`column` from the parameter named `since` to that named `until` ("": no bound)."""
    bounds = [column >= bindparam(since, type_=Date)] if since else []
    return bounds + ([column <= bindparam(until, type_=Date)] if until else [])


def _closed_oocd(team: bool, since: str, until: str) -> list[ColumnElement[bool]]:
    p, d = _PATHWAYS, _DIVERSIONS
    found = [d.c.outcome.in_(sorted(OOCD)), p.c.status == "closed"]
    found += _between(p.c.closed_on, since, until)
    return [*found, p.c.team == bindparam("team")] if team else found


@cache
def kpi6_counts(team: bool, since: str = "since", until: str = "until") -> Select[Any]:
    """KPI 6's children whose intervention ended (`ended`), and of them `completed`: one row.

    A child counts once: completed if any intervention of theirs ending in the period was.
    Bound by the parameters named `team` (if `team`), `since` and `until` ("": no bound).
    """
    p, d = _PATHWAYS, _DIVERSIONS
    done = func.max(case((p.c.closure_reason == "completed", 1), else_=0))
    children = (
        select(done.label("done"))
        .select_from(p.join(d, d.c.pathway_id == p.c.pathway_id))
        .where(*_closed_oocd(team, since, until))
        .group_by(p.c.child_id)
        .subquery("oocd_children")
    )
    return select(
        func.count().label("ended"),
        func.coalesce(func.sum(children.c.done), 0).label("completed"),
    ).select_from(children)


@cache
def _kpi6(team: bool) -> CompoundSelect[Any]:
    """Interventions ended by outcome; and (outcome NULL) children ended, and completed."""
    p, d = _PATHWAYS, _DIVERSIONS
    by_outcome = (
        select(d.c.outcome, func.count(), literal(0))
        .select_from(p.join(d, d.c.pathway_id == p.c.pathway_id))
        .where(*_closed_oocd(team, "since", "until"))
        .group_by(d.c.outcome)
    )
    children = kpi6_counts(team).subquery("kpi6")
    return union_all(by_outcome, select(null(), *children.c))


def kpi6(
    session: Session, *, since: date, until: date, team: str | None = None, min_count: int = 5
) -> Kpi6:
    """KPI 6 for interventions that ended (their pathway closed) in since..until."""
    params: dict[str, object] = {"since": since, "until": until}
    if team is not None:
        params["team"] = team
    outcomes: dict[str, int] = dict.fromkeys(sorted(OOCD), 0)
    n = done = 0
    for outcome, count, completed in session.execute(_kpi6(team is not None), params):
        if outcome is None:
            n, done = count, completed
        else:
            outcomes[outcome] = count
    return kpi6_of(n, done, outcomes, min_count)


def kpi6_of(n: int, done: int, outcomes: dict[str, int], min_count: int) -> Kpi6:
    """KPI 6 from its counts: `n` children ended, `done` completed, interventions by outcome."""
    hidden = 0 < n < min_count  # none ended is no child to single out, as in KPI 9
    return Kpi6(
        ended=None if hidden else n,
        completed=None if hidden else done,
        rate=None if hidden else share(done, n),
        by_outcome={k: None if hidden or 0 < v < min_count else v for k, v in outcomes.items()},
        suppressed=hidden,
    )


@cache
def kpi9_count(team: bool, since: str = "since", until: str = "until") -> Select[Any]:
    """KPI 9's children with a serious violence offence proven in the period, counted once.

    Bound by the parameters named `team` (if `team`), `since` and `until` ("": no bound).
    """
    p, d, o = _PATHWAYS, _DIVERSIONS, _OFFENCES
    in_team = [p.c.team == bindparam("team")] if team else []
    convicted = (
        select(p.c.child_id)
        .select_from(p.join(o, o.c.pathway_id == p.c.pathway_id))
        .where(
            o.c.offence_group.in_(sorted(SERIOUS_VIOLENCE)),
            p.c.disposal != "diversion",
            p.c.resentenced_from.is_(None),
            *_between(p.c.made_on, since, until),
            *in_team,
        )
    )
    cautioned = (
        select(p.c.child_id)
        .select_from(p.join(d, d.c.pathway_id == p.c.pathway_id))
        .where(
            d.c.offence_group.in_(sorted(SERIOUS_VIOLENCE)),
            d.c.outcome.in_(sorted(CAUTIONS)),
            *_between(d.c.decided_on, since, until),
            *in_team,
        )
    )
    children = union(convicted, cautioned).subquery("serious_children")
    return select(func.count().label("children")).select_from(children)


def kpi9(
    session: Session,
    *,
    since: date,
    until: date,
    population: Population,
    team: str | None = None,
    min_count: int = 5,
) -> Kpi9:
    """KPI 9 for offences proven (sentenced or cautioned) in since..until."""
    params: dict[str, object] = {"since": since, "until": until}
    if team is not None:
        params["team"] = team
    children: int = session.execute(kpi9_count(team is not None), params).scalar_one()
    return kpi9_of(children, population.of(team, since.year), min_count)


def kpi9_of(children: int, people: int | None, min_count: int) -> Kpi9:
    """KPI 9 from its count of `children` and the `people` aged 10 to 17 (None: unknown)."""
    hidden = 0 < children < min_count
    return Kpi9(
        children=None if hidden else children,
        population=people,
        per_10000=None if hidden else per(children, people, 10_000),
        suppressed=hidden,
    )
