"""The YJB's ten key performance indicators, from what is recorded at source.

KPIs 1-5, 7 and 8 come from the outcome data recorded at the start and end, 6 and 9 from the
diversion and court pathways (`reports.oocd`), 10 from the victims (`reports.kpis`).

Source for every definition: Youth Justice Board and Ministry of Justice, "Key performance
indicators for youth justice services" (gov.uk guidance, youth justice services report them
from 1 April 2023; the KPI table of that page, and the same table as published on 1 April 2023
by the YJB). The page's short definitions were read for KPIs 1-5; the fuller technical
guidance (the data recording requirements with each KPI's counting rules) could not be read
here, and neither could the page's text for KPIs 7 and 8: those two are defined from the KPI
names and the issue's words, and say so (`confirmed=False`). ADR 0140 records each.

The cohort (each KPI's denominator, unless it says otherwise): the children whose order ended
in the period, that is whose pathway was closed on a day from `since` to `until` (either may
be open), in the team asked for, among pathways that take outcome data (started under the
`outcome-data-2026-12` patch; older ones are counted apart, as `ended_before_outcome_data`).
A child whose order ended twice in the period counts once, with the order that ended last.
The guidance counts children, not orders. A child whose end data was never recorded (a
supervisor closed without it, or the court ended the order) stays in the denominator and is
never in a numerator: the gap shows as `not_recorded`, not as a better rate.

Small counts are suppressed as every report's (ADR 0030): a measure whose numerator or
denominator is below `min_count` shows neither those counts nor its share. A measure over
nobody (an empty cohort, no victim consenting) is 0 of 0 with no share and a note, not
suppressed: the report shows those sizes anyway, so there is nothing to hide. KPI 7 counts
partner agencies at meetings, not children, and is not suppressed.

Each KPI's title, definition, source and `confirmed` flag are in `KPI_TEXT`, with the measure
the guidance names first (`headline`): the outcome indicators (`reports.indicators`) show that
one measure quarter by quarter, with the same words.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal, Unpack

from pydantic import BaseModel, Field
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from contracts.diversion import PanelOutcome
from contracts.offences import OffenceGroup
from db.board_meetings import meetings
from readmodel.tables import DiversionRow, OutcomeDataRow, PathwayRow
from reports.cohort import Cohort, Within, share
from reports.csv import Cell, _write, to_csv
from reports.kpis import _victims  # the KPI report's own count of victims
from reports.oocd import kpi6, kpi9
from reports.population import Population

GUIDANCE = (
    "Youth Justice Board and Ministry of Justice, 'Key performance indicators for youth justice "
    "services', gov.uk guidance, from 1 April 2023"
)


class Measure(BaseModel):
    """One numerator over one denominator, with its share; hidden when too small (ADR 0030)."""

    name: str
    numerator: int | None = Field(description="none when suppressed")
    denominator: int | None = Field(description="none when suppressed")
    share: float | None
    unit: Literal["children", "hours", "partner places"] = "children"
    suppressed: bool = False
    note: str | None = None


class YjbKpi(BaseModel):
    """One KPI: its number and name, the guidance's definition, and its measures."""

    kpi: int
    title: str
    definition: str = Field(description="numerator, denominator and cohort, as the source gives")
    source: str
    confirmed: bool = Field(
        description="whether the definition was read in the source (false: from the KPI's name)"
    )
    measures: list[Measure]


class EndedCohort(BaseModel):
    """Which orders the report counts: ended (closed) in the period, not made in it."""

    team: str | None = None
    since: date | None = Field(default=None, description="orders ended on or after this date")
    until: date | None = Field(default=None, description="orders ended on or before this date")
    offence_group: OffenceGroup | None = Field(default=None, exclude_if=lambda group: group is None)


