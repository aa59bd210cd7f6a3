"""The cohort a report covers: the pathways of one team whose order was made in a period.

Every report counts the same cohort, so their numbers agree: a pathway belongs to it when its
order was made on or after `since` and on or before `until` (either may be left open), and,
when a team is named, when the pathway is allocated to that team. Unallocated pathways belong
only to the whole-service cohort (no team). When an offence group is named, only orders with
at least one offence in that group belong to it (an order of several groups belongs to each).
"""

from datetime import date
from typing import TypedDict, TypeVarTuple

from pydantic import BaseModel, Field, model_validator
from sqlalchemy import Select, exists, select
from sqlalchemy.orm import InstrumentedAttribute, aliased

from contracts.offences import OffenceGroup
from readmodel.tables import OffenceRow, PathwayRow

Ts = TypeVarTuple("Ts")
# Its own alias, so a report that selects offences is restricted by a subquery of its own.
_OFFENCE = aliased(OffenceRow)


class Cohort(BaseModel):
    """Which pathways a report counts, as stated in every report."""

    team: str | None = Field(default=None, description="the team, or none for every team")
    since: date | None = Field(default=None, description="orders made on or after this date")
    until: date | None = Field(default=None, description="orders made on or before this date")
    offence_group: OffenceGroup | None = Field(
        default=None,
        description="only orders with an offence in this group (stated only when chosen)",
        exclude_if=lambda group: group is None,
    )

    @model_validator(mode="after")
    def _ordered(self) -> "Cohort":
        if self.since is not None and self.until is not None and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        return self

    def restrict(self, query: Select[*Ts]) -> Select[*Ts]:
        """Restrict a query that selects from (or joins) `rm_pathways` to this cohort."""
        if self.team is not None:
            query = query.where(PathwayRow.team == self.team)
        if self.since is not None:
            query = query.where(PathwayRow.made_on >= self.since)
        if self.until is not None:
            query = query.where(PathwayRow.made_on <= self.until)
        if self.offence_group is not None:
            query = query.where(
                exists(
                    select(_OFFENCE.pathway_id)
                    .where(
                        _OFFENCE.pathway_id == PathwayRow.pathway_id,
                        _OFFENCE.offence_group == self.offence_group.value,
                    )
                    .correlate(PathwayRow)
                )
            )
        return query

    def of(self, query: Select[*Ts], pathway_id: InstrumentedAttribute[str]) -> Select[*Ts]:
        """Join a query on another read-model table to `rm_pathways` and restrict it.

        Args:
            query: a query selecting from a table with a `pathway_id` column.
            pathway_id: that column, e.g. `TaskRow.pathway_id`.
        """
        return self.restrict(query.join(PathwayRow, PathwayRow.pathway_id == pathway_id))


class Within(TypedDict, total=False):
    """The keyword arguments that choose a report's cohort: `Cohort`'s fields, all optional."""

    team: str | None
    since: date | None
    until: date | None
    offence_group: OffenceGroup | None


def share(part: int, whole: int) -> float | None:
    """Return `part / whole`, or None when there is nothing to divide by."""
    return part / whole if whole else None
