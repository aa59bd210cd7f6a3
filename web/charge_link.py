"""The link between a diversion pathway closed by a decision to charge and the court order after.

A court pathway knows the diversion pathway it followed (`state.charged_from`, ADR 0132); the
diversion pathway, closed by then, finds the court pathways that followed it in the read model
(`rm_pathways.charged_from`). Each case page shows the other, when the user may see it; one the
user may not see is named without a link (its id only), so a case manager knows to ask.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from access import User, may_see
from contracts.pathway import PathwayState
from readmodel.tables import PathwayRow


@dataclass(frozen=True)
class Linked:
    """A pathway at the other end of the charge's link, and whether the user may open it."""

    pathway_id: str
    visible: bool


@dataclass(frozen=True)
class ChargeLink:
    """What a case page shows: the diversion pathway it followed, or the orders that followed."""

    followed: Linked | None
    followed_by: list[Linked]


def charge_link(
    sessions: sessionmaker[Session], user: User, state: PathwayState
) -> ChargeLink | None:
    """The charge's link of a pathway, if it has one either way (None: nothing to show)."""
    with sessions() as session:
        ids = [state.charged_from] if state.charged_from else []
        rows = session.scalars(
            select(PathwayRow).where(
                (PathwayRow.charged_from == state.pathway_id)
                | PathwayRow.pathway_id.in_(ids)
            )
        ).all()
    seen = {
        r.pathway_id: may_see(user.role, user.team, user.area, r.team, r.area, r.transfer_to)
        for r in rows
    }
    followed = None
    if state.charged_from:
        followed = Linked(state.charged_from, seen.get(state.charged_from, False))
    after = sorted(r.pathway_id for r in rows if r.charged_from == state.pathway_id)
    if followed is None and not after:
        return None
    return ChargeLink(followed, [Linked(p, seen[p]) for p in after])
