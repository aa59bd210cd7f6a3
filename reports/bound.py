"""A report's statement built once per cohort shape, its cohort given as parameters.

Building a SQLAlchemy statement (and generating its cache key from fresh literals) costs
more than a small service's query itself, so a report that a service asks for often builds
its statement once for each shape of cohort (which of team, since, until and offence group
are given) and binds the cohort's values when it runs: SQLAlchemy then finds the compiled
statement in its cache at once. The conditions are `reports.cohort.Cohort.restrict`'s.
"""

from typing import Any, TypeVarTuple

from sqlalchemy import Select, bindparam, exists, select
from sqlalchemy.orm import aliased

from readmodel.tables import OffenceRow, PathwayRow
from reports.cohort import Cohort

Ts = TypeVarTuple("Ts")
Shape = tuple[bool, bool, bool, bool]
"""Which of a cohort's team, since, until and offence group are given."""

_OFFENCE = aliased(OffenceRow)


def shape_of(cohort: Cohort) -> Shape:
    """The cohort's shape: which of its conditions a statement needs."""
    return (
        cohort.team is not None,
        cohort.since is not None,
        cohort.until is not None,
        cohort.offence_group is not None,
    )


def params_of(cohort: Cohort) -> dict[str, Any]:
    """The values `restrict`'s parameters take for the cohort (those its shape uses)."""
    values = {
        "team": cohort.team,
        "since": cohort.since,
        "until": cohort.until,
        "offence_group": None if cohort.offence_group is None else cohort.offence_group.value,
    }
    return {name: value for name, value in values.items() if value is not None}


def restrict(query: Select[*Ts], shape: Shape) -> Select[*Ts]:
    """`Cohort.restrict` with bound parameters (`params_of`) in place of the cohort's values."""
    team, since, until, offence_group = shape
    if team:
        query = query.where(PathwayRow.team == bindparam("team"))
    if since:
        query = query.where(PathwayRow.made_on >= bindparam("since"))
    if until:
        query = query.where(PathwayRow.made_on <= bindparam("until"))
    if offence_group:
        query = query.where(
            exists(
                select(_OFFENCE.pathway_id)
                .where(
                    _OFFENCE.pathway_id == PathwayRow.pathway_id,
                    _OFFENCE.offence_group == bindparam("offence_group"),
                )
                .correlate(PathwayRow)
            )
        )
    return query
