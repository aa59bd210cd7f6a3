"""Who may see a pathway and record on it, as the workflow's validators ask it (`access`).

People (caseworkers, supervisors, auditors) record only on a pathway they may see, by the
rule of `access.scope`. A feed sees no pathway, yet the police's feed delivers victim details
to whichever pathway they match: a feed may record only the steps of an act its role may
perform, on any pathway.
"""

from access.acts import Act, may
from access.identity import Role
from access.scope import may_see
from contracts.common import Step
from contracts.pathway import PathwayState
from contracts.steps import Actor

PEOPLE = frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR})
FEED_ACTS: dict[Step, Act] = {Step.VICTIM_DETAILS_RECEIVED: Act.RECEIVE_VICTIM_DETAILS}
"""The steps a feed records, each with the act that allows it."""
_ROLES = {role.value: role for role in Role}


def visible_to(state: PathwayState, actor: Actor) -> bool:
    """Caseworkers see their team's pathways; supervisors also their area's unallocated ones."""
    return may_see(actor.role, actor.team, actor.area, state.team, state.order.area)


def is_person(actor: Actor) -> bool:
    """Whether the actor is a person (who must see a pathway to record on it), not a feed."""
    return actor.role in PEOPLE


def feed_may_record(actor: Actor, step: Step) -> bool:
    """Whether a feed's actor may record `step` (on any pathway): its role may do the act."""
    role = _ROLES.get(actor.role)
    act = FEED_ACTS.get(step)
    return role is not None and act is not None and may(role, act)
