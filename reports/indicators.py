"""The registry of outcome indicators: what the outcomes pages and the board pack show.

Each indicator is a figure a youth justice management board follows quarter by quarter: an
id, a name, its definition with its source, a one-line summary of it for the printed board
pack, its unit, whether higher is better, and a function giving its value by quarter for one
team or the whole service. The function reads the report the figure comes from
(`reports.reoffending`, `reports.custody`, `reports.first_time_entrants`, `reports.yjb_kpis`),
so an indicator's value, its suppression of small counts and its definition are that report's
own: the board pack never counts differently from the JSON under `/v1/reports/`.

The YJB's ten KPIs are read one way (`_kpi`): the KPI report for the quarter, built once per
quarter and line, and the one measure its guidance names first (`KPI_TEXT[n].headline`; the
other measures, such as a need's intervention offered and attended, stay in the KPI report).

To add an indicator, write its function (or name its KPI) and add it to `INDICATORS`: the
pages, the JSON and CSV, the board pack and its PDF take it from there.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from reports import custody as custody_report
from reports import reoffending as reoffending_report
from reports.custody import custody
from reports.first_time_entrants import DEFINITION as FTE_DEFINITION
from reports.first_time_entrants import first_time_entrants
from reports.population import Population, per
from reports.quarters import Quarter
from reports.reoffending import reoffending
from reports.yjb_kpis import KPI_TEXT, NOT_CONFIRMED, YjbKpiReport, yjb_kpis

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
    kpi_reports: dict[Quarter, YjbKpiReport] = field(default_factory=dict, compare=False)
    """The YJB KPI report of each quarter, built once for the ten KPI indicators to share: an
    `Asked` is for one read of the figures (`reports.outcomes.outcomes`), one session."""

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
    summary: str
    """The definition in one line, for the printed board pack (the full one is referred to)."""
    unit: Unit
    higher_is_better: bool | None
    """None: neither, the figure describes need (the KPIs' screened or identified needs)."""
    values: Values
    small_numerators_hidden: bool = False
    """Whether the source report hides a handful of events too, not only a small base."""
    confirmed: bool = True
    """Whether the definition was read in its source (the YJB KPIs 6 to 9: not yet)."""


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


def _kpi_report(session: Session, asked: Asked, q: Quarter) -> YjbKpiReport:
    """The YJB KPI report of one quarter, for the team or service asked: built once, shared."""
    report = asked.kpi_reports.get(q)
    if report is None:
        report = yjb_kpis(
            session,
            min_count=asked.min_count,
            population=asked.population,
            team=asked.team,
            since=q.first_day,
            until=q.last_day,
        )
        asked.kpi_reports[q] = report
    return report


def _kpi(
    kpi: int,
    *,
    of: str,
    empty: str,
    scale: int | None = None,
    base: Literal["numerator", "denominator"] | None = "denominator",
) -> Values:
    """Each quarter's value of KPI `kpi`'s headline measure, as the KPI report gives it.

    Args:
        kpi: the KPI's number (1 to 10).
        of: what a suppressed count counts, for the note ("children", "victims").
        empty: why there is no value when the measure's denominator is none at all.
        scale: None for the measure's share; else its numerator per `scale` of its denominator
            (KPI 9: per 10,000 children aged 10 to 17).
        base: the count the suppression floor is judged on, for the service's line beside a
            team's (`reports.outcomes._beside`); None when the KPI is not suppressed (KPI 7
            counts partner agencies, not children).
    """
    headline = KPI_TEXT[kpi].headline

    def values(session: Session, asked: Asked) -> list[Point]:
        points = []
        for q in asked.quarters:
            m = _kpi_report(session, asked, q).measure(kpi, headline)
            if m.suppressed:
                points.append(_suppressed(q, asked.min_count, of))
                continue
            if m.numerator is None or m.denominator is None:
                # Unsuppressed yet unknown: only KPI 9's population can be (no figure for it).
                points.append(_none(q, m.note or "no population figure for the year"))
                continue
            value = m.share if scale is None else per(m.numerator, m.denominator, scale)
            if value is None:  # a denominator of none (an empty cohort: not a suppression)
                points.append(_none(q, empty))
                continue
            points.append(
                Point(
                    quarter=str(q),
                    period_start=q.first_day,
                    value=value,
                    numerator=m.numerator,
                    denominator=m.denominator,
                    base=None if base is None else getattr(m, base),
                )
            )
        return points

    return values


def _kpi_definition(kpi: int, figure: str) -> str:
    """The KPI report's definition and source, with the figure shown and whether confirmed."""
    text = KPI_TEXT[kpi]
    caveat = "" if text.confirmed else f" The definition is {NOT_CONFIRMED} (ADR 0140)."
    return (
        f"YJB KPI {kpi}, {text.title}: {text.definition}. This figure, the measure the guidance "
        f"names first: {figure}."
        f"{caveat} {text.source}."
    )


def _kpi_indicator(
    kpi: int,
    id: str,
    name: str,
    *,
    figure: str,
    summary: str,
    higher_is_better: bool | None,
    values: Values,
    unit: Unit = "share",
    small_numerators_hidden: bool = True,
) -> Indicator:
    return Indicator(
        id=id,
        name=name,
        definition=_kpi_definition(kpi, figure),
        summary=summary,
        unit=unit,
        higher_is_better=higher_is_better,
        values=values,
        small_numerators_hidden=small_numerators_hidden,
        confirmed=KPI_TEXT[kpi].confirmed,
    )


_ENDED = "no child's order ended in the quarter"
_AT_THE_END = "the share of the children whose order ended in the quarter"

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="reoffending-binary",
        name="Proven re-offending rate",
        definition=reoffending_report.DEFINITION + " The share of the cohort who re-offended.",
        summary="Children cautioned, sentenced in the community or released from custody in "
        "the quarter who had a proven re-offence within 12 months (MoJ measure).",
        unit="share",
        higher_is_better=False,
        values=_reoffending("binary"),
    ),
    Indicator(
        id="reoffending-frequency",
        name="Re-offences per re-offender",
        definition=reoffending_report.DEFINITION
        + " The proven re-offences of the cohort divided by its re-offenders.",
        summary="Proven re-offences of the same quarterly cohort per child who re-offended "
        "(MoJ measure).",
        unit="per_person",
        higher_is_better=False,
        values=_reoffending("frequency"),
    ),
    Indicator(
        id="custody-rate",
        name="Custodial sentences per 1,000 children aged 10 to 17",
        definition=custody_report.DEFINITION + " This figure: the rate per 1,000.",
        summary="Detention and training orders made in the quarter per 1,000 children aged "
        "10 to 17 in the area (Youth Justice Statistics).",
        unit="per_1000",
        higher_is_better=False,
        values=_custody("per_1000"),
        small_numerators_hidden=True,
    ),
    Indicator(
        id="custody-share",
        name="Custodial sentences as a share of sentences",
        definition=custody_report.DEFINITION + " This figure: the share of court orders.",
        summary="Detention and training orders as a share of all court orders made in the "
        "quarter (Youth Justice Statistics).",
        unit="share",
        higher_is_better=False,
        values=_custody("share"),
        small_numerators_hidden=True,
    ),
    Indicator(
        id="first-time-entrants",
        name="First-time entrants per 100,000 children aged 10 to 17",
        definition=FTE_DEFINITION + " This figure: per 100,000 of the population table.",
        summary="Children given their first youth caution, youth conditional caution or "
        "conviction in the quarter, per 100,000 aged 10 to 17.",
        unit="per_100000",
        higher_is_better=False,
        values=_first_time_entrants,
        small_numerators_hidden=True,
    ),
    _kpi_indicator(
        1,
        "kpi1-accommodation",
        "Suitable accommodation at the end of the order (KPI 1)",
        figure=f"suitable accommodation at the end, as {_AT_THE_END}",
        summary="Children whose order ended in the quarter who were in suitable "
        "accommodation at its end.",
        higher_is_better=True,
        values=_kpi(1, of="children", empty=_ENDED),
    ),
    _kpi_indicator(
        2,
        "kpi2-ete",
        "Suitable education, training or employment at the end of the order (KPI 2)",
        figure=f"suitable ETE at the end, as {_AT_THE_END} (the start and the hours are in the "
        "KPI report)",
        summary="Children whose order ended in the quarter who were in suitable education, "
        "training or employment at its end.",
        higher_is_better=True,
        values=_kpi(2, of="children", empty=_ENDED),
    ),
    _kpi_indicator(
        3,
        "kpi3-send",
        "Formal plan in place for children with SEND or ALN (KPI 3)",
        figure="a formal plan, as the share of the children with an identified need",
        summary="Of children with an identified SEND (ALN in Wales) need at the end of their "
        "order, those with a formal plan (EHCP or IDP).",
        higher_is_better=True,
        values=_kpi(3, of="children", empty="no child with an identified need"),
    ),
    _kpi_indicator(
        4,
        "kpi4-mental-health",
        "Mental health or emotional wellbeing need at the end of the order (KPI 4)",
        figure=f"a screened or identified need at the end, as {_AT_THE_END}; a measure of "
        "need, neither higher nor lower is better (intervention offered and attended are in "
        "the KPI report)",
        summary="Children whose order ended in the quarter with a screened or identified "
        "mental health or emotional wellbeing need.",
        higher_is_better=None,
        values=_kpi(4, of="children", empty=_ENDED),
    ),
    _kpi_indicator(
        5,
        "kpi5-substance-use",
        "Substance use need at the end of the order (KPI 5)",
        figure=f"a screened or identified need at the end, as {_AT_THE_END}; a measure of "
        "need, neither higher nor lower is better (intervention offered and attended are in "
        "the KPI report)",
        summary="Children whose order ended in the quarter with a screened or identified "
        "need for substance use intervention or treatment.",
        higher_is_better=None,
        values=_kpi(5, of="children", empty=_ENDED),
    ),
    _kpi_indicator(
        6,
        "oocd-completed",
        "Out-of-court disposal interventions completed (KPI 6)",
        figure="the share completed",
        summary="Children whose out-of-court disposal intervention ended in the quarter "
        "who completed it.",
        higher_is_better=True,
        values=_kpi(6, of="children whose intervention ended", empty="no intervention ended"),
        small_numerators_hidden=False,
    ),
    _kpi_indicator(
        7,
        "kpi7-board-attendance",
        "Management board attendance by partners (KPI 7)",
        figure="partner places filled, as a share of partner places expected (each partner's "
        "own attendance is in the KPI report)",
        summary="Statutory partners' places filled at the management board meetings held in "
        "the quarter.",
        higher_is_better=True,
        values=_kpi(7, of="partner places", empty="no board meeting in the quarter", base=None),
        small_numerators_hidden=False,
    ),
    _kpi_indicator(
        8,
        "kpi8-wider-services",
        "Known to wider services at the end of the order (KPI 8)",
        figure=f"known to any wider service at the end, as {_AT_THE_END}; a measure of need, "
        "neither higher nor lower is better (each service is in the KPI report)",
        summary="Children whose order ended in the quarter known to children's services "
        "(looked after, child protection, child in need, early help).",
        higher_is_better=None,
        values=_kpi(8, of="children", empty=_ENDED),
    ),
    _kpi_indicator(
        9,
        "serious-violence",
        "Children with a proven serious violence offence per 10,000 (KPI 9)",
        figure="the rate per 10,000",
        summary="Children with a violence, robbery or drugs offence proven in the quarter, per "
        "10,000 aged 10 to 17 (an over-count: no gravity score).",
        unit="per_10000",
        higher_is_better=False,
        values=_kpi(9, of="children", empty="no population", scale=10_000, base="numerator"),
    ),
    _kpi_indicator(
        10,
        "victims-restorative",
        "Victims engaged in restorative justice (KPI 10)",
        figure="the share of the victims who consented",
        summary="Victims of orders made in the quarter who consented to restorative justice "
        "and took part in it.",
        higher_is_better=True,
        values=_kpi(10, of="victims", empty="no victims consented"),
    ),
)
BY_ID = {i.id: i for i in INDICATORS}


_PER: dict[str, tuple[str, str]] = {  # a rate's decimal places, and what it is per
    "per_1000": (".2f", "1,000"),
    "per_10000": (".2f", "10,000"),
    "per_100000": (".0f", "100,000"),
}


def formatted(unit: Unit, value: float | None, *, short: bool = False) -> str:
    """A value as people read it: `38%`, `1.2 per 1,000`, `1.50`; a dash when there is none.

    `short` leaves out "per 1,000" and the like, for a table whose rows name the rate (the
    board pack: "Custodial sentences per 1,000 children aged 10 to 17", then `0.33`).
    """
    if value is None:
        return "–"
    if unit == "share":
        return f"{round(value * 100)}%"
    if unit in _PER:
        digits, of = _PER[unit]
        return format(value, digits) if short else f"{format(value, digits)} per {of}"
    return f"{value:.2f}"
