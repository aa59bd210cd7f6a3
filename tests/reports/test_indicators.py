"""The outcome indicators on a golden set of rows (`tests.reports.outcome_seed`), team against
service, with their gaps; quarters named both sides of their limits; the trend chart's gaps."""

import csv
import io
from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from reports import indicators
from reports.csv import to_csv
from reports.indicators import BY_ID, INDICATORS, Point, formatted
from reports.kpis import kpis
from reports.outcomes import OutcomesReport, _beside, outcomes
from reports.population import Population
from reports.quarters import Quarter, last_complete
from reports.trend_chart import sparkline, trend_chart
from reports.yjb_kpis import KPI_TEXT, YjbKpiReport, yjb_kpis
from tests.reports.outcome_seed import EXPECTED_Q4, KPI_Q4, order, seed_outcomes

AS_OF = date(2026, 12, 6)


@pytest.fixture
def report(sessions: sessionmaker[Session]) -> OutcomesReport:
    with sessions.begin() as s:
        seed_outcomes(s, "bromley", "croydon", "g")
    with sessions() as s:
        return outcomes(
            s, team="bromley", last=Quarter(2023, 4), as_of=AS_OF, population=Population()
        )


def test_each_indicator_for_the_quarter_is_the_hand_worked_figure_for_team_and_service(
    report: OutcomesReport,
) -> None:
    assert report.quarters == [f"{y}-Q{n}" for y in (2022, 2023) for n in (1, 2, 3, 4)]
    assert [f.id for f in report.indicators] == list(EXPECTED_Q4)
    for f in report.indicators:
        assert f.team is not None
        shown = (formatted(f.unit, f.team[-1].value), formatted(f.unit, f.service[-1].value))
        assert shown == EXPECTED_Q4[f.id], f.id
    binary = next(f for f in report.indicators if f.id == "reoffending-binary")
    assert binary.team is not None
    q4 = binary.team[-1]
    assert (q4.numerator, q4.denominator, q4.provisional) == (2, 5, False)


def test_a_quarter_below_the_floor_is_a_suppressed_gap_and_one_with_nothing_is_no_data(
    report: OutcomesReport,
) -> None:
    for f in report.indicators:
        assert f.team is not None
        by_quarter = {p.quarter: p for p in f.team}
        q3 = by_quarter["2023-Q3"]
        if f.id == "victims-restorative":  # no victims at all in Q3
            assert (q3.value, q3.suppressed, q3.note) == (None, False, "no victims consented")
        elif f.id == "oocd-completed":  # no out-of-court disposal at all
            assert (q3.value, q3.suppressed, q3.note) == (None, False, "no intervention ended")
        elif f.id == "kpi7-board-attendance":  # the board did not meet
            assert (q3.value, q3.suppressed, q3.note) == (None, False, "no board meeting in the quarter")
        elif f.id == "kpi3-send":  # no order ended, so no child with a need to count
            assert (q3.value, q3.suppressed, q3.note) == (None, False, "no child with an identified need")
        elif f.id.startswith("kpi"):  # no order ended: nothing to count, nothing hidden
            assert (q3.value, q3.suppressed, q3.note) == (None, False, "no child's order ended in the quarter")
        elif f.id == "serious-violence":  # none: a true zero, not a gap
            assert (q3.value, q3.suppressed) == (0.0, False)
        else:
            assert q3.value is None and q3.suppressed and "fewer than 5" in (q3.note or "")
        first = by_quarter["2022-Q1"]
        if f.unit in ("per_10000", "per_100000"):  # a count of nobody is a true zero
            assert first.value == 0.0 and not first.suppressed
        else:
            assert first.value is None and not first.suppressed


def test_a_quarter_with_nobody_re_offending_is_zero_and_has_no_frequency(
    report: OutcomesReport,
) -> None:
    figures = {f.id: {p.quarter: p for p in f.team or []} for f in report.indicators}
    assert figures["reoffending-binary"]["2023-Q2"].value == 0
    frequency = figures["reoffending-frequency"]["2023-Q2"]
    assert (frequency.value, frequency.note) == (None, "no re-offenders")
    assert figures["custody-share"]["2023-Q2"].value == 0
    assert figures["custody-rate"]["2023-Q2"].value == 0


