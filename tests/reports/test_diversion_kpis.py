"""Diversion in the KPIs, timeliness and disproportionality: apart from court orders, never mixed."""

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from contracts.common import DisposalType, Step, TaskStatus
from contracts.diversion import ConditionStatus, DiversionSource, PanelOutcome
from contracts.pathway import PathwayState, Task
from readmodel.projection import write_projection
from reports.csv import to_csv
from reports.disproportionality import disproportionality
from reports.kpis import KpiReport, kpis
from reports.timeliness import TimelinessReport, timeliness
from tests.reports.diversion_seed import child, court_state, diversion_state
from tests.reports.seed import HOLIDAYS

REFERRED = date(2026, 3, 2)


def task(step: Step, due: date, done: date | None, status: TaskStatus = TaskStatus.DONE) -> Task:
    return Task(task_id=f"{step.value}-{due}", step=step, status=status, due_date=due,
                escalate_on=due + timedelta(days=2), opened_on=REFERRED, completed_on=done)


def with_tasks(state: PathwayState, *tasks: Task) -> PathwayState:
    state.tasks = list(tasks)
    return state


@pytest.fixture
def seeded(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    ycc = diversion_state("pw-d1", child("ch-1", "W1"), REFERRED, PanelOutcome.YOUTH_CONDITIONAL_CAUTION,
                          date(2026, 3, 12), conditions=(ConditionStatus.COMPLIED, ConditionStatus.NOT_COMPLIED,
                                                         ConditionStatus.OPEN))
    ycc.diversion.plan = None  # type: ignore[union-attr]
    states = [
        # The panel on time, the non-compliance sent to the police.
        with_tasks(ycc, task(Step.JOINT_DECISION_PANEL, date(2026, 3, 16), date(2026, 3, 12)),
                   task(Step.NONCOMPLIANCE_TO_POLICE, date(2026, 5, 5), date(2026, 5, 4)),
                   task(Step.ASSESSMENT, date(2026, 4, 2), date(2026, 4, 1))),
        # The panel late.
        with_tasks(diversion_state("pw-d2", child("ch-2", "B1"), REFERRED, PanelOutcome.CHARGE, date(2026, 3, 20)),
                   task(Step.JOINT_DECISION_PANEL, date(2026, 3, 16), date(2026, 3, 20))),
        # Awaiting a decision, overdue.
        with_tasks(diversion_state("pw-d3", child("ch-3", "W1"), REFERRED, None),
                   task(Step.JOINT_DECISION_PANEL, date(2026, 3, 16), None, TaskStatus.OVERDUE)),
        # A court order: its assessment is the court orders' line alone.
        with_tasks(court_state("pw-c1", child("ch-4", "W1"), REFERRED, DisposalType.DETENTION_AND_TRAINING_ORDER),
                   task(Step.ASSESSMENT, date(2026, 3, 23), date(2026, 3, 30))),
    ]
    with sessions.begin() as s:
        for state in states:
            assert write_projection(s, state)
    return sessions


@pytest.fixture
def report(seeded: sessionmaker[Session]) -> KpiReport:
    with seeded() as s:
        return kpis(s, team="bromley", today=date(2026, 6, 1))


def test_a_diversion_pathway_is_not_an_order_in_the_kpis(report: KpiReport) -> None:
    assert (report.pathways, report.court_orders, report.diversion_pathways) == (4, 1, 3)
    assert {c.key: c.count for c in report.orders_by_disposal} == {
        "referral_order": 0, "youth_rehabilitation_order": 0, "detention_and_training_order": 1}
    assert report.offences.orders_with_offences == 1  # the court order's theft, not the referrals'


def test_the_out_of_court_figures_count_referrals_decisions_and_conditions(report: KpiReport) -> None:
    d = report.diversion
    assert (d.referrals, d.decided, d.awaiting_decision) == (3, 2, 1)
    assert {c.key: c.count for c in d.by_source}[DiversionSource.POLICE.value] == 3
    outcomes = {c.key: c.count for c in d.by_outcome}
    assert (outcomes["youth_conditional_caution"], outcomes["charge"], outcomes["youth_caution"]) == (1, 1, 0)
    assert d.diverted_share == 0.5
    assert (d.conditions, d.conditions_complied, d.conditions_not_complied, d.conditions_open) == (3, 1, 1, 1)
    assert (d.referrals_with_condition_not_complied, d.sent_to_police) == (1, 1)
    values = {(r[0], r[1]): r[2] for r in (line.split(",") for line in to_csv(report).splitlines()[1:])}
    assert values[("diversion_by_outcome", "youth_conditional_caution")] == "1"
    assert values[("diversion", "conditions_not_complied")] == "1"
    assert values[("pathways", "diversion_pathways")] == "3"


def test_timeliness_reports_the_diversion_steps_apart_from_the_court_orders(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        report: TimelinessReport = timeliness(s, holidays=HOLIDAYS)
    court = {line.step: line for line in report.steps}
    assert Step.JOINT_DECISION_PANEL.value not in court
    assert (court["assessment"].tasks, court["assessment"].done_late) == (1, 1)
    assert report.overall.tasks == 1
    diversion = {line.step: line for line in report.diversion_steps}
    panel = diversion["joint_decision_panel"]
    assert (panel.tasks, panel.done_on_time, panel.done_late, panel.overdue) == (3, 1, 1, 1)
    # Working days from the referral (Monday 2 March): 12 March is 8, 20 March 14; median 11.
    assert panel.median_working_days_from_order == 11
    assert (diversion["assessment"].tasks, diversion["assessment"].done_on_time) == (1, 1)
    assert report.diversion_overall is not None and report.diversion_overall.tasks == 5
    rows = to_csv(report).splitlines()
    assert rows[0].startswith("pathways,step,")
    assert "diversion,joint_decision_panel,3,2,1,1,1,0,0.3333,11" in rows


def test_custody_is_compared_among_court_orders_only(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        report = disproportionality(s, dimension="ethnicity", min_count=0)
    (white,) = [r for r in report.rows if r.decision_point == "custody" and r.group == "White"]
    assert (white.events, white.base) == (1, 1)  # the DTO, not the two White children's referrals
