"""Disproportionality at the joint decision panel: charged or diverted, and the outcome chosen.

The Relative Rate Index of each group (ethnic group, gender, age band) against the reference
group, with the suppression and 95% intervals of `reports.rri` (ADR 0134). The unit is a
referral the joint decision panel decided in the period (`rm_diversions.decided_on`), with the
child's group as the referral's pathway records it (age: at the referral). A child with two
referrals decided in the period counts twice, as a child with two referrals counts twice at
the override point of the court pathways' report.

Two decision points, each with the count at the stage before as its base (DESIGN.md,
"Reporting"; the Youth Justice Board's summary disproportionality tool and Case Level Ethnic
Disproportionality Toolkit are for a service to find the stage where disparity occurs):
- the decision to charge: referrals charged, among referrals decided;
- the outcome chosen: each out-of-court outcome (community resolution, youth caution, youth
  conditional caution, Turnaround or other prevention support, no further action) among the
  referrals decided without a charge (the decision to divert, or to take no action).
"""

from functools import cache
from typing import Any, Unpack

from pydantic import Field
from sqlalchemy import ColumnElement, Date, Select, bindparam, func, select
from sqlalchemy.orm import Session

from contracts.diversion import OUTCOME_NAMES, PanelOutcome
from readmodel.tables import DiversionRow, PathwayRow
from reports.bound import params_of, shape_of
from reports.cohort import Cohort, Within
from reports.disproportionality import DIMENSION_COLUMNS, DecisionPoint, RriReport, Units, _rows
from reports.groups import GROUPS, Dimension, reference_group

CHARGED = DecisionPoint(
    id="divert_or_charge",
    label="Charged at the joint decision panel (not diverted)",
    event="a decision to charge",
    base="referrals the joint decision panel decided",
)
# Turnaround and other prevention support are one outcome here: both are prevention, and
# apart each is too small to compare in most services.
_OUTCOMES: tuple[tuple[str, str, frozenset[PanelOutcome]], ...] = (
    (
        "community_resolution",
        "Community resolution",
        frozenset({PanelOutcome.COMMUNITY_RESOLUTION}),
    ),
    ("youth_caution", "Youth caution", frozenset({PanelOutcome.YOUTH_CAUTION})),
    (
        "youth_conditional_caution",
        "Youth conditional caution",
        frozenset({PanelOutcome.YOUTH_CONDITIONAL_CAUTION}),
    ),
    (
        "prevention",
        f"{OUTCOME_NAMES[PanelOutcome.TURNAROUND]} or other prevention support",
        frozenset({PanelOutcome.TURNAROUND, PanelOutcome.PREVENTION}),
    ),
    ("no_further_action", "No further action", frozenset({PanelOutcome.NO_FURTHER_ACTION})),
)
OUTCOME_POINTS = [
    (
        DecisionPoint(
            id=f"outcome_{key}",
            label=f"Outcome: {label}",
            event=f"the panel chose {label.lower()}",
            base="referrals the joint decision panel decided without a charge",
        ),
        outcomes,
    )
    for key, label, outcomes in _OUTCOMES
]


class DiversionRriReport(RriReport):
    """The RRI at the joint decision panel, over the referrals decided in the period."""

    report: str = "diversion-disproportionality"
    cohort: Cohort = Field(
        description="since and until bound the day of the joint decision (not the referral); "
        "team is the diversion pathway's team; offence_group the referral's offence's group"
    )


Decided = tuple[str | int | None, PanelOutcome, int]
"""Referrals decided, counted: the child's value in the dimension (its raw column), the outcome,
and how many."""

_PATHWAYS, _DIVERSIONS = PathwayRow.__table__, DiversionRow.__table__


@cache
def _decided(
    dimension: Dimension, team: bool, since: bool, until: bool, group: bool
) -> Select[Any]:
    """The referrals decided, counted by the dimension's raw value and the outcome.

    Built once for each dimension and set of the cohort's conditions given (bound as `team`,
    `since`, `until` and `offence_group`); the database counts, only the tallies come back.
    """
    p, d = _PATHWAYS, _DIVERSIONS
    value = p.c[DIMENSION_COLUMNS[dimension].key]
    conditions: list[ColumnElement[bool]] = [
        d.c.outcome.is_not(None),
        d.c.decided_on.is_not(None),
    ]
    if team:
        conditions.append(p.c.team == bindparam("team"))
    if since:
        conditions.append(d.c.decided_on >= bindparam("since", type_=Date))
    if until:
        conditions.append(d.c.decided_on <= bindparam("until", type_=Date))
    if group:
        conditions.append(d.c.offence_group == bindparam("offence_group"))
    return (
        select(value, d.c.outcome, func.count())
        .select_from(p.join(d, d.c.pathway_id == p.c.pathway_id))
        .where(*conditions)
        .group_by(value, d.c.outcome)
    )


def decisions(session: Session, cohort: Cohort, dimension: Dimension) -> list[Decided]:
    """The referrals decided in the cohort's period, counted by the child's value and outcome."""
    query = _decided(dimension, *shape_of(cohort))
    return [(v, PanelOutcome(o), n) for v, o, n in session.execute(query, params_of(cohort))]


def panel_points(decided: list[Decided], dimension: Dimension) -> list[tuple[DecisionPoint, Units]]:
    """The decision to charge, and each outcome among the referrals not charged."""
    # The raw value the dimension is recorded as; `disproportionality._rows` groups it.
    charged: Units = [(v, outcome == PanelOutcome.CHARGE, n) for v, outcome, n in decided]
    diverted = [(v, outcome, n) for v, outcome, n in decided if outcome != PanelOutcome.CHARGE]
    return [
        (CHARGED, charged),
        *(
            (point, [(v, outcome in chosen, n) for v, outcome, n in diverted])
            for point, chosen in OUTCOME_POINTS
        ),
    ]


def diversion_disproportionality(
    session: Session,
    *,
    dimension: Dimension,
    reference: str | None = None,
    min_count: int = 5,
    **within: Unpack[Within],
) -> DiversionRriReport:
    """Return the RRI of each group at the decision to charge and at each outcome chosen.

    Args:
        session: a read-model session.
        dimension: compare ethnic groups, genders or age bands.
        reference: the reference group (case-insensitive); None: White, Male or 15-17.
        min_count: counts below this are suppressed (0 shows every count).
        **within: the cohort: the panel's decisions in the period (by default, all).

    Raises:
        UnknownGroup: `reference` is not a group of `dimension`.
        ValueError: `since` is after `until`, or `min_count` is negative.
    """
    if min_count < 0:
        raise ValueError(f"min_count must not be negative (got {min_count})")
    cohort = Cohort(**within)
    ref = reference_group(dimension, reference)
    groups = GROUPS[dimension]
    points = panel_points(decisions(session, cohort, dimension), dimension)
    return DiversionRriReport(
        cohort=cohort,
        dimension=dimension,
        groups=list(groups),
        reference=ref,
        min_count=min_count,
        decision_points=[point for point, _ in points],
        rows=[
            row
            for point, units in points
            for row in _rows(point, list(units), dimension, groups, ref, min_count)
        ],
    )
