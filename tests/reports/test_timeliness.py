"""Timeliness on a hand-checked example across Christmas 2026 (25 and 28 December, 1 January)."""

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from reports.timeliness import TIMELINESS_STEPS, timeliness
from tests.reports.seed import HOLIDAYS, add_pathway, add_task

FRIDAY = date(2026, 12, 18)  # the order; first contact due in 5 working days: 29 December


@pytest.fixture
def example(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    first_contact = [
        ("done", date(2026, 12, 23)),  # 21, 22, 23: 3 working days, on time
        ("done", date(2026, 12, 29)),  # 21-24, 29: 5 working days, on the due date
        ("done", date(2027, 1, 4)),  # 21-24, 29-31, 4 (1 Jan a holiday): 8, late
        ("overdue", None),  # late
        ("cancelled", None),  # left out
        ("open", None),  # left out
    ]
    assessment = [date(2027, 1, 8), date(2027, 1, 12)]  # 12 and 14 working days; due 13 January
    with sessions.begin() as s:
        for i, (status, done_on) in enumerate(first_contact):
            add_pathway(s, f"pw-fc-{i}", made_on=FRIDAY)
            add_task(s, f"pw-fc-{i}", "first_contact", status=status, due_date=date(2026, 12, 29),
                     completed_on=done_on)
        for i, done_on in enumerate(assessment):
            add_pathway(s, f"pw-as-{i}", made_on=FRIDAY)
            add_task(s, f"pw-as-{i}", "assessment", status="done", due_date=date(2027, 1, 13),
                     completed_on=done_on)
        add_pathway(s, "pw-elsewhere", made_on=FRIDAY, team="croydon")
        add_task(s, "pw-elsewhere", "assessment", status="overdue", due_date=date(2027, 1, 13))
    return sessions


def test_the_on_time_share_counts_done_and_overdue_tasks_and_the_median_counts_working_days(
    example: sessionmaker[Session],
) -> None:
    with example() as s:
        report = timeliness(s, holidays=HOLIDAYS, team="bromley")
    line = {x.step: x for x in report.steps}["first_contact"]
    assert (line.tasks, line.done, line.done_on_time, line.done_late, line.overdue) == (4, 3, 2, 1, 1)
    assert line.on_time == 0.5
    assert line.median_working_days_from_order == 5.0


def test_an_even_number_of_done_tasks_takes_the_middle_of_the_two_and_all_steps_are_summed(
    example: sessionmaker[Session],
) -> None:
    with example() as s:
        report = timeliness(s, holidays=HOLIDAYS, team="bromley")
    assessment = {x.step: x for x in report.steps}["assessment"]
    assert (assessment.on_time, assessment.median_working_days_from_order) == (1.0, 13.0)
    # All steps: 4 on time of 6 counted; median of 3, 5, 8, 12, 14.
    assert report.overall.on_time == pytest.approx(4 / 6)
    assert report.overall.median_working_days_from_order == 8.0


def test_every_step_with_a_deadline_is_listed_in_design_order_even_without_tasks(
    example: sessionmaker[Session],
) -> None:
    with example() as s:
        report = timeliness(s, holidays=HOLIDAYS)
    assert [x.step for x in report.steps] == [s.value for s in TIMELINESS_STEPS]
    assert report.steps[0].step == "allocation" and report.steps[-1].step == "closure"
    closure = report.steps[-1]
    assert (closure.tasks, closure.on_time, closure.median_working_days_from_order) == (0, None, None)
    # The whole service includes croydon's overdue assessment.
    assert {x.step: x for x in report.steps}["assessment"].on_time == pytest.approx(2 / 3)


def test_the_period_chooses_orders_by_the_day_they_were_made(example: sessionmaker[Session]) -> None:
    with example() as s:
        before = timeliness(s, holidays=HOLIDAYS, until=date(2026, 12, 17))
        on = timeliness(s, holidays=HOLIDAYS, since=FRIDAY, until=FRIDAY)
        with pytest.raises(ValueError, match="is after until"):
            timeliness(s, holidays=HOLIDAYS, since=FRIDAY, until=date(2026, 12, 1))
    assert before.overall.tasks == 0 and before.overall.on_time is None
    assert on.overall.tasks == 7
    assert (on.cohort.since, on.cohort.until) == (FRIDAY, FRIDAY)
