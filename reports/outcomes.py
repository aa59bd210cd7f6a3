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
    unit: Unit
    higher_is_better: bool
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

    def asked(whose: str | None) -> Asked:
        return Asked(whose, quarters, as_of, min_count, population)

    figures = [
        IndicatorFigures(
            id=i.id,
            name=i.name,
            definition=i.definition,
            unit=i.unit,
            higher_is_better=i.higher_is_better,
            team=None if team is None else i.values(session, asked(team)),
            service=i.values(session, asked(None)),
        )
        for i in only
    ]
    return OutcomesReport(
        team=team,
        quarters=[str(q) for q in quarters],
        as_of=as_of,
        min_count=min_count,
        indicators=figures,
    )


@to_csv.register
def _(report: OutcomesReport) -> str:
    header = [
        "indicator",
        "name",
        "unit",
        "higher_is_better",
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
