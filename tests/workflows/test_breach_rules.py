"""The breach rules as pure functions: the warned period on both sides, and refusals."""

from datetime import UTC, date, datetime

import pytest

from access import Role, User
from contracts.breach import (
    ComplianceFailureBody,
    FailureOutcome,
    OrderChange,
    OrderChangeKind,
    WarningGivenBody,
)
from contracts.common import DisposalType, PathwayStatus
from contracts.pathway import DeadlinePolicy, PathwayState
from core.workdays import add_months
from tests.factories import CASEWORKER, pathway_input
from workflows.court import apply_order_change
from workflows.steps import record
from workflows.tasks import Clock, StepRefused

MADE = date(2026, 1, 5)
WARNED = date(2026, 2, 2)
NOW = datetime(2028, 1, 1, 12, tzinfo=UTC)
FEED = User(name="court feed", role=Role.INTEGRATOR).actor


def new_state(
    policy: DeadlinePolicy, disposal: DisposalType = DisposalType.YOUTH_REHABILITATION_ORDER
) -> tuple[PathwayState, Clock]:
    inp = pathway_input(MADE, disposal, length_months=24)
    clock = Clock(policy, inp.calendar.holidays)
    state = PathwayState(
        pathway_id=inp.pathway_id,
        child=inp.child,
        order=inp.order,
        order_starts_on=MADE,
        order_ends_on=add_months(MADE, 24),
    )
    clock.open_initial_tasks(state)
    return state, clock


def fail(state: PathwayState, clock: Clock, on: date, excuse: bool = False) -> FailureOutcome:
    body = ComplianceFailureBody(
        completed_on=on, failed_on=on, reasonable_excuse=excuse, details="Missed it."
    )
    record(state, body, CASEWORKER, clock, NOW)
    return state.compliance.failures[-1].outcome


def warned(policy: DeadlinePolicy | None = None) -> tuple[PathwayState, Clock]:
    state, clock = new_state(policy or DeadlinePolicy())
    assert fail(state, clock, date(2026, 2, 1)) == FailureOutcome.AWAITING_WARNING
    record(state, WarningGivenBody(completed_on=WARNED), CASEWORKER, clock, NOW)
    return state, clock


@pytest.mark.parametrize(
    ("failed_on", "outcome"),
    [
        pytest.param(
            date(2026, 2, 2),
            FailureOutcome.BREACH,
            id="a failure on the day of the warning goes to breach",
        ),
        pytest.param(
            date(2027, 2, 1),
            FailureOutcome.BREACH,
            id="a failure on the last day of the 12 months goes to breach",
        ),
        pytest.param(
            date(2027, 2, 2),
            FailureOutcome.AWAITING_WARNING,
            id="a failure 12 months after the warning is warned again",
        ),
    ],
)
def test_a_failure_within_the_warned_period_of_a_warning_goes_to_breach(
    failed_on: date, outcome: FailureOutcome
) -> None:
    state, clock = warned()
    assert fail(state, clock, failed_on) == outcome


def test_with_two_warnings_before_breach_a_second_failure_is_warned_again() -> None:
    state, clock = warned(DeadlinePolicy(warnings_before_breach=2))
    assert fail(state, clock, date(2026, 3, 2)) == FailureOutcome.AWAITING_WARNING
    record(state, WarningGivenBody(completed_on=date(2026, 3, 3)), CASEWORKER, clock, NOW)
    assert fail(state, clock, date(2026, 4, 1)) == FailureOutcome.BREACH


def test_a_failure_with_a_reasonable_excuse_is_neither_warned_nor_a_breach() -> None:
    state, clock = warned()
    assert fail(state, clock, date(2026, 3, 2), excuse=True) == FailureOutcome.EXCUSED
    assert not state.compliance.breaches


def test_a_failure_while_a_breach_is_open_goes_with_that_breach() -> None:
    state, clock = warned()
    assert fail(state, clock, date(2026, 3, 2)) == FailureOutcome.BREACH
    assert fail(state, clock, date(2026, 3, 9)) == FailureOutcome.DURING_BREACH
    assert len(state.compliance.breaches) == 1


def test_a_failure_before_the_order_or_recorded_before_it_happened_is_refused() -> None:
    state, clock = new_state(DeadlinePolicy())
    body = ComplianceFailureBody(
        completed_on=date(2026, 3, 1),
        failed_on=date(2026, 3, 2),
        reasonable_excuse=False,
        details="x",
    )
    with pytest.raises(StepRefused, match="not after completed_on"):
        record(state, body, CASEWORKER, clock, NOW)


def test_a_warning_on_a_closed_pathway_and_an_order_change_on_one_are_refused() -> None:
    state, clock = new_state(DeadlinePolicy())
    assert fail(state, clock, date(2026, 2, 1)) == FailureOutcome.AWAITING_WARNING
    revoke = OrderChange(
        actor=FEED,
        change=OrderChangeKind.REVOKED,
        decided_on=date(2026, 3, 1),
        court_code="B01LY00",
    )
    apply_order_change(state, revoke, clock, NOW.date())
    assert state.status == PathwayStatus.CLOSED
    with pytest.raises(StepRefused, match="this pathway is closed"):
        record(state, WarningGivenBody(completed_on=date(2026, 3, 2)), CASEWORKER, clock, NOW)
    with pytest.raises(StepRefused, match="this pathway is closed"):
        apply_order_change(state, revoke, clock, NOW.date())


def test_an_order_change_decided_in_the_future_is_refused() -> None:
    state, clock = new_state(DeadlinePolicy())
    later = OrderChange(
        actor=FEED,
        change=OrderChangeKind.CONTINUED,
        decided_on=date(2026, 3, 1),
        court_code="B01LY00",
    )
    with pytest.raises(StepRefused, match="not in the future"):
        apply_order_change(state, later, clock, date(2026, 2, 1))


def test_a_yro_is_extended_once_only() -> None:
    state, clock = new_state(DeadlinePolicy())
    ends = state.order_ends_on
    extend = OrderChange(
        actor=FEED,
        change=OrderChangeKind.EXTENDED,
        decided_on=date(2026, 3, 1),
        court_code="B01LY00",
        extended_to=add_months(ends, 1),
    )
    apply_order_change(state, extend, clock, NOW.date())
    again = extend.model_copy(update={"extended_to": add_months(ends, 2)})
    with pytest.raises(StepRefused, match="once only"):
        apply_order_change(state, again, clock, NOW.date())
