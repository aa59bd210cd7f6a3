"""Every outcome indicator of one golden cohort, each against a hand count (issue 21).

One service (Bromley) and its children, written to the read model as the projection writes
them: the re-offending cohort of `test_reoffending` (children A to I, orders and cautions of
early 2025 with the offences proven after them, a DTO release, a breach, a re-sentence), and
on the same children what the KPIs need: the outcome data recorded at the start and the end,
the closures of summer 2025, the management board's meetings, a victim's choices. Each test
names the indicator, its cohort, and works its numerator and denominator out by hand.

The KPIs' period is the third quarter of 2025 (orders ending 1 July to 30 September 2025):

| child | pathway | what ended in Q3 2025                          | end data                     |
|-------|---------|------------------------------------------------|------------------------------|
| A     | a1      | youth caution with intervention, completed 15 Jul (a diversion child) | home ok, ETE not (10 of 4 h), SEND with plan, mental health need offered not attended, substance need offered attended, looked after |
| B     | b1      | youth rehabilitation order, completed 20 Aug   | home ok, ETE ok (25 of 20 h), mental health need offered attended, child in need |
| D     | d1      | community resolution, completed 1 Aug          | home ok, ETE ok (25 of 25 h), nothing else |
| F     | f2, f1  | caution ended early 20 Jul; referral order completed 10 Sep (F's last) | home not ok, ETE ok (15 of 15 h), SEND without plan, substance need not offered, child protection plan |
| I     | i1      | DTO, closed 25 Sep by a supervisor without end data | none (in the cohort, never a numerator) |
| G     | g1      | still open (start data only)                   | not in the cohort            |
| C     | c1      | ended 1 May (the breach's re-sentence)         | not in the period            |

Cohort for KPIs 1-5 and 8: A, B, D, F, I = 5 children, 4 with end data.
"""

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from contracts.board_meetings import STATUTORY_PARTNERS, BoardMeetingRecord
from db import board_meetings
from readmodel.tables import OutcomeDataRow, PathwayRow, VictimRow
from reports.custody import custody
from reports.first_time_entrants import first_time_entrants
from reports.population import Population
from reports.reoffending import reoffending
from reports.yjb_kpis import YjbKpiReport, yjb_kpis
from tests.reports.test_reoffending import AS_OF, Q1_2025, golden_rows, order

Q3_2025 = {"since": date(2025, 7, 1), "until": date(2025, 9, 30)}
POPULATION = Population(by_team={"bromley": {2025: 20_000}})

NOTHING: dict[str, Any] = {
    "accommodation": "family_home",
    "accommodation_suitable": False,
    "ete": "school",
    "ete_hours_offered": 0,
    "ete_hours_attended": 0,
    "ete_suitable": False,
    "send_identified": False,
    "send_formal_plan": False,
    "mental_health_need": False,
    "mental_health_offered": False,
    "mental_health_attended": False,
    "substance_use_need": False,
    "substance_use_offered": False,
    "substance_use_attended": False,
    "looked_after": False,
    "child_protection_plan": False,
    "child_in_need": False,
    "early_help": False,
}
END_DATA: dict[str, dict[str, Any]] = {
    "a1": NOTHING
    | {
        "accommodation_suitable": True,
        "ete_hours_offered": 10,
        "ete_hours_attended": 4,
        "send_identified": True,
        "send_formal_plan": True,
        "mental_health_need": True,
        "mental_health_offered": True,
        "substance_use_need": True,
        "substance_use_offered": True,
        "substance_use_attended": True,
        "looked_after": True,
    },
    "b1": NOTHING
    | {
        "accommodation_suitable": True,
        "ete_hours_offered": 25,
        "ete_hours_attended": 20,
        "ete_suitable": True,
        "mental_health_need": True,
        "mental_health_offered": True,
        "mental_health_attended": True,
        "child_in_need": True,
    },
    "d1": NOTHING
    | {
        "accommodation_suitable": True,
        "ete_hours_offered": 25,
        "ete_hours_attended": 25,
        "ete_suitable": True,
    },
    "f1": NOTHING
    | {
        "ete_hours_offered": 15,
        "ete_hours_attended": 15,
        "ete_suitable": True,
        "send_identified": True,
        "substance_use_need": True,
        "child_protection_plan": True,
    },
}
"""At the end. At the start every child of the cohort had NOTHING, but B's home was suitable."""


def close(s: Session, pid: str, on: date, reason: str, **more: Any) -> None:
    s.flush()
    s.execute(
        update(PathwayRow)
        .where(PathwayRow.pathway_id == pid)
        .values(status="closed", closed_on=on, closure_reason=reason, **more)
    )


def outcome(s: Session, pid: str, point: str, on: date, answers: dict[str, Any]) -> None:
    s.add(OutcomeDataRow(pathway_id=pid, point=point, on=on, **answers))


