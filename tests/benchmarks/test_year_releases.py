"""`pathway bench year` releases each DTO's child once, on a day s. 241 allows."""

import random
from datetime import date

from benchmarks.year.plan import Behaviour, Planner
from benchmarks.year.releases import plan_release
from contracts.common import DisposalType
from contracts.pathway import PathwayState
from contracts.steps import ReleaseBody
from samples.orders import pathway_input
from workflows.custody import custody_for, release_problem

MADE = date(2026, 1, 5)


def state_of(disposal: DisposalType, months: int) -> PathwayState:
    inp = pathway_input(MADE, disposal, length_months=months)
    return PathwayState(
        pathway_id=inp.pathway_id,
        child=inp.child,
        order=inp.order,
        order_starts_on=MADE,
        order_ends_on=date(2027, 1, 5),
        custody=custody_for(inp.order),
    )


def test_each_child_in_custody_is_released_once_on_a_lawful_day() -> None:
    planner = Planner(Behaviour(), random.Random(1), frozenset())
    for seed in range(40):
        planner.rng.seed(seed)
        state = state_of(DisposalType.DETENTION_AND_TRAINING_ORDER, 12)
        planner.teams[state.pathway_id] = "team-a"
        (action,) = plan_release(planner, state)
        assert isinstance(action.body, ReleaseBody) and action.day == action.body.released_on
        assert state.custody is not None
        assert release_problem(state.custody, action.day, action.body.kind) is None
        assert plan_release(planner, state) == [], "planned once"


def test_no_release_is_planned_for_other_orders() -> None:
    planner = Planner(Behaviour(), random.Random(1), frozenset())
    state = state_of(DisposalType.YOUTH_REHABILITATION_ORDER, 12)
    planner.teams[state.pathway_id] = "team-a"
    assert plan_release(planner, state) == []
