"""What the pages read besides the lists (`readmodel.queries`): names, and whom to suggest.

Names live only in the intake's tables (never in Temporal); the pages show them to the
people allowed to see the case, and every such read is audited by the page that makes it.
The allocation form suggests the case managers and teams `allocation_choices` returns.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from access import User
from api.deps import scope_of
from db.tables import Child, PathwayIndex
from readmodel.queries import caseworkers, teams


@dataclass(frozen=True)
class ChildName:
    """A child's name and date of birth, for the people working with them."""

    first_name: str
    last_name: str
    date_of_birth: date

    @property
    def full(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"


def child_names(session: Session, pathway_ids: Collection[str]) -> dict[str, ChildName]:
    """Return the child of each pathway, by pathway id."""
    if not pathway_ids:
        return {}
    rows = session.execute(
        select(PathwayIndex.pathway_id, Child.first_name, Child.last_name, Child.date_of_birth)
        .join(Child, Child.child_id == PathwayIndex.child_id)
        .where(PathwayIndex.pathway_id.in_(list(pathway_ids)))
    )
    return {pid: ChildName(first, last, born) for pid, first, last, born in rows}


def allocation_choices(session: Session, user: User) -> tuple[list[str], list[str]]:
    """Return the case managers and the teams an allocation form suggests to `user`.

    The case managers of the open pathways `user` may see; the teams with an open pathway,
    and the user's own.
    """
    own = [user.team] if user.team else []
    return caseworkers(session, scope_of(user)), sorted({*teams(session), *own})
