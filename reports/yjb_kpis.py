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

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal, NamedTuple, Unpack

from pydantic import BaseModel, Field
from sqlalchemy import (
    ColumnElement,
    Date,
    FromClause,
    Select,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from contracts.diversion import PanelOutcome
from contracts.offences import OffenceGroup
from db.tables import BoardMeeting
from readmodel.tables import DiversionRow, OffenceRow, OutcomeDataRow, PathwayRow, VictimRow
from reports.bound import params_of, shape_of
from reports.cohort import Cohort, Within, share
from reports.csv import Cell, _write, to_csv
from reports.kpis import consenting
from reports.oocd import kpi6_counts, kpi6_of, kpi9_count, kpi9_of
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


_NOBODY = "no children in the cohort"


class Test(NamedTuple):
    """A measure of the cohort's outcome data, counted by the database.

    The children answering yes to any of `counted` at `point`, among those answering yes to
    `among` there (None: every child of the cohort, recorded or not, so a child with no data
    is in the denominator and never in the numerator).
    """

    point: Literal["start", "end"]
    counted: tuple[str, ...]
    among: str | None = None


def _end(*counted: str, among: str | None = None) -> Test:
    return Test("end", counted, among)


def _need_offered_attended_tests(area: str) -> tuple[tuple[str, Test], ...]:
    return (
        ("screened or identified need at the end", _end(f"{area}_need")),
        (
            "intervention planned or offered, of those with a need",
            _end(f"{area}_offered", among=f"{area}_need"),
        ),
        ("attended, of those offered", _end(f"{area}_attended", among=f"{area}_offered")),
    )


_WIDER_SERVICES = ("looked_after", "child_protection_plan", "child_in_need", "early_help")
MEASURES: dict[int, tuple[tuple[str, Test], ...]] = {
    1: (
        ("suitable at the end", _end("accommodation_suitable")),
        ("suitable at the start", Test("start", ("accommodation_suitable",))),
    ),
    2: (
        ("suitable ETE at the end", _end("ete_suitable")),
        ("suitable ETE at the start", Test("start", ("ete_suitable",))),
    ),
    3: (
        ("identified need", _end("send_identified")),
        ("formal plan, of those with a need", _end("send_formal_plan", among="send_identified")),
        ("in suitable ETE, of those with a need", _end("ete_suitable", among="send_identified")),
    ),
    4: _need_offered_attended_tests("mental_health"),
    5: _need_offered_attended_tests("substance_use"),
    8: (
        ("known to any wider service", _end(*_WIDER_SERVICES)),
        *((s.replace("_", " "), _end(s)) for s in _WIDER_SERVICES),
    ),
}
"""Each outcome-data KPI's measures, by name (counted by the database, `_cohort_counts`)."""
_TESTS = tuple(dict.fromkeys(test for measures in MEASURES.values() for _, test in measures))


@dataclass(frozen=True)
class Tallies:
    """What the KPIs count of the cohort, counted by the database (`_cohort_counts`)."""

    children: int
    not_recorded: int
    closed_without_outcome_data: int
    ended_before_outcome_data: int
    hours_attended: int
    hours_offered: int
    tests: dict[Test, tuple[int, int]]  # numerator and denominator
    oocd_ended: int  # KPI 6: children whose out-of-court disposal intervention ended
    oocd_completed: int
    serious_violence: int  # KPI 9: children with a serious violence offence proven
    victims_taking_part: int  # KPI 10: victims with a restorative option chosen
    victims_consenting: int


def _measures(kpi: int, t: Tallies, min_count: int) -> list[Measure]:
    """The KPI's measures (`MEASURES`) from the cohort's tallies."""
    if not t.children:  # the cohort's size is in the report: an empty one has nothing to hide
        return [
            Measure(name=name, numerator=0, denominator=0, share=None, note=_NOBODY)
            for name, _ in MEASURES[kpi]
        ]
    return [
        _suppressed(
            Measure(name=name, numerator=num, denominator=den, share=share(num, den)), min_count
        )
        for name, test in MEASURES[kpi]
        for num, den in (t.tests[test],)
    ]


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


def accommodation(t: Tallies, n: int) -> YjbKpi:
    """KPI 1, accommodation.

    Guidance: "The proportion of children in suitable accommodation at the end of their
    intervention programme/order" (the 2023 description: "the percentage of children in the
    community and being released from custody with suitable accommodation arrangements").
    Numerator: children in the cohort whose accommodation at the end was recorded as
    suitable. Denominator: the cohort (children whose order ended in the period). The same
    share at the start, over the same children, shows the change.
    """
    return _kpi(1, _measures(1, t, n))


def ete(t: Tallies, n: int) -> YjbKpi:
    """KPI 2, education, training and employment (ETE).

    Guidance: "The proportion of children in suitable ETE at the end of their intervention
    programme/order" (2023: "attending a suitable ETE arrangement"). Numerator: children
    whose ETE at the end was recorded as suitable. Denominator: the cohort. Beside it, at the
    start; and the hours a week attended over the hours offered at the end, summed over the
    children with end data (unit: hours), suppressed when fewer than `min_count` children.
    """
    offered, attended = t.hours_offered, t.hours_attended
    hours = Measure(
        name="hours attended of hours offered at the end",
        numerator=attended,
        denominator=offered,
        share=share(attended, offered),
        unit="hours",
    )
    if t.children - t.not_recorded < n:
        hours = hours.model_copy(
            update={
                "numerator": None,
                "denominator": None,
                "share": None,
                "suppressed": True,
                "note": f"suppressed: fewer than {n} children",
            }
        )
    return _kpi(2, [*_measures(2, t, n), hours])


def send(t: Tallies, n: int) -> YjbKpi:
    """KPI 3, special educational needs or disability (SEND) / additional learning needs (ALN).

    Guidance: "The number of children with a formal plan in place as a proportion of children
    with an identified SEND need (or ALN in Wales)" (2023: "... who have an identified SEND
    need, are in suitable ETE and have a formal learning plan in place for the current
    academic year"). Numerator: children with an identified need and a formal plan (an EHCP,
    or an IDP in Wales) at the end. Denominator: children in the cohort with an identified
    need at the end. Beside it, of those with a need, the children in suitable ETE.
    """
    return _kpi(3, _measures(3, t, n))


def _need_offered_attended(kpi: int, t: Tallies, n: int) -> YjbKpi:
    return _kpi(kpi, _measures(kpi, t, n))


def mental_health(t: Tallies, n: int) -> YjbKpi:
    """KPI 4, mental health care and emotional wellbeing.

    Guidance: "The number of children with a screened or identified need for an intervention
    to improve mental health or emotional wellbeing at the end of their order as a proportion
    of children with an order ending in the period"; the 2023 description adds "and of that
    the percentage of planned/offered interventions; of that percentage of children attending
    interventions". So three measures at the end: need / the cohort; offered / need;
    attended / offered.
    """
    return _need_offered_attended(4, t, n)


def substance_use(t: Tallies, n: int) -> YjbKpi:
    """KPI 5, substance misuse.

    Guidance: "The number of children with a screened or identified need for intervention/
    treatment to address substance misuse at the end of their order as a proportion of the
    number of children with an order ending in the period"; 2023: "and of that the percentage
    of children with planned or offered intervention/treatment; and of that the percentage ...
    attending intervention/treatment". Three measures at the end, as KPI 4.
    """
    return _need_offered_attended(5, t, n)


def wider_services(t: Tallies, n: int) -> YjbKpi:
    """KPI 8, wider services. NOT CONFIRMED against the guidance's text (ADR 0140).

    Defined from the KPI's name and the issue's words: the children in the cohort known at the
    end of their order to wider services (looked after, on a child protection plan, a child in
    need, or receiving early help) / children whose order ended in the period; and each
    service on its own over the same denominator.
    """
    return _kpi(8, _measures(8, t, n))


class _Held(NamedTuple):
    expected: list[str]
    attended: list[str]


def _meetings(
    session: Session, team: str | None, since: date | None, until: date | None
) -> list[_Held]:
    """The partners expected and attending at each board meeting held (`db.board_meetings`)."""
    m = BoardMeeting.__table__
    query = select(m.c.expected, m.c.attended).order_by(m.c.met_on, m.c.id)
    if team is not None:
        query = query.where(m.c.team == team)
    if since is not None:
        query = query.where(m.c.met_on >= since)
    if until is not None:
        query = query.where(m.c.met_on <= until)
    return [_Held(*row) for row in session.execute(query)]


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
    held = _meetings(session, team, since, until)
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
    Cohort(**within)  # refuses a `since` after `until`
    since, until = within.get("since"), within.get("until")
    team, group = within.get("team"), within.get("offence_group")
    t = _tallies(session, team, since, until, group)
    n = min_count
    return YjbKpiReport(
        cohort=EndedCohort(team=team, since=since, until=until, offence_group=group),
        min_count=min_count,
        children=t.children,
        not_recorded=t.not_recorded,
        closed_without_outcome_data=t.closed_without_outcome_data,
        ended_before_outcome_data=t.ended_before_outcome_data,
        kpis=[
            accommodation(t, n),
            ete(t, n),
            send(t, n),
            mental_health(t, n),
            substance_use(t, n),
            kpi_6(t, n),
            board_attendance(session, team, since, until),
            wider_services(t, n),
            kpi_9(t, team, _kpi9_since(since, until), n, population or Population()),
            kpi_10(t, n),
        ],
    )


_NO_INTERVENTION = (PanelOutcome.NO_FURTHER_ACTION.value, PanelOutcome.CHARGE.value)
_PATHWAYS, _DIVERSIONS = PathwayRow.__table__, DiversionRow.__table__
_OUTCOME_DATA, _OFFENCES = OutcomeDataRow.__table__, OffenceRow.__table__


def _yes(data: FromClause, answers: tuple[str, ...]) -> ColumnElement[bool]:
    return or_(*(data.c[a] == true() for a in answers))


@cache
def _cohort_counts(*given: bool) -> Select[Any]:
    """The cohort's counts and each test's (`MEASURES`) numerator and denominator: one row.

    The cohort: the pathways closed in the period (a diversion referral closed at the joint
    decision, with no further action, a charge or no decision, had no intervention and is left
    out), each child's last (by the day closed, then the pathway), that take outcome data;
    the others' children are counted apart. Built once for each set of the conditions given
    (`team`, `since`, `until`, `offence_group`, bound by those names).
    """
    p, d, o = _PATHWAYS, _DIVERSIONS, _OUTCOME_DATA
    team, since, until, group = given
    conditions: list[ColumnElement[bool]] = [
        p.c.closed_on.is_not(None),
        # A NULL outcome is not NOT IN either: no decision, no intervention.
        d.c.pathway_id.is_(None) | d.c.outcome.not_in(_NO_INTERVENTION),
    ]
    if team:
        conditions.append(p.c.team == bindparam("team"))
    if since:
        conditions.append(p.c.closed_on >= bindparam("since", type_=Date))
    if until:
        conditions.append(p.c.closed_on <= bindparam("until", type_=Date))
    if group:
        offence = select(_OFFENCES.c.pathway_id).where(
            _OFFENCES.c.pathway_id == p.c.pathway_id,
            _OFFENCES.c.offence_group == bindparam("offence_group"),
        )
        conditions.append(exists(offence))
    last = func.row_number().over(
        partition_by=p.c.child_id, order_by=(p.c.closed_on.desc(), p.c.pathway_id.desc())
    )
    ended = (
        select(
            p.c.pathway_id,
            p.c.outcome_data_rules.label("rules"),
            p.c.closed_without_outcome_data.label("waived"),
            last.label("n"),
        )
        .select_from(p.outerjoin(d, d.c.pathway_id == p.c.pathway_id))
        .where(*conditions)
        .subquery("ended")
    )
    start, end = o.alias("start_data"), o.alias("end_data")
    data = {"start": start, "end": end}
    # Every count is of the children whose pathway takes outcome data, but the last.
    rules = ended.c.rules == true()

    def count(test: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((rules & test, 1), else_=0)), 0)

    def total(hours: ColumnElement[int]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((rules, hours))), 0)

    tests: list[ColumnElement[int]] = []
    for t in _TESTS:
        at = data[t.point]
        counted = _yes(at, t.counted)
        if t.among is None:
            tests += [count(counted), count(true())]
        else:
            among = _yes(at, (t.among,))
            tests += [count(among & counted), count(among)]
    # Without outcome data: a pathway from before its patch (NULL for rows from before it).
    before = func.coalesce(func.sum(case((rules, 0), else_=1)), 0)
    return (
        select(
            count(true()),
            count(end.c.pathway_id.is_(None)),
            count(ended.c.waived == true()),
            before,
            total(end.c.ete_hours_attended),
            total(end.c.ete_hours_offered),
            *tests,
        )
        .select_from(
            ended.outerjoin(
                start, (start.c.pathway_id == ended.c.pathway_id) & (start.c.point == "start")
            ).outerjoin(end, (end.c.pathway_id == ended.c.pathway_id) & (end.c.point == "end"))
        )
        .where(ended.c.n == 1)  # the child's last
    )


