"""The registry of outcome indicators: what the outcomes pages and the board pack show.

Each indicator is a figure a youth justice management board follows quarter by quarter: an
id, a name, its definition with its source, its unit, whether higher is better, and a function
giving its value by quarter for one team or the whole service. The function reads the
report the figure comes from (`reports.reoffending`, `reports.custody`, `reports.kpis`), so an
indicator's value, its suppression of small counts and its definition are that report's own:
the board pack never counts differently from the JSON under `/v1/reports/`.

To add an indicator (first-time entrants, the YJB KPIs 1 to 10), write its function and add it
to `INDICATORS`: the pages, the JSON and CSV, the board pack and its PDF take it from there.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from reports import custody as custody_report
from reports import reoffending as reoffending_report
from reports.cohort import Cohort
from reports.custody import custody
from reports.first_time_entrants import DEFINITION as FTE_DEFINITION
from reports.first_time_entrants import first_time_entrants
from reports.kpis import _victims  # the KPI report's own count of victims, not a copy of it
from reports.oocd import kpi6, kpi9
from reports.population import Population, per
from reports.quarters import Quarter
from reports.reoffending import reoffending

Unit = Literal["share", "per_1000", "per_10000", "per_100000", "per_person"]


class Point(BaseModel):
    """One quarter's value of an indicator, for a team or the service."""

    quarter: str = Field(description="the calendar quarter, e.g. 2026-Q3")
    period_start: date
    value: float | None = Field(description="null when suppressed or when there is no data")
    numerator: int | None = Field(default=None, description="what was counted (null: hidden)")
    denominator: int | None = Field(default=None, description="out of what (null: hidden)")
    base: int | None = Field(
        default=None, description="the count the floor is judged on (children, orders, victims)"
    )
    suppressed: bool = Field(default=False, description="hidden: a count below the floor")
    provisional: bool = Field(default=False, description="may still rise (re-offending)")
    note: str | None = Field(default=None, description="why there is no value, or a caveat")


@dataclass(frozen=True)
class Asked:
    """What an indicator's values are asked for."""

    team: str | None
    quarters: list[Quarter]
    as_of: date
    min_count: int
    population: Population

    @property
    def since(self) -> date:
        """The first day of the first quarter."""
        return self.quarters[0].first_day

    @property
    def until(self) -> date:
        """The last day of the last quarter."""
        return self.quarters[-1].last_day


Values = Callable[[Session, Asked], list[Point]]


@dataclass(frozen=True)
class Indicator:
    """An outcome indicator: how it is named, defined and measured, and its values."""

    id: str
    name: str
    definition: str
    unit: Unit
    higher_is_better: bool
    values: Values
    small_numerators_hidden: bool = False
    """Whether the source report hides a handful of events too, not only a small base."""


def _none(q: Quarter, note: str) -> Point:
    return Point(quarter=str(q), period_start=q.first_day, value=None, note=note)


def _suppressed(q: Quarter, min_count: int, of: str) -> Point:
    return Point(
        quarter=str(q),
        period_start=q.first_day,
        value=None,
        suppressed=True,
        note=f"suppressed: fewer than {min_count} {of}",
    )


def _reoffending(measure: Literal["binary", "frequency"]) -> Values:
    def values(session: Session, asked: Asked) -> list[Point]:
        report = reoffending(
            session,
            as_of=asked.as_of,
            team=asked.team,
            since=asked.since,
            until=asked.until,
            min_count=asked.min_count,
        )
        cohorts = {c.period_start: c for c in report.cohorts}
        points = []
        for q in asked.quarters:
            c = cohorts.get(q.first_day)
            if c is None:
                points.append(_none(q, "no children in the cohort"))
                continue
            if c.suppressed:
                points.append(_suppressed(q, asked.min_count, "children in the cohort"))
                continue
            if measure == "binary":
                value, top, bottom = c.binary_rate, c.reoffenders, c.children
            else:
                value, top, bottom = c.frequency_per_reoffender, c.reoffences, c.reoffenders
            note = None
            if c.provisional:
                note = f"provisional: {c.follow_up_months} of 12 months' follow-up"
            if value is None:
                note = "no re-offenders"
            points.append(
                Point(
                    quarter=str(q),
                    period_start=q.first_day,
                    value=value,
                    numerator=top,
                    denominator=bottom,
                    base=c.children,
                    provisional=c.provisional,
                    note=note,
                )
            )
        return points

    return values