@dataclass(frozen=True)
class KpiText:
    """A KPI's title and definition, as its report and the outcome indicators both give them."""

    title: str
    definition: str
    """Numerator / denominator and cohort, in the guidance's words where it was read."""
    source: str
    confirmed: bool
    """Whether the definition was read in the source (false: from the KPI's name, ADR 0140)."""
    headline: str
    """The measure the guidance names first: the one figure the board pack and trends show."""


NOT_CONFIRMED = "not confirmed against the guidance's text"
KPI_TEXT: dict[int, KpiText] = {
    1: KpiText(
        "Accommodation",
        "children in suitable accommodation at the end of their order / children whose order "
        "ended in the period (and the same children at the start)",
        GUIDANCE + ", KPI 1",
        True,
        "suitable at the end",
    ),
    2: KpiText(
        "Education, training and employment",
        "children in suitable ETE at the end of their order / children whose order ended in "
        "the period (and at the start); hours attended / hours offered at the end",
        GUIDANCE + ", KPI 2",
        True,
        "suitable ETE at the end",
    ),
    3: KpiText(
        "SEND / ALN",
        "children with an identified SEND (ALN) need and a formal plan in place / children "
        "with an identified need, at the end of orders ending in the period",
        GUIDANCE + ", KPI 3",
        True,
        "formal plan, of those with a need",
    ),
    4: KpiText(
        "Mental health and emotional wellbeing",
        "children with a screened or identified need at the end of their order / children "
        "whose order ended in the period; of them, intervention planned or offered; of those, "
        "attended",
        GUIDANCE + ", KPI 4",
        True,
        "screened or identified need at the end",
    ),
    5: KpiText(
        "Substance misuse",
        "children with a screened or identified need for intervention or treatment at the end "
        "of their order / children whose order ended in the period; of them, offered; of those, "
        "attended",
        GUIDANCE + ", KPI 5",
        True,
        "screened or identified need at the end",
    ),
    6: KpiText(
        "Out-of-court disposals",
        "children whose out-of-court disposal intervention (community resolution, youth caution "
        "or youth conditional caution with the service's intervention) ended in the period "
        "having completed it / children whose intervention ended in the period",
        GUIDANCE + ", KPI 6",
        False,
        "interventions completed",
    ),
    7: KpiText(
        "Management board attendance",
        "partner places filled / partner places expected at management board meetings held in "
        "the period; per partner, meetings attended / meetings expected at",
        GUIDANCE + ", KPI 7; Crime and Disorder Act 1998, s. 39(5)",
        False,
        "partner places filled",
    ),
    8: KpiText(
        "Wider services",
        "children known to wider services (looked after, child protection plan, child in need, "
        "early help) at the end of their order / children whose order ended in the period",
        GUIDANCE + ", KPI 8",
        False,
        "known to any wider service",
    ),
    9: KpiText(
        "Serious violence",
        "children with an offence of violence against the person, robbery or drugs proven (a "
        "conviction, youth caution or youth conditional caution) in the period, as a count and "
        "per 10,000 children aged 10 to 17; Pathway knows the offence group, not the gravity "
        "score, so this over-counts the Ministry of Justice's measure",
        GUIDANCE + ", KPI 9",
        False,
        "children with a proven serious violence offence, of the population",
    ),
    10: KpiText(
        "Victims",
        "victims who took part in restorative justice (a restorative option chosen) / victims "
        "who consented to be contacted about it, for the orders made in the period; victims "
        "choose, so the denominator is theirs",
        GUIDANCE + ", KPI 10",
        True,
        "victims engaged in restorative justice",
    ),
}


def _kpi(number: int, measures: list[Measure]) -> YjbKpi:
    text = KPI_TEXT[number]
    return YjbKpi(
        kpi=number,
        title=text.title,
        definition=text.definition + ("" if text.confirmed else f" ({NOT_CONFIRMED})"),
        source=text.source,
        confirmed=text.confirmed,
        measures=measures,
    )


