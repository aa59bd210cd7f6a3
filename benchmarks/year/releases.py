"""DTO releases in the simulated year (Sentencing Act 2020, s. 241(2), (4) and (5)).

Each child in custody is released, mostly at the half-way point, some early and a few late.
The planner asks `plan_release` for every state it sees; the release is planned once, on the
day it happens, and the supervision tasks it moves are planned from the states that follow.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from contracts.custody import ReleaseKind
from contracts.pathway import PathwayState
from contracts.steps import ReleaseBody, ResettlementPlanningBody
from core.workdays import add_months
from samples.orders import CASEWORKER

if TYPE_CHECKING:
    from benchmarks.year.plan import Action, Planner

EARLY_SHARE = 0.15
LATE_SHARE = 0.05
EARLY_OR_LATE_FROM_MONTHS = 8  # s. 241(4), (5): shorter terms are released at the half-way point
PLANNED = "release"  # the key in the planner's planned set
STEP_BODIES = {"resettlement_planning": ResettlementPlanningBody}
"""Bodies of the custody steps that complete a task (the planner plans them like any other)."""


def plan_release(planner: "Planner", state: PathwayState) -> list["Action"]:
    """The release of a DTO's child still in custody, planned once."""
    from benchmarks.year.plan import Action

    custody = state.custody
    seen = planner.planned.setdefault(state.pathway_id, set())
    if custody is None or custody.released_on is not None or PLANNED in seen:
        return []
    seen.add(PLANNED)
    expected, r = custody.release_expected_on, planner.rng.random()
    may_vary = custody.term_months >= EARLY_OR_LATE_FROM_MONTHS
    if may_vary and r < EARLY_SHARE:
        # Within the month ending with the half-way point: 28 days at most is always inside it.
        day, kind = expected - timedelta(days=planner.rng.randint(1, 28)), ReleaseKind.EARLY
    elif may_vary and r < EARLY_SHARE + LATE_SHARE:
        day, kind = add_months(expected, 1), ReleaseKind.LATE
    else:
        day, kind = expected, ReleaseKind.HALF_WAY
    actor = CASEWORKER.model_copy(update={"team": planner.teams[state.pathway_id]})
    body = ReleaseBody(completed_on=day, released_on=day, kind=kind)
    return [Action(day, state.pathway_id, actor, body)]


def release_figures(states: Iterable[PathwayState]) -> dict[str, Any]:
    """How many children were released, by kind, for the JSON line."""
    kinds = Counter(
        s.custody.release_kind.value
        for s in states
        if s.custody is not None and s.custody.release_kind is not None
    )
    return {"dto_releases": sum(kinds.values()), "dto_releases_by_kind": dict(kinds)}