def _custody(measure: Literal["per_1000", "share"]) -> Values:
    def values(session: Session, asked: Asked) -> list[Point]:
        report = custody(
            session,
            population=asked.population,
            team=asked.team,
            since=asked.since,
            until=asked.until,
            min_count=asked.min_count,
        )
        quarters = {c.period_start: c for c in report.quarters}
        points = []
        for q in asked.quarters:
            c = quarters.get(q.first_day)
            if c is None:
                points.append(_none(q, "no court orders made"))
                continue
            if c.suppressed or c.custodial is None:
                what = "court orders" if c.suppressed else "custodial sentences"
                points.append(_suppressed(q, asked.min_count, what))
                continue
            if measure == "per_1000":
                value, bottom, note = c.per_1000, c.population, None
                if c.population is None:
                    note = "no population figure for the year"
            else:
                value, bottom, note = c.share_of_sentences, c.sentences, None
            points.append(
                Point(
                    quarter=str(q),
                    period_start=q.first_day,
                    value=value,
                    numerator=c.custodial,
                    denominator=bottom,
                    base=c.sentences,
                    note=note,
                )
            )
        return points

    return values


def _victims_engaged(session: Session, asked: Asked) -> list[Point]:
    points = []
    for q in asked.quarters:
        cohort = Cohort(team=asked.team, since=q.first_day, until=q.last_day)
        v = _victims(session, cohort, identified=0)
        if v.consenting == 0:
            points.append(_none(q, "no victims consented"))
        elif v.consenting < asked.min_count:
            points.append(_suppressed(q, asked.min_count, "victims who consented"))
        else:
            points.append(
                Point(
                    quarter=str(q),
                    period_start=q.first_day,
                    value=v.taking_part_share,
                    numerator=v.taking_part,
                    denominator=v.consenting,
                    base=v.consenting,
                )
            )
    return points


def _first_time_entrants(session: Session, asked: Asked) -> list[Point]:
    report = first_time_entrants(session, team=asked.team, since=asked.since, until=asked.until)
    counts = {q.quarter: q.first_time_entrants for q in report.by_quarter}
    points = []
    for q in asked.quarters:
        n = counts.get(str(q), 0)
        people = asked.population.of(asked.team, q.first_day.year)
        if 0 < n < asked.min_count:
            points.append(_suppressed(q, asked.min_count, "first-time entrants"))
        elif people is None:
            points.append(_none(q, "no population figure for the year"))
        else:
            value = per(n, people, 100_000)
            points.append(
                Point(
                    quarter=str(q),
                    period_start=q.first_day,
                    value=value,
                    numerator=n,
                    denominator=people,
                    base=n,
                )
            )
    return points


def _oocd_completed(session: Session, asked: Asked) -> list[Point]:
    points = []
    for q in asked.quarters:
        k = kpi6(session, since=q.first_day, until=q.last_day, team=asked.team, min_count=1)
        ended, done = k.ended or 0, k.completed or 0
        if ended == 0:
            points.append(_none(q, "no out-of-court disposal intervention ended"))
        elif ended < asked.min_count:
            points.append(_suppressed(q, asked.min_count, "interventions ended"))
        else:
            points.append(
                Point(
                    quarter=str(q),
                    period_start=q.first_day,
                    value=k.rate,
                    numerator=done,
                    denominator=ended,
                    base=ended,
                )
            )
    return points


def _serious_violence(session: Session, asked: Asked) -> list[Point]:
    points = []
    for q in asked.quarters:
        k = kpi9(
            session,
            since=q.first_day,
            until=q.last_day,
            team=asked.team,
            population=asked.population,
            min_count=1,
        )
        n = k.children or 0
        if 0 < n < asked.min_count:
            points.append(_suppressed(q, asked.min_count, "children"))
        elif k.population is None:
            points.append(_none(q, "no population figure for the year"))
        else:
            points.append(
                Point(
                    quarter=str(q),
                    period_start=q.first_day,
                    value=k.per_10000,
                    numerator=n,
                    denominator=k.population,
                    base=n,
                )
            )
    return points


