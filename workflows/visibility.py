"""Who may see a pathway: the one rule, used by the API and by the workflow's validators."""

from contracts.pathway import PathwayState
from contracts.steps import Actor


def visible_to(state: PathwayState, actor: Actor) -> bool:
    """Caseworkers see their team's pathways; supervisors also unallocated ones; auditors all."""
    if actor.role == "auditor":
        return True
    if actor.role not in ("caseworker", "supervisor"):
        return False
    if state.team is None:
        return actor.role == "supervisor"
    return state.team == actor.team