class YjbKpiReport(BaseModel):
    """The YJB's KPIs 1-5, 7 and 8 of a team's orders ending in a period."""

    report: str = "yjb-kpis"
    cohort: EndedCohort
    min_count: int
    children: int = Field(description="children whose order ended in the period (the cohort)")
    not_recorded: int = Field(description="of them, no outcome data recorded at the end")
    closed_without_outcome_data: int = Field(
        description="of them, closed by a supervisor without it, giving the reason"
    )
    ended_before_outcome_data: int = Field(
        description="children whose order ended in the period on a pathway started before "
        "outcome data was recorded (not in the cohort)"
    )
    kpis: list[YjbKpi]

    def measure(self, kpi: int, name: str) -> Measure:
        """The measure called `name` of KPI number `kpi`."""
        found = [m for k in self.kpis if k.kpi == kpi for m in k.measures if m.name == name]
        if len(found) != 1:
            raise KeyError(f"KPI {kpi} has no measure called {name!r}")
        return found[0]


Row = OutcomeDataRow
Test = Callable[[Row], bool]
_NOBODY = "no children in the cohort"


def _measure(
    name: str, rows: Iterable[Row | None], counted: Test, among: Test | None, min_count: int
) -> Measure:
    """`counted` over the children's rows passing `among` (None: every child, recorded or not)."""
    rows = list(rows)
    if not rows:  # the cohort's size is in the report: an empty one has nothing to hide
        return Measure(name=name, numerator=0, denominator=0, share=None, note=_NOBODY)
    base = [r for r in rows if r is not None and among(r)] if among else rows
    denominator = len(base)
    numerator = sum(1 for r in base if r is not None and counted(r))
    return _suppressed(
        Measure(
            name=name,
            numerator=numerator,
            denominator=denominator,
            share=share(numerator, denominator),
        ),
        min_count,
    )


def _flag(name: str) -> Test:
    """The test that a row's answer `name` is yes."""
    return lambda r: bool(getattr(r, name))


def _suppressed(m: Measure, min_count: int) -> Measure:
    small = [c for c in (m.numerator, m.denominator) if c is not None and c < min_count]
    if not small:
        return m
    return m.model_copy(
        update={
            "numerator": None if (m.numerator or 0) < min_count else m.numerator,
            "denominator": None if (m.denominator or 0) < min_count else m.denominator,
            "share": None,
            "suppressed": True,
            "note": f"suppressed: a count below {min_count}",
        }
    )


def accommodation(start: list[Row | None], end: list[Row | None], n: int) -> YjbKpi:
    """KPI 1, accommodation.

    Guidance: "The proportion of children in suitable accommodation at the end of their
    intervention programme/order" (the 2023 description: "the percentage of children in the
    community and being released from custody with suitable accommodation arrangements").
    Numerator: children in the cohort whose accommodation at the end was recorded as
    suitable. Denominator: the cohort (children whose order ended in the period). The same
    share at the start, over the same children, shows the change.
    """
    return _kpi(
        1,
        [
            _measure(KPI_TEXT[1].headline, end, lambda r: r.accommodation_suitable, None, n),
            _measure("suitable at the start", start, lambda r: r.accommodation_suitable, None, n),
        ],
    )


def ete(start: list[Row | None], end: list[Row | None], n: int) -> YjbKpi:
    """KPI 2, education, training and employment (ETE).

    Guidance: "The proportion of children in suitable ETE at the end of their intervention
    programme/order" (2023: "attending a suitable ETE arrangement"). Numerator: children
    whose ETE at the end was recorded as suitable. Denominator: the cohort. Beside it, at the
    start; and the hours a week attended over the hours offered at the end, summed over the
    children with end data (unit: hours), suppressed when fewer than `min_count` children.
    """
    recorded = [r for r in end if r is not None]
    offered = sum(r.ete_hours_offered for r in recorded)
    attended = sum(r.ete_hours_attended for r in recorded)
    hours = Measure(
        name="hours attended of hours offered at the end",
        numerator=attended,
        denominator=offered,
        share=share(attended, offered),
        unit="hours",
    )
    if len(recorded) < n:
        hours = hours.model_copy(
            update={
                "numerator": None,
                "denominator": None,
                "share": None,
                "suppressed": True,
                "note": f"suppressed: fewer than {n} children",
            }
        )
    return _kpi(
        2,
        [
            _measure(KPI_TEXT[2].headline, end, lambda r: r.ete_suitable, None, n),
            _measure("suitable ETE at the start", start, lambda r: r.ete_suitable, None, n),
            hours,
        ],
    )