OOCD_DEFINITION = (
    "Children whose out-of-court disposal intervention (community resolution, youth caution or "
    "youth conditional caution with the service's work) ended in the quarter having completed "
    "it, as a share of those whose intervention ended in it. YJB key performance indicators "
    "(2023), KPI 6."
)
SERIOUS_VIOLENCE_DEFINITION = (
    "Children with an offence of violence against the person, robbery or drugs proven (a "
    "conviction, youth caution or youth conditional caution) in the quarter, per 10,000 "
    "children aged 10 to 17; Pathway knows the offence group, not the gravity score, so this "
    "over-counts the Ministry of Justice's measure. YJB key performance indicators (2023), KPI 9."
)
VICTIMS_DEFINITION = (
    "Victims who took part in restorative justice (a restorative option chosen) as a share of "
    "the victims who consented to restorative work, for orders made in the quarter; victims "
    "choose, so the denominator is theirs. YJB key performance indicators (2023), victims."
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="reoffending-binary",
        name="Proven re-offending rate",
        definition=reoffending_report.DEFINITION + " The share of the cohort who re-offended.",
        unit="share",
        higher_is_better=False,
        values=_reoffending("binary"),
    ),
    Indicator(
        id="reoffending-frequency",
        name="Re-offences per re-offender",
        definition=reoffending_report.DEFINITION
        + " The proven re-offences of the cohort divided by its re-offenders.",
        unit="per_person",
        higher_is_better=False,
        values=_reoffending("frequency"),
    ),
    Indicator(
        id="custody-rate",
        name="Custodial sentences per 1,000 children aged 10 to 17",
        definition=custody_report.DEFINITION + " This figure: the rate per 1,000.",
        unit="per_1000",
        higher_is_better=False,
        values=_custody("per_1000"),
        small_numerators_hidden=True,
    ),
    Indicator(
        id="custody-share",
        name="Custodial sentences as a share of sentences",
        definition=custody_report.DEFINITION + " This figure: the share of court orders.",
        unit="share",
        higher_is_better=False,
        values=_custody("share"),
        small_numerators_hidden=True,
    ),
    Indicator(
        id="first-time-entrants",
        name="First-time entrants per 100,000 children aged 10 to 17",
        definition=FTE_DEFINITION + " This figure: per 100,000 of the population table.",
        unit="per_100000",
        higher_is_better=False,
        values=_first_time_entrants,
        small_numerators_hidden=True,
    ),
    Indicator(
        id="oocd-completed",
        name="Out-of-court disposal interventions completed (KPI 6)",
        definition=OOCD_DEFINITION,
        unit="share",
        higher_is_better=True,
        values=_oocd_completed,
    ),
    Indicator(
        id="serious-violence",
        name="Children with a proven serious violence offence per 10,000 (KPI 9)",
        definition=SERIOUS_VIOLENCE_DEFINITION,
        unit="per_10000",
        higher_is_better=False,
        values=_serious_violence,
        small_numerators_hidden=True,
    ),
    Indicator(
        id="victims-restorative",
        name="Victims engaged in restorative justice",
        definition=VICTIMS_DEFINITION,
        unit="share",
        higher_is_better=True,
        values=_victims_engaged,
    ),
)
BY_ID = {i.id: i for i in INDICATORS}


def formatted(unit: Unit, value: float | None) -> str:
    """A value as people read it: `38%`, `1.2 per 1,000`, `1.50`; a dash when there is none."""
    if value is None:
        return "–"
    if unit == "share":
        return f"{round(value * 100)}%"
    if unit == "per_1000":
        return f"{value:.2f} per 1,000"
    if unit == "per_10000":
        return f"{value:.2f} per 10,000"
    if unit == "per_100000":
        return f"{value:.0f} per 100,000"
    return f"{value:.2f}"
