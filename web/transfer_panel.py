"""What the case page shows of a child, not an order: the child's other pathways, a transfer.

The other pathways are the ones the user may see (`readmodel.queries.child_pathways`), never a
count of the others. A supervisor of the pathway's team may ask for a transfer; a supervisor
of the receiving team sees the pathway only to decide it (ADR 0113), so the page offers them
that and nothing else.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from access import User
from access.identity import Role
from api.deps import scope_of
from contracts.pathway import PathwayState
from contracts.steps import Actor
from readmodel.queries import IncomingTransfer, LinkedPathway, child_pathways, incoming_transfers
from web.queries import ChildName, child_names
from workflows.visibility import only_deciding


@dataclass(frozen=True)
class ChildPanel:
    """The case page's view of the child's other pathways and of a transfer."""

    linked: list[LinkedPathway]
    deciding: bool  # the user sees the pathway only to accept or refuse its transfer
    may_request: bool  # the user may ask another team to take the child on
    suggested: str | None  # the case manager the new order was offered to, not yet allocated


def child_panel(sessions: sessionmaker[Session], user: User, state: PathwayState) -> ChildPanel:
    """Read the child's other pathways and say what the user may do about a transfer."""
    with sessions() as session:
        linked = child_pathways(session, user, state.child.child_id, but=state.pathway_id)
    actor: Actor = user.actor
    open_ = state.status == "open"
    offered = state.offered
    return ChildPanel(
        linked=linked,
        deciding=only_deciding(state, actor),
        may_request=open_
        and user.role == Role.SUPERVISOR
        and state.team is not None
        and user.team == state.team
        and state.transfer is None,
        suggested=offered.caseworker if offered and state.caseworker is None else None,
    )


def read_incoming(
    sessions: sessionmaker[Session], user: User
) -> tuple[list[IncomingTransfer], dict[str, ChildName]]:
    """The transfers waiting for the user's team's decision, with the children's names."""
    with sessions() as session:
        incoming = incoming_transfers(session, scope_of(user))
        return incoming, child_names(session, [t.pathway_id for t in incoming])