def kpi_rows(s: Session) -> None:
    """The closures, outcome data, board meetings and victims of the KPIs' quarter."""
    s.flush()
    s.execute(update(PathwayRow).values(outcome_data_rules=True))
    for pid, made in (("a1", date(2025, 1, 10)), ("b1", date(2025, 2, 1)),
                      ("d1", date(2025, 1, 15)), ("f1", date(2025, 2, 10)),
                      ("i1", date(2025, 3, 1)), ("g1", date(2025, 1, 5))):  # fmt: skip
        home = {"accommodation_suitable": True} if pid == "b1" else {}
        outcome(s, pid, "start", made, NOTHING | home)
    close(s, "a1", date(2025, 7, 15), "completed")
    close(s, "b1", date(2025, 8, 20), "completed")
    close(s, "d1", date(2025, 8, 1), "completed")
    close(s, "f2", date(2025, 7, 20), "revoked_early")
    close(s, "f1", date(2025, 9, 10), "completed")
    close(s, "i1", date(2025, 9, 25), "completed", closed_without_outcome_data=True)
    close(s, "c1", date(2025, 5, 1), "resentenced")
    ended = {"a1": date(2025, 7, 15), "b1": date(2025, 8, 20), "d1": date(2025, 8, 1),
             "f1": date(2025, 9, 10)}  # fmt: skip
    for pid, answers in END_DATA.items():
        outcome(s, pid, "end", ended[pid], answers)
    # J: a first conviction in the quarter, for robbery, with three victims (KPIs 9 and 10).
    order(s, "j1", "J", "referral_order", date(2025, 8, 15),
          offences=[(date(2025, 6, 1), "robbery")])  # fmt: skip
    for victim, consent, option in (
        ("v1", "consented", "direct_meeting"),  # consented, took part
        ("v2", "consented", None),  # consented, chose nothing
        ("v3", "declined", None),  # never consented: not in KPI 10's denominator
    ):
        s.add(
            VictimRow(
                pathway_id="j1",
                victim_id=victim,
                stage="contacted",
                enhanced=False,
                consent=consent,
                ever_consented=consent == "consented",
                option=option,
            )
        )
    partners = list(STATUTORY_PARTNERS)
    for on, attended in (
        (date(2025, 7, 10), ["police", "education", "health"]),
        (date(2025, 9, 11), [p.id for p in partners]),
        (date(2025, 10, 2), []),  # the next quarter's
    ):
        board_meetings.record(
            s,
            BoardMeetingRecord(met_on=on, attended=attended),
            team="bromley",
            area=None,
            partners=partners,
            by="sam.supervisor",
            today=date(2025, 10, 3),
        )


