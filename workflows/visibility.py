"""Who may see a pathway, as the workflow's validators ask it: `access.may_see` on its state."""

from access.scope import may_see
from contracts.pathway import PathwayState
from contracts.steps import Actor


def visible_to(state: PathwayState, actor: Actor) -> bool:
    """Caseworkers see their team's pathways; supervisors also their area's unallocated ones."""
    return may_see(actor.role, actor.team, actor.area, state.team, state.order.area)
