"""The YJB's KPIs 1-5, 7 and 8 (issue 21) against hand-computed numerators and denominators.

Pathways are written to the read model through the projection, from states holding outcome
data, so the test covers the rows the workflow's state becomes. Bromley's June 2026 cohort:

| pathway | child | closed     | end data                                   | in the cohort |
|---------|-------|------------|--------------------------------------------|---------------|
| p1      | c1    | 2026-06-10 | ENDED: suitable home and ETE 25/20, plan   | yes           |
| p7      | c1    | 2026-06-05 | all unsuitable (c1's earlier order)        | no: c1's last |
| p2      | c2    | 2026-06-15 | as at the start: unsuitable, child in need | yes           |
| p3      | c3    | 2026-06-20 | none: a supervisor's waiver                | yes, unrecorded |
| p9      | c9    | 2026-06-25 | college 30/30, substance use, looked after | yes           |
| p4      | c4    | 2026-06-20 | (started before the patch)                 | no: counted apart |
| p5      | c5    | 2026-05-31 | ENDED                                      | no: May       |
| p6      | c6    | open       |                                            | no            |
| p8      | c8    | 2026-06-12 | ENDED, Croydon                             | no: team      |
"""

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from contracts.board_meetings import STATUTORY_PARTNERS, BoardMeetingRecord
from contracts.common import PathwayStatus, Step, TaskStatus
from contracts.outcome_data import OutcomeDataWaiver, OutcomePoint, OutcomeRecord
from contracts.pathway import PathwayState, Task
from contracts.steps import ClosureReason
from db import board_meetings
from readmodel.projection import write_projection
from reports.csv import to_csv
from reports.yjb_kpis import YjbKpiReport, yjb_kpis
from samples.outcome_data import ANSWERS, ENDED
from tests.factories import pathway_input

MADE = date(2026, 1, 5)
JUNE = {"since": date(2026, 6, 1), "until": date(2026, 6, 30)}


def record(point: OutcomePoint, answers: dict[str, Any], on: date) -> OutcomeRecord:
    return OutcomeRecord(point=point, on=on, by="casey", **answers)


def a_state(
    pid: str,
    child: str,
    closed: date | None,
    end: dict[str, Any] | None,
    *,
    start: dict[str, Any] | None = ANSWERS,
    team: str = "bromley",
    rules: bool = True,
    **fields: Any,
) -> PathwayState:
    inp = pathway_input(MADE)
    state = PathwayState(
        pathway_id=pid,
        child=inp.child.model_copy(update={"child_id": child}),
        order=inp.order,
        order_starts_on=MADE,
        order_ends_on=MADE + timedelta(days=182),
        caseworker="casey",
        team=team,
        version=1,
        outcome_data_rules=rules,
        **fields,
    )
    if rules and start is not None:
        state.outcome_start = record(OutcomePoint.START, start, MADE + timedelta(days=10))
    if rules and end is not None and closed is not None:
        state.outcome_end = record(OutcomePoint.END, end, closed)
    if closed is not None:
        state.status, state.closure_reason = PathwayStatus.CLOSED, ClosureReason.COMPLETED
        state.tasks.append(
            Task(
                task_id="closure",
                step=Step.CLOSURE,
                status=TaskStatus.DONE,
                due_date=closed,
                escalate_on=closed,
                opened_on=MADE,
                completed_on=closed,
            )
        )
    return state


P9_END = ENDED | {
    "ete": "college",
    "ete_hours_offered": 30,
    "ete_hours_attended": 30,
    "send_identified": False,
    "send_formal_plan": False,
    "mental_health_need": False,
    "mental_health_offered": False,
    "mental_health_attended": False,
    "substance_use_need": True,
    "substance_use_offered": True,
    "substance_use_attended": True,
    "looked_after": True,
}
BAD = ANSWERS | {"send_identified": False, "send_formal_plan": False}


