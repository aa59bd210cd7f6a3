"""The `release` step: a detention and training order's child leaves custody (ADR 0111).

Refused with a reason when it cannot be: a second release, a release after the order has
ended, or a day or kind that Sentencing Act 2020, s. 241 does not allow (`custody`). A release
before the order or in the future, and a release on another order, are refused by the checks
every step has (`workflows.steps.record`).
"""

from contracts.pathway import Notification, PathwayState
from contracts.steps import Actor, ReleaseBody, StepBody
from workflows import custody
from workflows.tasks import Clock, require


def record_release(
    state: PathwayState, body: StepBody, actor: Actor, clock: Clock
) -> list[Notification]:
    """Record the release and move the supervision tasks to run from it."""
    assert isinstance(body, ReleaseBody)
    # A DTO started before the `dto-release-2026-12` patch gains its custody state now.
    held = state.custody or custody.custody_for(state.order)
    assert held is not None  # `applies` allows the step on a DTO only
    require(
        held.released_on is None,
        f"the child was already released on {held.released_on}: a release is recorded once",
    )
    require(
        body.released_on >= state.order.made_on,
        f"released_on {body.released_on} is before the order was made on {state.order.made_on}",
    )
    require(
        body.released_on < state.order_ends_on,
        f"released_on {body.released_on} is not before the order ends on {state.order_ends_on}",
    )
    problem = custody.release_problem(held, body.released_on, body.kind)
    require(problem is None, problem or "")
    held.released_on, held.release_kind = body.released_on, body.kind
    state.custody = held
    custody.move_to_release(clock, state, body.released_on, body.completed_on)
    return []