@pytest.fixture
def golden(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with sessions.begin() as s:
        golden_rows(s)
        kpi_rows(s)
    with sessions() as s:  # a guard on the fixture: the closures the hand counts rest on
        closed = dict(
            s.execute(
                select(PathwayRow.pathway_id, PathwayRow.closed_on).where(
                    PathwayRow.closed_on.is_not(None)
                )
            ).all()
        )
    assert closed == {
        "a1": date(2025, 7, 15),
        "b1": date(2025, 8, 20),
        "c1": date(2025, 5, 1),
        "d1": date(2025, 8, 1),
        "f1": date(2025, 9, 10),
        "f2": date(2025, 7, 20),
        "i1": date(2025, 9, 25),
    }
    return sessions


def kpis_of(golden: sessionmaker[Session], team: str = "bromley") -> YjbKpiReport:
    with golden() as s:
        return yjb_kpis(s, team=team, min_count=0, population=POPULATION, **Q3_2025)


def kpi(
    report: YjbKpiReport, number: int
) -> dict[str, tuple[int | None, int | None, float | None]]:
    [found] = [k for k in report.kpis if k.kpi == number]
    return {m.name: (m.numerator, m.denominator, m.share) for m in found.measures}


def test_kpis_1_to_5_and_8_count_the_children_whose_order_ended_from_their_outcome_data(
    golden: sessionmaker[Session],
) -> None:
    kpis = kpis_of(golden)
    # The cohort: A, B, D, F (by f1, the order that ended last) and I; not G (open), not C
    # (ended in May). I was closed without end data: in every denominator, no numerator.
    assert kpis.children == 5
    assert kpis.not_recorded == 1 and kpis.closed_without_outcome_data == 1
    # KPI 1: suitable at the end A, B, D of 5; at the start B alone.
    assert kpi(kpis, 1) == {
        "suitable at the end": (3, 5, pytest.approx(3 / 5)),
        "suitable at the start": (1, 5, pytest.approx(1 / 5)),
    }
    # KPI 2: suitable at the end B, D, F of 5; none at the start. Hours attended of offered:
    # (4 + 20 + 25 + 15) / (10 + 25 + 25 + 15) = 64 / 75.
    assert kpi(kpis, 2) == {
        "suitable ETE at the end": (3, 5, pytest.approx(3 / 5)),
        "suitable ETE at the start": (0, 5, 0.0),
        "hours attended of hours offered at the end": (64, 75, pytest.approx(64 / 75)),
    }
    # KPI 3: a need A and F of 5; a formal plan A of those 2; in suitable ETE F of those 2.
    assert kpi(kpis, 3) == {
        "identified need": (2, 5, pytest.approx(2 / 5)),
        "formal plan, of those with a need": (1, 2, 0.5),
        "in suitable ETE, of those with a need": (1, 2, 0.5),
    }
    # KPI 4: a need A and B of 5; offered both; attended B of the 2 offered.
    assert kpi(kpis, 4) == {
        "screened or identified need at the end": (2, 5, pytest.approx(2 / 5)),
        "intervention planned or offered, of those with a need": (2, 2, 1.0),
        "attended, of those offered": (1, 2, 0.5),
    }
    # KPI 5: a need A and F of 5; offered A of those 2; attended A of the 1 offered.
    assert kpi(kpis, 5) == {
        "screened or identified need at the end": (2, 5, pytest.approx(2 / 5)),
        "intervention planned or offered, of those with a need": (1, 2, 0.5),
        "attended, of those offered": (1, 1, 1.0),
    }
    # KPI 8: looked after A, a child in need B, a child protection plan F: 3 of 5.
    assert kpi(kpis, 8) == {
        "known to any wider service": (3, 5, pytest.approx(3 / 5)),
        "looked after": (1, 5, pytest.approx(1 / 5)),
        "child protection plan": (1, 5, pytest.approx(1 / 5)),
        "child in need": (1, 5, pytest.approx(1 / 5)),
        "early help": (0, 5, 0.0),
    }


def test_kpis_6_7_9_and_10(golden: sessionmaker[Session]) -> None:
    kpis = kpis_of(golden)
    # KPI 6: interventions that ended in the quarter: a1 and d1 completed, f2 ended early.
    assert kpi(kpis, 6) == {"interventions completed": (2, 3, pytest.approx(2 / 3))}
    # KPI 7: July 3 of the 5 statutory partners, September all 5, October's is outside.
    assert kpi(kpis, 7)["partner places filled"] == (8, 10, 0.8)
    assert kpi(kpis, 7)["probation: meetings attended"] == (1, 2, 0.5)
    # KPI 9: proven in the quarter, J's robbery (e3's theft, c3's theft, damage and breach are
    # not serious violence): 1 child of 20,000 aged 10 to 17, 0.5 per 10,000.
    assert kpi(kpis, 9) == {
        "children with a proven serious violence offence, of the population": (
            1,
            20_000,
            pytest.approx(1 / 20_000),
        )
    }
    # KPI 10: J's victims: two consented, one took part; the one who declined is not counted.
    assert kpi(kpis, 10) == {"victims engaged in restorative justice": (1, 2, 0.5)}
    # Another team's figures hold none of Bromley's.
    croydon = kpis_of(golden, "croydon")
    assert croydon.children == 0
    assert kpi(croydon, 7)["partner places filled"][:2] == (0, 0)
    assert kpi(croydon, 10)["victims engaged in restorative justice"][:2] == (0, 0)


def test_first_time_entrants_reoffending_and_custody(golden: sessionmaker[Session]) -> None:
    with golden() as s:
        q1 = first_time_entrants(s, team="bromley", **Q1_2025)
        q3 = first_time_entrants(s, team="bromley", **Q3_2025)
        (cohort,) = reoffending(s, as_of=AS_OF, min_count=0, team="bromley", **Q1_2025).cohorts
        (quarter,) = custody(
            s, population=POPULATION, team="bromley", min_count=0, **Q1_2025
        ).quarters
    # First-time entrants, first quarter of 2025: A (caution), B, E (caution), F, G, H, I; not
    # C (a DTO in 2024), not D (a community resolution never counts). Third quarter: J alone;
    # E's order is not E's first.
    assert (q1.first_time_entrants, q3.first_time_entrants) == (7, 1)
    # Re-offending, the cohort of the first quarter of 2025 (`test_reoffending`'s docstring):
    # A, B, C, E, F, G; re-offenders A (month 11, proven in month 17), C (two offences; the
    # licence breach's re-sentence and the breach of a statutory order are not re-offences),
    # E and F; B's offence proven in month 19 does not count. 4 of 6; 5 re-offences.
    assert (cohort.children, cohort.reoffenders, cohort.reoffences) == (6, 4, 5)
    assert cohort.by_entry == {"caution": 2, "non_custodial": 3, "release": 1}
    assert cohort.binary_rate == pytest.approx(4 / 6)
    assert cohort.frequency_per_child == pytest.approx(5 / 6)
    assert cohort.frequency_per_reoffender == pytest.approx(5 / 4)
    # Custody: sentences in the quarter B, F, G, H, I; custodial H and I: 2 of 5; 2 of 20,000
    # children aged 10 to 17 is 0.1 per 1,000.
    assert (quarter.custodial, quarter.sentences) == (2, 5)
    assert quarter.share_of_sentences == pytest.approx(0.4)
    assert quarter.per_1000 == pytest.approx(0.1)
