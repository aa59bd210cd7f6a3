"""When clinical supervision falls due, and whether it came on time: the dates by hand."""

from datetime import date

import pytest

from contracts.staff import SupervisionStatus
from core.bank_holidays import england_and_wales
from core.supervision import DueInPeriod, due_in_period, standing

HOLIDAYS = frozenset(england_and_wales(2026, 2027).holidays)
JOINED = date(2026, 9, 1)


def status_on(today: date, *supervised: date, left_on: date | None = None) -> SupervisionStatus:
    return standing(
        JOINED, left_on, supervised, today, interval_months=1, escalate_after=2, holidays=HOLIDAYS
    ).status


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2026, 9, 20), SupervisionStatus.ON_TRACK),  # due Thu 1 Oct, 9 working days away
        (date(2026, 9, 24), SupervisionStatus.DUE),  # 5 working days before 1 Oct
        (date(2026, 10, 1), SupervisionStatus.DUE),  # due today: not yet overdue
        (date(2026, 10, 2), SupervisionStatus.OVERDUE),
        (date(2026, 10, 5), SupervisionStatus.OVERDUE),  # Mon: escalates after the 2nd working day
        (date(2026, 10, 6), SupervisionStatus.ESCALATED),
    ],
)
def test_a_first_supervision_falls_due_a_month_after_joining(today: date, status: SupervisionStatus) -> None:
    assert status_on(today) == status


def test_a_supervision_moves_the_next_due_date_a_month_on_from_the_day_it_was_held() -> None:
    now = standing(JOINED, None, [date(2026, 10, 8)], date(2026, 10, 20), interval_months=1,
                   escalate_after=2, holidays=HOLIDAYS)
    assert (now.last_supervised_on, now.due_on, now.status) == (
        date(2026, 10, 8), date(2026, 11, 8), SupervisionStatus.ON_TRACK)
    # Escalation counts working days: Sun 8 Nov + 2 working days = Tue 10 Nov.
    assert now.escalate_on == date(2026, 11, 10)


def test_the_christmas_bank_holidays_delay_escalation() -> None:
    now = standing(date(2026, 11, 24), None, [], date(2026, 12, 29), interval_months=1,
                   escalate_after=2, holidays=HOLIDAYS)
    # Due Thu 24 Dec; Fri 25 and Mon 28 Dec are bank holidays: escalated after Wed 30 Dec.
    assert (now.due_on, now.escalate_on, now.status) == (
        date(2026, 12, 24), date(2026, 12, 30), SupervisionStatus.OVERDUE)


def test_nothing_falls_due_after_leaving_and_supervisions_before_joining_the_team_do_not_count() -> None:
    assert status_on(date(2026, 12, 1), left_on=date(2026, 11, 30)) == SupervisionStatus.LEFT
    assert status_on(date(2026, 10, 6), date(2026, 8, 1)) == SupervisionStatus.ESCALATED


def test_supervisions_due_in_a_period_one_late_one_missed_counted_once() -> None:
    held = [date(2026, 10, 1), date(2026, 11, 10)]  # on time on 1 Oct; late (due 1 Nov)
    found = due_in_period(JOINED, None, held, date(2026, 10, 1), date(2027, 3, 31), interval_months=1)
    assert found == [
        DueInPeriod(date(2026, 10, 1), date(2026, 10, 1)),
        DueInPeriod(date(2026, 11, 1), date(2026, 11, 10)),
        DueInPeriod(date(2026, 12, 10), None),  # never held: one missed, not one per month
    ]
    assert [d.on_time for d in found] == [True, False, False]


def test_a_period_before_the_first_due_date_or_after_leaving_has_nothing_due() -> None:
    assert due_in_period(JOINED, None, [], date(2026, 9, 1), date(2026, 9, 30), interval_months=1) == []
    left = date(2026, 10, 15)
    found = due_in_period(JOINED, left, [date(2026, 10, 1)], date(2026, 9, 1), date(2026, 12, 31),
                          interval_months=1)
    assert found == [DueInPeriod(date(2026, 10, 1), date(2026, 10, 1))]
