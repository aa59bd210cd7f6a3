"""KPI 6 (out-of-court disposals completed) and KPI 9 (serious violence) against a hand count."""

from datetime import date

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from readmodel.tables import DiversionRow, PathwayRow
from reports.oocd import kpi6, kpi9
from reports.population import Population
from tests.reports.test_reoffending import diversion, order

Q3 = {"since": date(2026, 7, 1), "until": date(2026, 9, 30)}


def closed(s: Session, pid: str, on: date, reason: str) -> None:
    s.flush()
    s.execute(
        update(PathwayRow)
        .where(PathwayRow.pathway_id == pid)
        .values(status="closed", closed_on=on, closure_reason=reason)
    )


@pytest.fixture
def seeded(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with sessions.begin() as s:
        # Out-of-court disposals ending in the quarter: 4 completed, 2 not (charged, ended early).
        for n, (outcome, reason) in enumerate(
            [
                ("community_resolution", "completed"),
                ("community_resolution", "completed"),
                ("youth_caution", "completed"),
                ("youth_conditional_caution", "completed"),
                ("youth_conditional_caution", "charged"),
                ("youth_caution", "revoked_early"),
            ]
        ):
            diversion(s, f"o{n}", f"O{n}", outcome, date(2026, 4, 1))
            closed(s, f"o{n}", date(2026, 8, 1), reason)
        # Not counted: Turnaround is no out-of-court disposal; one ended before the quarter;
        # one still open.
        diversion(s, "t1", "T1", "turnaround", date(2026, 4, 1))
        closed(s, "t1", date(2026, 8, 1), "completed")
        diversion(s, "early", "E1", "youth_caution", date(2026, 1, 1))
        closed(s, "early", date(2026, 6, 30), "completed")
        diversion(s, "open", "P1", "youth_caution", date(2026, 7, 2))
        # Serious violence proven in the quarter: robbery at court, violence by a caution, drugs
        # at court; not: theft, a re-sentence, a community resolution for violence.
        order(
            s,
            "sv1",
            "V1",
            "youth_rehabilitation_order",
            date(2026, 7, 5),
            offences=[(date(2026, 6, 1), "robbery")],
        )
        diversion(s, "sv2", "V2", "youth_caution", date(2026, 8, 5))
        order(
            s,
            "sv3",
            "V3",
            "referral_order",
            date(2026, 9, 5),
            offences=[(date(2026, 6, 1), "drugs"), (date(2026, 6, 2), "robbery")],
        )
        order(
            s,
            "nv1",
            "N1",
            "referral_order",
            date(2026, 9, 5),
            offences=[(date(2026, 6, 1), "theft_and_handling")],
        )
        order(
            s,
            "nv2",
            "N2",
            "youth_rehabilitation_order",
            date(2026, 9, 6),
            resentenced_from="sv1",
            offences=[(date(2026, 6, 1), "robbery")],
        )
        diversion(s, "nv3", "N3", "community_resolution", date(2026, 8, 5))
        s.flush()
        s.execute(
            update(DiversionRow)
            .where(DiversionRow.pathway_id.in_(["sv2", "nv3"]))
            .values(offence_group="violence_against_the_person")
        )
    return sessions


def test_kpi6_counts_completed_interventions_of_those_ended(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        figures = kpi6(s, min_count=1, **Q3)
    assert (figures.ended, figures.completed) == (6, 4)
    assert figures.rate == pytest.approx(4 / 6)
    assert figures.by_outcome == {
        "community_resolution": 2,
        "youth_caution": 2,
        "youth_conditional_caution": 2,
    }
    with seeded() as s:
        hidden = kpi6(s, min_count=7, **Q3)
    assert hidden.suppressed and hidden.rate is None


def test_kpi9_counts_children_with_a_proven_serious_violence_offence(
    seeded: sessionmaker[Session],
) -> None:
    population = Population(by_team={"bromley": {2026: 15_000}})
    with seeded() as s:
        figures = kpi9(s, population=population, team="bromley", min_count=1, **Q3)
    assert figures.children == 3  # V1, V2, V3 (V3 once, for two offences)
    assert figures.per_10000 == pytest.approx(2.0)


def test_the_yjb_kpi_report_gives_all_ten_with_kpi_6_and_9_as_counted_here(
    seeded: sessionmaker[Session],
) -> None:
    from reports.yjb_kpis import yjb_kpis

    population = Population(by_team={"bromley": {2026: 15_000}})
    with seeded() as s:
        report = yjb_kpis(s, min_count=1, population=population, team="bromley", **Q3)
    assert [k.kpi for k in report.kpis] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    (six,) = report.kpis[5].measures
    assert (six.numerator, six.denominator) == (4, 6)
    (nine,) = report.kpis[8].measures
    assert (nine.numerator, nine.denominator) == (3, 15_000)
