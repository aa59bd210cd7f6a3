"""The outcome indicators by quarter: a team's line against the whole service's.

Every indicator of `reports.indicators` over the same quarters, once for the team and once for
the service (the comparison a management board asks for: Youth Justice Board, "Youth justice
service governance and leadership" guidance, on boards scrutinising performance against local
and national figures). Suppression is each source report's own, so a point hidden there is a
gap here, with its note.
"""

from datetime import date

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from reports.csv import Cell, _write, to_csv
from reports.indicators import INDICATORS, Asked, Indicator, Point, Unit
from reports.population import Population
from reports.quarters import Quarter

DEFAULT_QUARTERS = 8


class IndicatorFigures(BaseModel):
    """One indicator's trend: the team's points and the service's, quarter by quarter."""

    id: str
    name: str
    definition: str
    summary: str = Field(description="the definition in one line (the board pack's)")
    confirmed: bool = Field(description="false: the definition is not yet read in its source")
    unit: Unit
    higher_is_better: bool | None = Field(description="null: neither, a measure of need")
    team: list[Point] | None = Field(description="null when the report is the whole service's")
    service: list[Point]

    @property
    def latest(self) -> Point:
        """The last quarter's point of the report's own line (the team's, else the service's)."""
        return (self.team or self.service)[-1]


class OutcomesReport(BaseModel):
    """Outcome indicators by quarter for a team (against the service), or the service alone."""

    report: str = "outcomes"
    team: str | None
    quarters: list[str]
    as_of: date
    min_count: int
    indicators: list[IndicatorFigures]


def outcomes(
    session: Session,
    *,
    team: str | None,
    last: Quarter,
    as_of: date,
    population: Population,
    count: int = DEFAULT_QUARTERS,
    min_count: int = 5,
    only: tuple[Indicator, ...] = INDICATORS,
) -> OutcomesReport:
    """Each indicator's values over the `count` quarters ending with `last`.

    Args:
        session: a read-model session.
        team: the team (None: the whole service only).
        last: the latest quarter shown.
        as_of: today: what is proven by then counts (re-offending).
        population: children aged 10 to 17, for rates per population.
        count: how many quarters.
        min_count: counts below this are suppressed, as in each source report.
        only: the indicators to show (default: all of them).
    """
    quarters = last.last(count)
    # One of each for every indicator: the YJB KPIs share the KPI report each one holds.
    of_service = Asked(None, quarters, as_of, min_count, population)
    of_team = Asked(team, quarters, as_of, min_count, population)
    figures = []
    for i in only:
        service = i.values(session, of_service)
        mine = None
        if team is not None:
            mine = i.values(session, of_team)
            service = [_beside(t, s, i, min_count) for t, s in zip(mine, service, strict=True)]
        figures.append(
            IndicatorFigures(
                id=i.id,
                name=i.name,
                definition=i.definition,
                summary=i.summary,
                confirmed=i.confirmed,
                unit=i.unit,
                higher_is_better=i.higher_is_better,
                team=mine,
                service=service,
            )
        )
    return OutcomesReport(
        team=team,
        quarters=[str(q) for q in quarters],
        as_of=as_of,
        min_count=min_count,
        indicators=figures,
    )


def _beside(team: Point, service: Point, indicator: Indicator, min_count: int) -> Point:
    """The service's point shown beside the team's, hidden if the two would give away the rest.

    Secondary suppression: the service's count less the team's is the other teams' count, and
    a team's own staff know their team's count even when it is suppressed. So the service's
    point is hidden when the rest could be above none and below the floor, by the source
    report's own rule (its base, and its events where it hides a handful of them). When the
    team's count is suppressed it is somewhere from 1 to `min_count - 1`, so the rest is only
    surely big enough when the service's count is at least `2 * min_count - 1`.
    """
    pairs = [(service.base, team.base)]
    if indicator.small_numerators_hidden:
        pairs.append((service.numerator, team.numerator))
    if service.suppressed:
        return service
    if team.suppressed:
        risky = any(whole is not None and 0 < whole < 2 * min_count - 1 for whole, _ in pairs)
    else:
        risky = any(
            whole is not None and part is not None and 0 < whole - part < min_count
            for whole, part in pairs
        )
    if not risky:
        return service
    return Point(
        quarter=service.quarter,
        period_start=service.period_start,
        value=None,
        suppressed=True,
        note=f"suppressed: the rest of the service has fewer than {min_count}, or may have",
    )


@to_csv.register
def _(report: OutcomesReport) -> str:
    header = [
        "indicator",
        "name",
        "unit",
        "higher_is_better",
        "confirmed",
        "summary",
        "series",
        "team",
        "quarter",
        "period_start",
        "value",
        "numerator",
        "denominator",
        "suppressed",
        "provisional",
        "note",
    ]
    rows: list[list[Cell]] = []
    for f in report.indicators:
        series = [("team", report.team, f.team or []), ("service", None, f.service)]
        for name, whose, points in series:
            for p in points:
                rows.append(
                    [
                        f.id,
                        f.name,
                        f.unit,
                        f.higher_is_better,
                        f.confirmed,
                        f.summary,
                        name,
                        whose,
                        p.quarter,
                        p.period_start.isoformat(),
                        p.value,
                        p.numerator,
                        p.denominator,
                        p.suppressed,
                        p.provisional,
                        p.note,
                    ]
                )
    return _write(header, rows)
