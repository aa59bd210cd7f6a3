"""Who may see a pathway: the one rule, used by the API and by the workflow's validators."""

from contracts.pathway import PathwayState
from contracts.steps import Actor


def visible_to(state: PathwayState, actor: Actor) -> bool:
    """Caseworkers see their team's pathways; supervisors also unallocated ones; auditors all."""
    return team_visible_to(state.team, actor)


def team_visible_to(team: str | None, actor: Actor) -> bool:
    """Whether a pathway allocated to `team` (None: unallocated) is visible to `actor`."""
    if actor.role == "auditor":
        return True
    if actor.role not in ("caseworker", "supervisor"):
        return False
    if team is None:
        return actor.role == "supervisor"
    return team == actor.team