def send(end: list[Row | None], n: int) -> YjbKpi:
    """KPI 3, special educational needs or disability (SEND) / additional learning needs (ALN).

    Guidance: "The number of children with a formal plan in place as a proportion of children
    with an identified SEND need (or ALN in Wales)" (2023: "... who have an identified SEND
    need, are in suitable ETE and have a formal learning plan in place for the current
    academic year"). Numerator: children with an identified need and a formal plan (an EHCP,
    or an IDP in Wales) at the end. Denominator: children in the cohort with an identified
    need at the end. Beside it, of those with a need, the children in suitable ETE.
    """
    need: Test = lambda r: r.send_identified  # noqa: E731
    return _kpi(
        3,
        [
            _measure("identified need", end, need, None, n),
            _measure(KPI_TEXT[3].headline, end, lambda r: r.send_formal_plan, need, n),
            _measure(
                "in suitable ETE, of those with a need", end, lambda r: r.ete_suitable, need, n
            ),
        ],
    )


def _need_offered_attended(kpi: int, area: str, end: list[Row | None], n: int) -> YjbKpi:
    def part(name: str) -> Test:
        return _flag(f"{area}_{name}")

    return _kpi(
        kpi,
        [
            _measure(KPI_TEXT[kpi].headline, end, part("need"), None, n),
            _measure(
                "intervention planned or offered, of those with a need",
                end,
                part("offered"),
                part("need"),
                n,
            ),
            _measure("attended, of those offered", end, part("attended"), part("offered"), n),
        ],
    )


def mental_health(end: list[Row | None], n: int) -> YjbKpi:
    """KPI 4, mental health care and emotional wellbeing.

    Guidance: "The number of children with a screened or identified need for an intervention
    to improve mental health or emotional wellbeing at the end of their order as a proportion
    of children with an order ending in the period"; the 2023 description adds "and of that
    the percentage of planned/offered interventions; of that percentage of children attending
    interventions". So three measures at the end: need / the cohort; offered / need;
    attended / offered.
    """
    return _need_offered_attended(4, "mental_health", end, n)


def substance_use(end: list[Row | None], n: int) -> YjbKpi:
    """KPI 5, substance misuse.

    Guidance: "The number of children with a screened or identified need for intervention/
    treatment to address substance misuse at the end of their order as a proportion of the
    number of children with an order ending in the period"; 2023: "and of that the percentage
    of children with planned or offered intervention/treatment; and of that the percentage ...
    attending intervention/treatment". Three measures at the end, as KPI 4.
    """
    return _need_offered_attended(5, "substance_use", end, n)


def wider_services(end: list[Row | None], n: int) -> YjbKpi:
    """KPI 8, wider services. NOT CONFIRMED against the guidance's text (ADR 0140).

    Defined from the KPI's name and the issue's words: the children in the cohort known at the
    end of their order to wider services (looked after, on a child protection plan, a child in
    need, or receiving early help) / children whose order ended in the period; and each
    service on its own over the same denominator.
    """
    services = ("looked_after", "child_protection_plan", "child_in_need", "early_help")

    def known(r: Row) -> bool:
        return any(getattr(r, s) for s in services)

    return _kpi(
        8,
        [
            _measure(KPI_TEXT[8].headline, end, known, None, n),
            *(_measure(s.replace("_", " "), end, _flag(s), None, n) for s in services),
        ],
    )


