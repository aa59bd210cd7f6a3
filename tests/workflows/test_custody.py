"""A detention and training order: custody tasks, the release, and supervision after it."""

from datetime import date

import pytest
from temporalio.testing import WorkflowEnvironment

from contracts.common import DisposalType, Step
from contracts.custody import ReleaseKind
from contracts.pathway import PathwayState
from contracts.steps import ReleaseBody, ReviewBody
from core.bank_holidays import england_and_wales
from core.workdays import add_working_days
from tests.factories import CASEWORKER, pathway_input
from tests.workflows.harness import Harness
from workflows.custody import half_way, release_problem
from workflows.tasks import OPEN_STATUSES

HOLIDAYS = england_and_wales(2025, 2028).holidays
MADE = date(2026, 1, 5)
HALF_WAY = date(2026, 7, 5)
DTO = DisposalType.DETENTION_AND_TRAINING_ORDER


def due(start: date, days: int) -> date:
    return add_working_days(start, days, HOLIDAYS)


def supervision_dues(state: PathwayState) -> dict[str, date]:
    """The open supervision tasks (intervention plan, reviews after release) and their dates."""
    assert state.custody is not None
    release = state.custody.released_on or state.custody.release_expected_on
    return {
        t.task_id: t.due_date
        for t in state.tasks
        if t.status in OPEN_STATUSES
        and (t.step == Step.INTERVENTION_PLAN or (t.step == Step.REVIEW and t.due_date > release))
    }


async def start_dto(ts: Harness, months: int = 12) -> tuple[object, PathwayState]:
    handle = await ts.start(pathway_input(MADE, DTO, length_months=months))
    return handle, await ts.allocate(handle)