@pytest.fixture
def seeded(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    waiver = OutcomeDataWaiver(reason="r", by="sam", on=date(2026, 6, 20), missing=["end"])
    states = [
        a_state("p1", "c1", date(2026, 6, 10), ENDED),
        a_state("p7", "c1", date(2026, 6, 5), BAD),
        a_state("p2", "c2", date(2026, 6, 15), ANSWERS),
        a_state("p3", "c3", date(2026, 6, 20), None, closed_without_outcome_data=waiver),
        a_state("p9", "c9", date(2026, 6, 25), P9_END, start=ANSWERS | {"accommodation_suitable": True}),
        a_state("p4", "c4", date(2026, 6, 20), None, rules=False),
        a_state("p5", "c5", date(2026, 5, 31), ENDED),
        a_state("p6", "c6", None, None),
        a_state("p8", "c8", date(2026, 6, 12), ENDED, team="croydon"),
    ]
    today = date(2026, 12, 6)
    partners = list(STATUTORY_PARTNERS)
    with sessions.begin() as s:
        for state in states:
            assert write_projection(s, state)
        for team, on, attended in (
            ("bromley", date(2026, 6, 3), ["police", "education", "health"]),
            ("bromley", date(2026, 6, 17), [p.id for p in partners]),
            ("bromley", date(2026, 7, 1), ["police"]),  # July: outside
            ("croydon", date(2026, 6, 10), []),  # another team
        ):
            meeting = BoardMeetingRecord(met_on=on, attended=attended)
            board_meetings.record(
                s, meeting, team=team, area=None, partners=partners, by="sam", today=today
            )
    return sessions


def measures(report: YjbKpiReport, kpi: int) -> dict[str, tuple[int | None, int | None]]:
    [found] = [k for k in report.kpis if k.kpi == kpi]
    return {m.name: (m.numerator, m.denominator) for m in found.measures}


def test_each_kpi_has_the_hand_computed_numerator_and_denominator(
    seeded: sessionmaker[Session],
) -> None:
    with seeded() as s:
        report = yjb_kpis(s, team="bromley", min_count=0, **JUNE)
    assert (report.children, report.not_recorded) == (4, 1)
    assert (report.closed_without_outcome_data, report.ended_before_outcome_data) == (1, 1)
    assert measures(report, 1) == {"suitable at the end": (2, 4), "suitable at the start": (1, 4)}
    assert measures(report, 2) == {
        "suitable ETE at the end": (2, 4),
        "suitable ETE at the start": (0, 4),
        "hours attended of hours offered at the end": (50, 55),
    }
    assert measures(report, 3) == {
        "identified need": (2, 4),
        "formal plan, of those with a need": (1, 2),
        "in suitable ETE, of those with a need": (1, 2),
    }
    assert measures(report, 4) == {
        "screened or identified need at the end": (2, 4),
        "intervention planned or offered, of those with a need": (2, 2),
        "attended, of those offered": (1, 2),
    }
    assert measures(report, 5) == {
        "screened or identified need at the end": (1, 4),
        "intervention planned or offered, of those with a need": (1, 1),
        "attended, of those offered": (1, 1),
    }
    assert measures(report, 7) == {
        "partner places filled": (8, 10),
        "police: meetings attended": (2, 2),
        "probation: meetings attended": (1, 2),
        "childrens_social_care: meetings attended": (1, 2),
        "education: meetings attended": (2, 2),
        "health: meetings attended": (2, 2),
    }
    assert measures(report, 8) == {
        "known to any wider service": (2, 4),
        "looked after": (1, 4),
        "child protection plan": (0, 4),
        "child in need": (1, 4),
        "early help": (0, 4),
    }
    first = report.kpis[0]
    assert first.measures[0].share == 0.5 and first.confirmed
    assert [k.confirmed for k in report.kpis if k.kpi in (7, 8)] == [False, False]
    assert "Key performance indicators for youth justice services" in first.source


def test_small_counts_are_suppressed_and_the_csv_has_a_line_per_measure(
    seeded: sessionmaker[Session],
) -> None:
    with seeded() as s:
        report = yjb_kpis(s, team="bromley", min_count=2, **JUNE)
    [kpi5] = [k for k in report.kpis if k.kpi == 5]
    need = kpi5.measures[0]
    assert (need.numerator, need.denominator, need.share, need.suppressed) == (None, 4, None, True)
    offered = kpi5.measures[1]
    assert (offered.numerator, offered.denominator, offered.suppressed) == (None, None, True)
    assert measures(report, 1)["suitable at the end"] == (2, 4)  # nothing below 2
    assert measures(report, 7)["partner places filled"] == (8, 10)  # agencies: never suppressed
    lines = to_csv(report).splitlines()
    assert lines[0].startswith("kpi,title,measure,unit,numerator,denominator,share,suppressed")
    assert "1,Accommodation,suitable at the end,children,2,4,0.5,false,true" in lines[1]
    assert len(lines) == 1 + sum(len(k.measures) for k in report.kpis) + 4


def test_the_whole_service_counts_croydon_too(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        report = yjb_kpis(s, min_count=0, **JUNE)
    assert report.children == 5  # c8 of Croydon joins
    assert measures(report, 7)["partner places filled"] == (8, 15)  # Croydon's meeting: 0 of 5