def test_each_kpi_indicator_is_its_headline_measure_counted_by_hand_for_team_and_service(
    sessions: sessionmaker[Session], report: OutcomesReport
) -> None:
    """KPI_Q4's counts are worked out in `outcome_seed`'s docstring: KPI 3 is the 6 children
    with a formal plan of the 8 with an identified need (K10, closed without end data, has no
    need recorded); KPI 7 the 7 partner places filled of 10 at the team's two Q4 meetings."""
    figures = {f.id: f for f in report.indicators}
    with sessions() as s:
        kpi_report = yjb_kpis(s, team="bromley", since=date(2023, 10, 1), until=date(2023, 12, 31))
    for kpi, text in KPI_TEXT.items():
        [indicator] = [i for i in INDICATORS if f"(KPI {kpi})" in i.name]
        f = figures[indicator.id]
        assert f.team is not None
        assert (f.team[-1].numerator, f.team[-1].denominator) == KPI_Q4[f.id], f.id
        # The other team adds no KPI data; only KPI 9's denominator (the population) is bigger.
        service = (0, 31_500) if kpi == 9 else KPI_Q4[f.id]
        assert (f.service[-1].numerator, f.service[-1].denominator) == service, f.id
        measure = kpi_report.measure(kpi, text.headline)  # the KPI report's own figure
        assert (measure.numerator, measure.denominator) == KPI_Q4[f.id], f.id
        assert f.confirmed is text.confirmed and text.definition in f.definition
    send = figures["kpi3-send"].team
    assert send is not None and send[-1].value == 0.75 and send[-1].base == 8
    board = figures["kpi7-board-attendance"].team
    assert board is not None and board[-1].value == 0.7 and board[-1].base is None
    assert [f.confirmed for f in report.indicators if f.id.startswith("kpi")] == [
        True, True, True, True, True, False, False  # KPIs 1-5, 7 and 8
    ]


def test_a_kpi_indicator_is_suppressed_by_the_kpi_reports_own_rule(
    sessions: sessionmaker[Session],
) -> None:
    """A floor of 8: KPI 3's 6 of 8 hides (its numerator), KPI 1's 9 of 10 and KPI 2's 8 of 10
    show, and KPI 7 counts partner agencies, never suppressed."""
    with sessions.begin() as s:
        seed_outcomes(s, "bromley", "croydon", "g")
    with sessions() as s:
        high = outcomes(
            s, team="bromley", last=Quarter(2023, 4), as_of=AS_OF, population=Population(), min_count=8
        )
    latest = {f.id: (f.team or [])[-1] for f in high.indicators}
    assert latest["kpi3-send"].suppressed and latest["kpi3-send"].value is None
    assert latest["kpi3-send"].note == "suppressed: fewer than 8 children"
    assert (latest["kpi1-accommodation"].value, latest["kpi2-ete"].value) == (0.9, 0.8)
    assert latest["kpi4-mental-health"].suppressed  # 5 of 10
    assert latest["kpi7-board-attendance"].value == 0.7


