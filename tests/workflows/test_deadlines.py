"""Due dates in working days, and overdue and escalation on the right day."""

from datetime import date, timedelta

import pytest
from temporalio.testing import WorkflowEnvironment

from contracts.common import TaskStatus
from contracts.pathway import DeadlinePolicy
from core.bank_holidays import england_and_wales
from core.workdays import add_working_days, london_date, london_midnight, working_days_between
from tests.factories import pathway_input
from tests.workflows.harness import Harness, due_dates, outbox_keys
from workflows.tasks import Clock

HOLIDAYS = england_and_wales(2025, 2028).holidays


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        pytest.param(
            date(2026, 12, 18),
            5,
            date(2026, 12, 29),
            id="an order on Friday 18 December 2026 skips Christmas and Boxing Day (observed)",
        ),
        pytest.param(
            date(2026, 12, 17),
            5,
            date(2026, 12, 24),
            id="an order the day before is due on Christmas Eve, before the holidays",
        ),
        pytest.param(
            date(2026, 12, 24),
            1,
            date(2026, 12, 29),
            id="one working day after Christmas Eve is the 29th",
        ),
        pytest.param(
            date(2026, 4, 2),
            1,
            date(2026, 4, 7),
            id="one working day after the Thursday before Easter is the Tuesday after",
        ),
        pytest.param(
            date(2026, 3, 27),
            1,
            date(2026, 3, 30),
            id="a Friday order's first working day is the Monday",
        ),
        pytest.param(
            date(2026, 3, 28),
            1,
            date(2026, 3, 30),
            id="the day of the order itself is never counted, even at a weekend",
        ),
        pytest.param(
            date(2026, 5, 22), 1, date(2026, 5, 26), id="the spring bank holiday Monday is skipped"
        ),
    ],
)
def test_working_days(start: date, days: int, due: date) -> None:
    assert add_working_days(start, days, HOLIDAYS) == due


def test_working_days_overdue_count_only_working_days() -> None:
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 29), HOLIDAYS) == 1
    assert working_days_between(date(2026, 12, 29), date(2026, 12, 29), HOLIDAYS) == 0


async def test_an_order_on_18_december_has_first_contact_due_on_29_december(ts: Harness) -> None:
    state = await ts.state(await ts.start(pathway_input(date(2026, 12, 18))))
    assert due_dates(state)["first_contact"] == date(2026, 12, 29)
    assert due_dates(state)["allocation"] == date(2026, 12, 21)


async def test_a_task_is_overdue_the_day_after_its_due_date_and_escalated_two_working_days_later(
    ts: Harness, time_env: WorkflowEnvironment, sqlite_url: str
) -> None:
    today = london_date(await time_env.get_current_time())
    handle = await ts.start(pathway_input(today))
    state = await ts.state(handle)
    task = state.task("first_contact")
    assert task is not None and task.status == TaskStatus.OPEN
    clock = Clock(DeadlinePolicy(), HOLIDAYS)
    assert task.due_date == clock.due(today, 5)
    assert task.escalate_on == clock.due(task.due_date, 2)

    async def sleep_until(instant_offset: timedelta, day: date) -> None:
        target = london_midnight(day) + instant_offset
        await time_env.sleep(target - await time_env.get_current_time())

    # Last minute of the due date: still open.
    await sleep_until(-timedelta(minutes=1), task.due_date + timedelta(days=1))
    task = (await ts.state(handle)).task("first_contact")
    assert task is not None and task.status == TaskStatus.OPEN
    # First minute of the next day: overdue, not yet escalated.
    await sleep_until(timedelta(minutes=1), task.due_date + timedelta(days=1))
    task = (await ts.state(handle)).task("first_contact")
    assert task is not None and task.status == TaskStatus.OVERDUE and not task.escalated
    # One minute before the second working day overdue begins: not escalated.
    await sleep_until(-timedelta(minutes=1), task.escalate_on)
    task = (await ts.state(handle)).task("first_contact")
    assert task is not None and not task.escalated
    await sleep_until(timedelta(minutes=1), task.escalate_on)
    task = (await ts.state(handle)).task("first_contact")
    assert task is not None and task.escalated
    assert working_days_between(task.due_date, task.escalate_on, HOLIDAYS) == 2

    keys = await outbox_keys(sqlite_url, state.pathway_id, "first_contact:escalation")
    assert f"{state.pathway_id}:first_contact:escalation" in keys


async def test_a_step_that_keeps_the_next_deadline_keeps_the_timer_which_still_fires(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    from temporalio.api.enums.v1 import EventType

    from contracts.steps import AllocationBody, ReviewBody
    from tests.factories import SUPERVISOR
    from workflows.effects import CALLER_PROJECTION_GRACE

    async def timer_events() -> int:
        # The main loop's timers only: the effects' grace before a safety projection (every
        # step is written to the read model by its caller) is a clock of its own.
        grace: set[int] = set()
        count = 0
        async for e in handle.fetch_history_events():
            if e.event_type == EventType.EVENT_TYPE_TIMER_STARTED:
                timeout = e.timer_started_event_attributes.start_to_fire_timeout.ToTimedelta()
                if timeout == CALLER_PROJECTION_GRACE:
                    grace.add(e.event_id)
                    continue
                count += 1
            elif e.event_type == EventType.EVENT_TYPE_TIMER_CANCELED:
                count += e.timer_canceled_event_attributes.started_event_id not in grace
        return count

    today = london_date(await time_env.get_current_time())
    handle = await ts.start(pathway_input(today))
    body = AllocationBody(completed_on=today, caseworker="c", team="bromley")  # SUPERVISOR's
    await ts.step(handle, SUPERVISOR, body)
    before = await timer_events()
    for _ in range(3):  # a review opens the next one months away: the next deadline holds
        await ts.step(handle, SUPERVISOR, ReviewBody(completed_on=today))
    assert await timer_events() == before, "no timer cancelled and started again"
    task = (await ts.state(handle)).task("first_contact")
    assert task is not None and task.status == TaskStatus.OPEN
    after_due = london_midnight(task.due_date + timedelta(days=1)) + timedelta(minutes=1)
    await time_env.sleep(after_due - await time_env.get_current_time())
    task = (await ts.state(handle)).task("first_contact")
    assert task is not None and task.status == TaskStatus.OVERDUE