def board_attendance(
    session: Session, team: str | None, since: date | None, until: date | None
) -> YjbKpi:
    """KPI 7, management board attendance. NOT CONFIRMED against the guidance's text (ADR 0140).

    Defined from the KPI's name and the issue's words: over the management board meetings held
    in the period, the partner places filled (a partner expected at a meeting and attending)
    / the partner places expected (each meeting's expected partners: by default the statutory
    partners of the Crime and Disorder Act 1998, s. 39(5)); and, for each partner, the meetings
    it attended / the meetings it was expected at. Not suppressed: these count agencies.
    """
    held = meetings(session, team, since, until)
    expected = sum(len(m.expected) for m in held)
    attended = sum(len(set(m.attended) & set(m.expected)) for m in held)
    partners = list(dict.fromkeys(p for m in held for p in m.expected))
    measures = [
        Measure(
            name=KPI_TEXT[7].headline,
            numerator=attended,
            denominator=expected,
            share=share(attended, expected),
            unit="partner places",
        )
    ]
    for p in partners:
        at = [m for m in held if p in m.expected]
        went = sum(1 for m in at if p in m.attended)
        measures.append(
            Measure(
                name=f"{p}: meetings attended",
                numerator=went,
                denominator=len(at),
                share=share(went, len(at)),
                unit="partner places",
            )
        )
    return _kpi(
        7,
        measures,
    )


def yjb_kpis(
    session: Session,
    *,
    min_count: int = 5,
    population: Population | None = None,
    **within: Unpack[Within],
) -> YjbKpiReport:
    """The YJB's ten KPIs; 1-5, 7 and 8 of the children whose order ended in the period.

    KPI 6 counts out-of-court disposal interventions that ended in the period, KPI 9 offences
    proven in it (per 10,000 children aged 10 to 17 of `population`), KPI 10 the victims of
    the orders made in it (`kpi_6`, `kpi_9`, `kpi_10`).

    Args:
        session: a read-model session (the case database's board meetings too).
        min_count: counts below this are suppressed (0 shows every count).
        population: children aged 10 to 17 for KPI 9's rate (None: the demonstration table).
        **within: team, since and until (of the order's end, not its making), offence group.

    Raises:
        ValueError: `since` is after `until`, or `min_count` is negative.
    """
    if min_count < 0:
        raise ValueError(f"min_count must not be negative (got {min_count})")
    since, until = within.get("since"), within.get("until")
    team, group = within.get("team"), within.get("offence_group")
    # The team and offence group as every report has them; the period is of the order's end.
    ended_orders = select(PathwayRow).where(PathwayRow.closed_on.is_not(None))
    query = Cohort(team=team, offence_group=group).restrict(ended_orders)
    if since is not None:
        query = query.where(PathwayRow.closed_on >= since)
    if until is not None:
        query = query.where(PathwayRow.closed_on <= until)
    ended = sorted(session.scalars(query), key=lambda p: (p.closed_on, p.pathway_id))
    # A diversion referral closed at the joint decision (no further action, a charge, or no
    # decision) had no intervention, so nothing to measure at its end.
    no_work = set(
        session.scalars(
            select(DiversionRow.pathway_id).where(
                or_(DiversionRow.outcome.is_(None), DiversionRow.outcome.in_(_NO_INTERVENTION))
            )
        )
    )
    ended = [p for p in ended if p.pathway_id not in no_work]
    latest = {p.child_id: p for p in ended}  # the order that ended last, per child
    cohort = [p for p in latest.values() if p.outcome_data_rules]
    ids = [p.pathway_id for p in cohort]
    rows = session.scalars(select(OutcomeDataRow).where(OutcomeDataRow.pathway_id.in_(ids)))
    kept = {(r.pathway_id, r.point): r for r in rows}
    start = [kept.get((pid, "start")) for pid in ids]
    end = [kept.get((pid, "end")) for pid in ids]
    n = min_count
    return YjbKpiReport(
        cohort=EndedCohort(team=team, since=since, until=until, offence_group=group),
        min_count=min_count,
        children=len(cohort),
        not_recorded=sum(1 for r in end if r is None),
        closed_without_outcome_data=sum(1 for p in cohort if p.closed_without_outcome_data),
        ended_before_outcome_data=len(latest) - len(cohort),
        kpis=[
            accommodation(start, end, n),
            ete(start, end, n),
            send(end, n),
            mental_health(end, n),
            substance_use(end, n),
            kpi_6(session, team, since, until, n),
            board_attendance(session, team, since, until),
            wider_services(end, n),
            kpi_9(session, team, since, until, n, population or Population()),
            kpi_10(session, team, since, until, n),
        ],
    )