def _tallies(
    session: Session,
    team: str | None,
    since: date | None,
    until: date | None,
    group: OffenceGroup | None,
) -> Tallies:
    cohort = Cohort(team=team, since=since, until=until, offence_group=group)
    query = _counts(*shape_of(cohort))
    bound = params_of(cohort)
    bound["proven_since"] = _kpi9_since(since, until)
    row = session.execute(query, bound).one()
    children, unrecorded, waived, before, attended, offered, *tests = row[: 6 + 2 * len(_TESTS)]
    ended, completed, serious, taking_part, consenting = row[6 + 2 * len(_TESTS) :]
    pairs = zip(tests[::2], tests[1::2], strict=True)
    return Tallies(
        children=children,
        not_recorded=unrecorded,
        closed_without_outcome_data=waived,
        ended_before_outcome_data=before,
        hours_attended=attended,
        hours_offered=offered,
        oocd_ended=ended,
        oocd_completed=completed,
        serious_violence=serious,
        victims_taking_part=taking_part,
        victims_consenting=consenting,
        tests=dict(zip(_TESTS, pairs, strict=True)),
    )


def _kpi9_since(since: date | None, until: date | None) -> date:
    """KPI 9 counts from `since`, or else from the start of the year (`until`'s, or this)."""
    if since is not None:
        return since
    return date(until.year if until else date.today().year, 1, 1)