async def test_a_12_month_dto_made_on_5_january_2026_is_released_on_5_july_2026(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, state = await start_dto(ts)
    assert state.custody is not None
    assert state.custody.term_months == 12
    assert state.custody.release_expected_on == HALF_WAY
    assert state.custody.released_on is None
    tasks = {t.task_id: t for t in state.tasks}
    assert tasks["custody_planning"].due_date == due(MADE, 10), "the initial planning meeting"
    assert tasks["resettlement_planning"].due_date < HALF_WAY, "resettlement is planned before"
    assert tasks["review-1"].due_date == date(2026, 4, 5), "a custody review 3 months in"
    assert tasks["intervention_plan"].due_date == due(HALF_WAY, 15)
    # In custody only the order's first tasks and the custody tasks fall due.
    custody_steps = {
        Step.ALLOCATION,
        Step.FIRST_CONTACT,
        Step.ASSESSMENT,
        Step.CASE_FORMULATION,
        Step.CUSTODY_PLANNING,
        Step.RESETTLEMENT_PLANNING,
        Step.REVIEW,  # the custody review
        Step.OUTCOME_DATA,  # at the start, due with the assessment (issue 21)
    }
    in_custody = {t.step for t in state.tasks if t.due_date <= HALF_WAY}
    assert in_custody <= custody_steps, "no supervision task falls due in custody"
    assert [t.task_id for t in state.tasks if t.step == Step.REVIEW] == ["review-1"]

    await ts.step(handle, CASEWORKER, ReviewBody(completed_on=date(2026, 4, 6)))
    state = await ts.step(
        handle, CASEWORKER, ReleaseBody(released_on=HALF_WAY, kind=ReleaseKind.HALF_WAY)
    )
    assert state.custody is not None and state.custody.released_on == HALF_WAY
    assert state.custody.release_kind == ReleaseKind.HALF_WAY
    assert supervision_dues(state) == {
        "intervention_plan": due(HALF_WAY, 15),
        "review-2": date(2026, 10, 5),
    }
    assert state.timeline[-1].kind == "release"
    assert state.timeline[-1].details["released_on"] == "2026-07-05"


async def test_an_early_release_moves_the_supervision_tasks_to_run_from_it(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, state = await start_dto(ts)
    before = supervision_dues(state)
    assert before["intervention_plan"] == due(HALF_WAY, 15)
    early = date(2026, 6, 8)
    state = await ts.step(handle, CASEWORKER, ReleaseBody(released_on=early, kind="early"))
    assert state.custody is not None and state.custody.release_kind == ReleaseKind.EARLY
    after = supervision_dues(state)
    assert after["intervention_plan"] == due(early, 15) < before["intervention_plan"]
    assert all(day > early for day in after.values()), "supervision runs from the release"
    resettlement = state.task("resettlement_planning")
    assert resettlement is not None and resettlement.due_date <= early
    # The custody review 3 months in is still owed; the first supervision review follows it.
    assert [t.task_id for t in state.tasks if t.step == Step.REVIEW] == ["review-1"]
    state = await ts.step(handle, CASEWORKER, ReviewBody(completed_on=date(2026, 6, 9)))
    review = state.task("review-2")
    assert review is not None and review.due_date == date(2026, 9, 8), "3 months from release"


async def test_a_late_release_moves_the_supervision_tasks_later(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, _ = await start_dto(ts)
    await ts.step(handle, CASEWORKER, ReviewBody(completed_on=date(2026, 4, 6)))
    late = date(2026, 8, 5)
    state = await ts.step(handle, CASEWORKER, ReleaseBody(released_on=late, kind="late"))
    assert supervision_dues(state) == {
        "intervention_plan": due(late, 15),
        "review-2": date(2026, 11, 5),
    }


async def test_releases_that_cannot_be_are_refused_with_a_reason(
    ts: Harness, time_env: WorkflowEnvironment
) -> None:
    handle, _ = await start_dto(ts)
    refused = await ts.refused(
        handle, CASEWORKER, ReleaseBody(released_on=date(2026, 1, 2), kind="compassionate")
    )
    assert "before the order" in refused
    refused = await ts.refused(
        handle, CASEWORKER, ReleaseBody(released_on=date(2026, 6, 1), kind="early")
    )
    assert "from 2026-06-05" in refused and "s. 241(4)" in refused
    refused = await ts.refused(
        handle, CASEWORKER, ReleaseBody(released_on=date(2026, 7, 6), kind="half_way")
    )
    assert "2026-07-05" in refused
    await ts.step(handle, CASEWORKER, ReleaseBody(released_on=HALF_WAY, kind="half_way"))
    refused = await ts.refused(
        handle, CASEWORKER, ReleaseBody(released_on=HALF_WAY, kind="half_way")
    )
    assert "already released on 2026-07-05" in refused

    other = await ts.start(pathway_input(MADE, DisposalType.REFERRAL_ORDER))
    await ts.allocate(other)
    refused = await ts.refused(
        other, CASEWORKER, ReleaseBody(released_on=HALF_WAY, kind="half_way")
    )
    assert "release does not apply to a referral order" in refused


@pytest.mark.parametrize(
    ("term", "released_on", "kind", "allowed"),
    [
        pytest.param(12, date(2026, 6, 5), "early", True, id="12 months: a month early is allowed"),
        pytest.param(12, date(2026, 6, 4), "early", False, id="12 months: not more than a month"),
        pytest.param(6, date(2026, 3, 20), "early", False, id="6 months: no early release"),
        pytest.param(18, date(2026, 8, 5), "early", True, id="18 months: 2 months early"),
        pytest.param(18, date(2026, 8, 4), "early", False, id="18 months: not 2 months and a day"),
        pytest.param(12, date(2026, 8, 5), "late", True, id="12 months: a month late"),
        pytest.param(12, date(2026, 9, 5), "late", False, id="12 months: not 2 months late"),
        pytest.param(24, date(2027, 3, 5), "late", True, id="24 months: 2 months late"),
        pytest.param(4, date(2026, 2, 1), "compassionate", True, id="compassionate: any time"),
    ],
)
def test_a_release_is_checked_against_section_241(
    term: int, released_on: date, kind: str, allowed: bool
) -> None:
    from tests.factories import pathway_input as order_of
    from workflows.custody import custody_for

    custody = custody_for(order_of(MADE, DTO, length_months=term).order)
    assert custody is not None
    problem = release_problem(custody, released_on, ReleaseKind(kind))
    assert (problem is None) == allowed, problem


def test_the_half_way_point_of_an_odd_term_is_half_way_through_the_middle_month() -> None:
    assert half_way(MADE, 12) == HALF_WAY
    assert half_way(MADE, 5) == date(2026, 3, 20)