def test_the_ten_kpi_indicators_share_one_kpi_report_per_quarter_and_line(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[tuple[str | None, date | None]] = []

    def counted(session: Session, **asked: Any) -> YjbKpiReport:
        built.append((asked.get("team"), asked.get("since")))
        return yjb_kpis(session, **asked)

    monkeypatch.setattr(indicators, "yjb_kpis", counted)
    with sessions() as s:
        outcomes(s, team="bromley", last=Quarter(2023, 4), as_of=AS_OF, population=Population())
    assert len(built) == len(set(built)) == 8 * 2  # each quarter once for the team, once for all


def test_the_victims_indicator_is_the_kpi_reports_own_share(
    sessions: sessionmaker[Session], report: OutcomesReport
) -> None:
    with sessions() as s:
        kpi = kpis(s, team="bromley", since=date(2023, 10, 1), until=date(2023, 12, 31))
    victims = next(f for f in report.indicators if f.id == "victims-restorative")
    assert victims.team is not None
    assert victims.team[-1].value == kpi.victims.taking_part_share == 0.5


def test_the_whole_service_alone_has_no_team_line(sessions: sessionmaker[Session]) -> None:
    with sessions() as s:
        alone = outcomes(s, team=None, last=Quarter(2023, 4), as_of=AS_OF, population=Population())
    assert all(f.team is None and len(f.service) == 8 for f in alone.indicators)


def test_the_csv_has_a_row_per_indicator_quarter_and_line(report: OutcomesReport) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert len(rows) == len(INDICATORS) * 8 * 2
    share = next(
        r
        for r in rows
        if (r["indicator"], r["series"], r["quarter"]) == ("custody-share", "team", "2023-Q4")
    )
    assert (share["value"], share["numerator"], share["denominator"]) == ("0.5", "5", "10")


def test_every_indicator_is_defined_with_its_source() -> None:
    assert len(INDICATORS) == 15  # the four long-standing indicators (custody twice, re-offending
    # twice) and the YJB's ten KPIs
    for indicator in INDICATORS:
        assert indicator.name and indicator.definition.strip()
        assert indicator.summary.strip() and "\n" not in indicator.summary
        assert len(indicator.summary) <= 160, indicator.id  # one printed line on the board pack
        if indicator.unit.startswith("per_1"):  # the board pack's cells give the number alone
            rate = formatted(indicator.unit, 1.0).split(" ", 1)[1]
            assert rate in indicator.name, indicator.id
            assert formatted(indicator.unit, 1.0, short=True) + f" {rate}" == formatted(indicator.unit, 1.0)
        assert any(
            source in indicator.definition
            for source in ("Youth Justice Statistics", "YJB", "Ministry of Justice")
        ), indicator.id
    assert set(BY_ID) == {i.id for i in INDICATORS}


@pytest.mark.parametrize(
    ("text", "quarter"),
    [("2026-Q3", Quarter(2026, 3)), (" 2026-Q1 ", Quarter(2026, 1)), ("2100-Q4", Quarter(2100, 4))],
)
def test_a_quarter_written_year_and_number_is_read(text: str, quarter: Quarter) -> None:
    assert Quarter.parse(text) == quarter


@pytest.mark.parametrize("text", ["2026-Q5", "2026-Q0", "2026Q3", "1999-Q4", "2101-Q1", "Q3", ""])
def test_a_quarter_written_otherwise_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-QN"):
        Quarter.parse(text)


def test_quarters_count_across_years() -> None:
    assert Quarter(2026, 1).plus(-1) == Quarter(2025, 4)
    assert Quarter(2025, 4).plus(1) == Quarter(2026, 1)
    assert Quarter(2026, 3).last_day == date(2026, 9, 30)
    assert last_complete(date(2026, 12, 6)) == Quarter(2026, 3)
    assert last_complete(date(2026, 1, 1)) == Quarter(2025, 4)


def test_the_trend_chart_leaves_a_gap_for_a_suppressed_quarter_and_says_so(
    report: OutcomesReport,
) -> None:
    share = next(f for f in report.indicators if f.id == "custody-share")
    svg = trend_chart(share, "bromley", id_prefix="t")
    assert "<title id=\"t-title\">Custodial sentences as a share of sentences, by quarter</title>" in svg
    assert "Team bromley: 2022-Q1 no data" in svg and "2023-Q3 suppressed" in svg
    assert "2023-Q4 50%" in svg and "The whole service:" in svg and "2023-Q4 67%" in svg
    # Q2 (0%) and Q4 (50%) have Q3's gap between them: no line joins them, two round points.
    assert svg.count("<circle") == 2
    spark = sparkline(share.team or [], share.unit, name=share.name, id_prefix="s")
    assert "2023-Q3 suppressed" in spark and spark.count("<line") == 1  # the baseline only


def point(base: int | None, numerator: int | None = None, *, suppressed: bool = False) -> Point:
    return Point(
        quarter="2023-Q2",
        period_start=date(2023, 4, 1),
        value=None if suppressed else 0.5,
        numerator=numerator,
        base=base,
        suppressed=suppressed,
    )


@pytest.mark.parametrize(
    ("team", "service", "hidden"),
    [
        (point(5), point(7), True),  # the other teams have 2 children: hidden
        (point(5), point(10), False),  # they have 5: shown
        (point(5), point(5), False),  # they have none: nothing to give away
        (point(None, suppressed=True), point(8), True),  # a team of 1-4: the rest may be 4
        (point(None, suppressed=True), point(9), False),  # the rest is at least 5
    ],
)
def test_the_services_point_is_hidden_when_the_rest_of_the_service_would_be_below_the_floor(
    team: Point, service: Point, hidden: bool
) -> None:
    shown = _beside(team, service, BY_ID["reoffending-binary"], min_count=5)
    assert shown.suppressed is hidden and (shown.value is None) is hidden


def test_custody_hides_the_service_when_the_rest_had_a_handful_of_custodial_sentences() -> None:
    team, service = point(10, 5), point(20, 7)  # the rest: 10 orders, 2 custodial
    assert _beside(team, service, BY_ID["custody-share"], min_count=5).suppressed
    assert not _beside(team, service, BY_ID["reoffending-binary"], min_count=5).suppressed


def test_a_small_other_team_hides_the_services_line_beside_the_team(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        seed_outcomes(s, "bromley", "croydon", "g")
        order(s, "x1", "X1", "referral_order", date(2023, 5, 2), "croydon")
        order(s, "x2", "X2", "referral_order", date(2023, 5, 3), "croydon")
    with sessions() as s:
        report = outcomes(s, team="bromley", last=Quarter(2023, 4), as_of=AS_OF, population=Population())
        alone = outcomes(s, team=None, last=Quarter(2023, 4), as_of=AS_OF, population=Population())
    share = next(f for f in report.indicators if f.id == "custody-share")
    q2 = share.service[-3]
    assert q2.quarter == "2023-Q2" and q2.suppressed and "rest of the service" in (q2.note or "")
    assert share.team is not None and share.team[-3].value == 0  # the team's own is shown
    assert next(f for f in alone.indicators if f.id == "custody-share").service[-3].value == 0
