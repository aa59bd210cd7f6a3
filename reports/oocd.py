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

from pydantic import BaseModel, Field
from sqlalchemy import select
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


def kpi6(
    session: Session, *, since: date, until: date, team: str | None = None, min_count: int = 5
) -> Kpi6:
    """KPI 6 for interventions that ended (their pathway closed) in since..until."""
    query = (
        select(PathwayRow.child_id, DiversionRow.outcome, PathwayRow.closure_reason)
        .join(DiversionRow, DiversionRow.pathway_id == PathwayRow.pathway_id)
        .where(
            DiversionRow.outcome.in_(OOCD),
            PathwayRow.status == "closed",
            PathwayRow.closed_on >= since,
            PathwayRow.closed_on <= until,
        )
    )
    if team is not None:
        query = query.where(PathwayRow.team == team)
    ended: dict[str, bool] = {}
    outcomes: dict[str, int] = dict.fromkeys(sorted(OOCD), 0)
    for child, outcome, reason in session.execute(query):
        # A child counts once: completed if any intervention ending in the period was.
        ended[child] = ended.get(child, False) or reason == "completed"
        outcomes[outcome or ""] += 1
    n, done = len(ended), sum(ended.values())
    hidden = 0 < n < min_count  # none ended is no child to single out, as in KPI 9
    return Kpi6(
        ended=None if hidden else n,
        completed=None if hidden else done,
        rate=None if hidden else share(done, n),
        by_outcome={k: None if hidden or 0 < v < min_count else v for k, v in outcomes.items()},
        suppressed=hidden,
    )


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
    convicted = (
        select(PathwayRow.child_id)
        .join(OffenceRow, OffenceRow.pathway_id == PathwayRow.pathway_id)
        .where(
            OffenceRow.offence_group.in_(SERIOUS_VIOLENCE),
            PathwayRow.disposal != "diversion",
            PathwayRow.resentenced_from.is_(None),
            PathwayRow.made_on >= since,
            PathwayRow.made_on <= until,
        )
    )
    cautioned = (
        select(PathwayRow.child_id)
        .join(DiversionRow, DiversionRow.pathway_id == PathwayRow.pathway_id)
        .where(
            DiversionRow.offence_group.in_(SERIOUS_VIOLENCE),
            DiversionRow.outcome.in_(CAUTIONS),
            DiversionRow.decided_on >= since,
            DiversionRow.decided_on <= until,
        )
    )
    if team is not None:
        convicted = convicted.where(PathwayRow.team == team)
        cautioned = cautioned.where(PathwayRow.team == team)
    children = set(session.scalars(convicted)) | set(session.scalars(cautioned))
    people = population.of(team, since.year)
    hidden = 0 < len(children) < min_count
    return Kpi9(
        children=None if hidden else len(children),
        population=people,
        per_10000=None if hidden else per(len(children), people, 10_000),
        suppressed=hidden,
    )
