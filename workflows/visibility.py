"""Who may see a pathway and record on it, as the workflow's validators ask it (`access`).

People (caseworkers, supervisors, auditors) record only on a pathway they may see, by the
rule of `access.scope`. A feed sees no pathway, yet the police's feed delivers victim details
to whichever pathway they match: a feed may record only the steps of an act its role may
perform, on any pathway.
"""

from access.acts import Act, may
from access.identity import Role
from access.scope import may_see, receives
from contracts.common import Step
from contracts.pathway import PathwayState
from contracts.steps import Actor

PEOPLE = frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR})
FEED_ACTS: dict[Step, Act] = {Step.VICTIM_DETAILS_RECEIVED: Act.RECEIVE_VICTIM_DETAILS}
"""The steps a feed records, each with the act that allows it."""
_ROLES = {role.value: role for role in Role}


DECIDES_TRANSFER = frozenset({Step.TRANSFER_ACCEPTED, Step.TRANSFER_REFUSED})
"""What the receiving team's supervisors may record on a pathway they see only to decide."""


def incoming_team(state: PathwayState) -> str | None:
    """The team a pending transfer asks to take the pathway on (None: no transfer pending)."""
    return state.transfer.to_team if state.transfer is not None else None


def visible_to(state: PathwayState, actor: Actor) -> bool:
    """Whether the actor may see the pathway (`access.scope.may_see`).

    Caseworkers see their team's pathways; supervisors also their area's unallocated ones, and
    those their team is asked to take on by a pending transfer (ADR 0113).
    """
    return may_see(
        actor.role, actor.team, actor.area, state.team, state.order.area, incoming_team(state)
    )


def only_deciding(state: PathwayState, actor: Actor) -> bool:
    """Whether the actor sees the pathway only as a supervisor of a transfer's receiving team.

    Until they accept it the sending team keeps the pathway: such a supervisor may accept or
    refuse the transfer (`DECIDES_TRANSFER`) and record nothing else.
    """
    owner = may_see(actor.role, actor.team, actor.area, state.team, state.order.area)
    return not owner and receives(actor.role, actor.team, incoming_team(state))


def is_person(actor: Actor) -> bool:
    """Whether the actor is a person (who must see a pathway to record on it), not a feed."""
    return actor.role in PEOPLE


def feed_may_record(actor: Actor, step: Step) -> bool:
    """Whether a feed's actor may record `step` (on any pathway): its role may do the act."""
    role = _ROLES.get(actor.role)
    act = FEED_ACTS.get(step)
    return role is not None and act is not None and may(role, act)