_NO_INTERVENTION = (PanelOutcome.NO_FURTHER_ACTION.value, PanelOutcome.CHARGE.value)


def _period(since: date | None, until: date | None) -> tuple[date, date]:
    return since or date(1900, 1, 1), until or date(9999, 12, 31)


def kpi_6(
    session: Session, team: str | None, since: date | None, until: date | None, n: int
) -> YjbKpi:
    """KPI 6, out-of-court disposals: interventions completed of those ended (`reports.oocd`)."""
    first, last = _period(since, until)
    figures = kpi6(session, since=first, until=last, team=team, min_count=n)
    return _kpi(
        6,
        [
            Measure(
                name=KPI_TEXT[6].headline,
                numerator=figures.completed,
                denominator=figures.ended,
                share=figures.rate,
                suppressed=figures.suppressed,
            )
        ],
    )


def kpi_9(
    session: Session,
    team: str | None,
    since: date | None,
    until: date | None,
    n: int,
    population: Population,
) -> YjbKpi:
    """KPI 9, serious violence: children with a proven serious violence offence (`reports.oocd`)."""
    first, last = _period(since, until)
    if since is None:
        first = date(last.year if until else date.today().year, 1, 1)
    figures = kpi9(session, since=first, until=last, team=team, population=population, min_count=n)
    note = None if figures.per_10000 is None else f"{figures.per_10000:.2f} per 10,000 aged 10-17"
    return _kpi(
        9,
        [
            Measure(
                name=KPI_TEXT[9].headline,
                numerator=figures.children,
                denominator=figures.population,
                share=None if figures.per_10000 is None else figures.per_10000 / 10_000,
                suppressed=figures.suppressed,
                note=note,
            )
        ],
    )


def kpi_10(
    session: Session, team: str | None, since: date | None, until: date | None, n: int
) -> YjbKpi:
    """KPI 10, victims: victims engaged in restorative justice of those who consented."""
    victims = _victims(session, Cohort(team=team, since=since, until=until), identified=0)
    measure = Measure(
        name=KPI_TEXT[10].headline,
        numerator=victims.taking_part,
        denominator=victims.consenting,
        share=victims.taking_part_share,
    )
    # No victim consenting is nothing to hide: the KPI report shows how many consented.
    if victims.consenting:
        measure = _suppressed(measure, n)
    else:
        measure.note = "no victims consented"
    return _kpi(10, [measure])


@to_csv.register
def _(report: YjbKpiReport) -> str:
    header = [
        "kpi",
        "title",
        "measure",
        "unit",
        "numerator",
        "denominator",
        "share",
        "suppressed",
        "confirmed",
        "definition",
        "source",
    ]
    rows: list[list[Cell]] = [
        [
            k.kpi,
            k.title,
            m.name,
            m.unit,
            m.numerator,
            m.denominator,
            m.share,
            m.suppressed,
            k.confirmed,
            k.definition,
            k.source,
        ]
        for k in report.kpis
        for m in k.measures
    ]
    for name in (
        "children",
        "not_recorded",
        "closed_without_outcome_data",
        "ended_before_outcome_data",
    ):
        rows.append(
            ["", "cohort", name, "children", getattr(report, name), None, None, False, True, "", ""]
        )
    return _write(header, rows)