@cache
def _victim_counts(team: bool, since: bool, until: bool) -> Select[Any]:
    """KPI 10's victims of the orders made in the period: taking part, and consenting.

    As `reports.kpis` counts them: consenting once is consenting (a withdrawal after keeps it),
    taking part is an option chosen.
    """
    v, p = VictimRow.__table__, _PATHWAYS
    consented = consenting(v.c.ever_consented, v.c.consent)
    conditions = [p.c.team == bindparam("team")] if team else []
    if since:
        conditions.append(p.c.made_on >= bindparam("since", type_=Date))
    if until:
        conditions.append(p.c.made_on <= bindparam("until", type_=Date))
    return (
        select(
            func.coalesce(func.sum(case((v.c.option.is_not(None), 1), else_=0)), 0),
            func.coalesce(func.sum(case((consented, 1), else_=0)), 0),
        )
        .select_from(v.join(p, p.c.pathway_id == v.c.pathway_id))
        .where(*conditions)
    )


@cache
def _counts(team: bool, since: bool, until: bool, group: bool) -> Select[Any]:
    """Everything the KPIs count but the board's meetings, in one statement of one row.

    The cohort's counts (`_cohort_counts`), then KPI 6's, KPI 9's and KPI 10's (over the same
    team and period, KPI 9 from the parameter `proven_since`), each a one-row table joined on.
    """
    bound = ("since" if since else "", "until" if until else "")
    parts = [
        _cohort_counts(team, since, until, group).subquery("cohort"),
        kpi6_counts(team, *bound).subquery("kpi6"),
        kpi9_count(team, "proven_since", bound[1]).subquery("kpi9"),
        _victim_counts(team, since, until).subquery("kpi10"),
    ]
    joined: FromClause = parts[0]
    for part in parts[1:]:
        joined = joined.join(part, true())
    return select(*(c for part in parts for c in part.c)).select_from(joined)


def kpi_6(t: Tallies, n: int) -> YjbKpi:
    """KPI 6, out-of-court disposals: interventions completed of those ended (`reports.oocd`)."""
    figures = kpi6_of(t.oocd_ended, t.oocd_completed, {}, n)
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


def kpi_9(t: Tallies, team: str | None, first: date, n: int, population: Population) -> YjbKpi:
    """KPI 9, serious violence: children with a proven serious violence offence (`reports.oocd`).

    Proven from `first` (`_kpi9_since`) to the end of the period.
    """
    figures = kpi9_of(t.serious_violence, population.of(team, first.year), n)
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


def kpi_10(t: Tallies, n: int) -> YjbKpi:
    """KPI 10, victims: victims engaged in restorative justice of those who consented."""
    taking_part, consented = t.victims_taking_part, t.victims_consenting
    measure = Measure(
        name=KPI_TEXT[10].headline,
        numerator=taking_part,
        denominator=consented,
        share=share(taking_part, consented),
    )
    # No victim consenting is nothing to hide: the KPI report shows how many consented.
    if consented:
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
