"""Disproportionality: the Relative Rate Index of each group at each decision point.

The decision points are those of ADR 0030, each with the count at the preceding stage as its
base:

- referral to FFT, NVR, DV groups or violence reduction groups: pathways referred (a
  referral made, proposed ones included) among pathways with an eligibility decision for that
  programme (the assessment has been done and the rules have spoken, so a referral could be
  made);
- override: referrals made against the rules, among all referrals (any programme), so a
  child referred to two programmes counts twice;
- breach return: pathways with a breach taken to court (by the case manager, or by the youth
  offender panel referring it back), among pathways with a failure to comply recorded: the
  stage before a breach (`workflows.breach`);
- custody: detention and training orders, among all orders.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any, Unpack

from pydantic import BaseModel, Field
from sqlalchemy import (
    CompoundSelect,
    Select,
    String,
    exists,
    func,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from contracts.breach import BreachRoute, OrderChangeKind
from contracts.common import COURT_DISPOSALS, DisposalType, Programme
from readmodel.tables import ComplianceRow, DecisionRow, PathwayRow, ReferralRow
from reports.bound import Shape, params_of, restrict, shape_of
from reports.cohort import Cohort, Within
from reports.groups import GROUPS, Dimension, UnknownGroup, group_of_value, reference_group
from reports.rri import Counts, RriRow, compare

__all__ = ["DecisionPoint", "Dimension", "RriReport", "RriRow", "UnknownGroup"]

_PROGRAMME_NAMES = {
    Programme.FFT: "FFT",
    Programme.NVR: "NVR",
    Programme.DV_GROUPS: "DV groups",
    Programme.VIOLENCE_REDUCTION: "violence reduction groups",
}

METHOD = (
    "RRI = (events in group / base in group) / (events in reference group / base in reference "
    "group). 95% confidence interval by the log method: se = sqrt(1/a - 1/n1 + 1/c - 1/n2), "
    "bounds exp(ln(RRI) +/- 1.96 se). Counts below min_count are suppressed, with any rate or "
    "RRI built on them. An interval that does not include 1 suggests a real difference."
)


class DecisionPoint(BaseModel):
    """A decision point: what counts as an event, and the base it is a rate of."""

    id: str
    label: str
    event: str
    base: str


class RriReport(BaseModel):
    """The RRI of each group against the reference group at each decision point."""

    report: str = "disproportionality"
    cohort: Cohort
    dimension: Dimension
    groups: list[str]
    reference: str = Field(description="the reference group every rate is compared with")
    min_count: int
    confidence_level: float = 0.95
    method: str = METHOD
    decision_points: list[DecisionPoint]
    rows: list[RriRow] = Field(description="decision point by decision point, group by group")


# Units of one decision point, counted: the raw value of the dimension (`DIMENSION_COLUMNS`),
# whether it is an event, and how many.
Units = Iterable[tuple[str | int | None, bool, int]]

DIMENSION_COLUMNS: dict[Dimension, InstrumentedAttribute[Any]] = {
    "ethnicity": PathwayRow.ethnicity,
    "gender": PathwayRow.gender,
    "age_band": PathwayRow.age_at_order,
}
"""The column each dimension's groups are read from (`reports.groups.group_of_value`)."""


def _rows(
    point: DecisionPoint,
    units: Units,
    dimension: Dimension,
    groups: tuple[str, ...],
    reference: str,
    min_count: int,
) -> list[RriRow]:
    events: Counter[str] = Counter()
    base: Counter[str] = Counter()
    for value, is_event, n in units:
        group = group_of_value(dimension, value)
        base[group] += n
        events[group] += n if is_event else 0
    ref = Counts(events[reference], base[reference])
    return [
        compare(
            point.id,
            g,
            Counts(events[g], base[g]),
            ref,
            is_reference=g == reference,
            min_count=min_count,
        )
        for g in groups
    ]


def _referral_point(programme: Programme) -> DecisionPoint:
    name = _PROGRAMME_NAMES[programme]
    return DecisionPoint(
        id=f"referral_{programme.value}",
        label=f"Referral to {name}",
        event=f"a referral to {name} made (proposed or further on)",
        base=f"pathways with an eligibility decision for {name}",
    )


DECISION_POINTS: tuple[DecisionPoint, ...] = (
    *(_referral_point(programme) for programme in Programme),
    DecisionPoint(
        id="override",
        label="Referral against the rules (override)",
        event="a referral made against the rules, with a written reason",
        base="referrals made, to any programme",
    ),
    DecisionPoint(
        id="breach_return",
        label="Returned to court (breach)",
        event="a breach taken to court (by the case manager, or referred on by the panel)",
        base="pathways with a failure to comply recorded",
    ),
    DecisionPoint(
        id="custody",
        label="Custody (detention and training order)",
        event="a detention and training order",
        base="all orders",
    ),
)
"""The decision points in the order the report gives them (the module's docstring)."""


def _units(shape: Shape, value: InstrumentedAttribute[Any]) -> CompoundSelect[Any]:
    """Every decision point's units of the cohort as (point, value, event), one query.

    A referral decision point's units are named by the programme (`referral_` + it); the
    others by their id. A breach goes to court when the case manager takes it there, or when
    the panel it went to refers it on: its outcome is then a court's decision
    (`OrderChangeKind`), never `panel_continued`.
    """

    def named(point: str) -> ColumnElement[str]:
        return literal_column(f"'{point}'", String()).label("point")

    referral = aliased(ReferralRow)
    decisions = (
        select(
            (literal_column("'referral_'", String()) + DecisionRow.programme).label("point"),
            value.label("value"),
            referral.pathway_id.is_not(None).label("event"),
        )
        .select_from(DecisionRow)
        .outerjoin(
            referral,
            (referral.pathway_id == DecisionRow.pathway_id)
            & (referral.programme == DecisionRow.programme),
        )
        .where(DecisionRow.programme.in_([p.value for p in Programme]))
    )
    overrides = select(
        named("override"), value.label("value"), ReferralRow.override_reason.is_not(None)
    ).select_from(ReferralRow)
    failure, breach = aliased(ComplianceRow), aliased(ComplianceRow)
    failed = exists().where(failure.pathway_id == PathwayRow.pathway_id, failure.kind == "failure")
    to_court = exists().where(
        breach.pathway_id == PathwayRow.pathway_id,
        breach.kind == "breach",
        (breach.referred_to == BreachRoute.COURT.value)
        | breach.outcome.in_([kind.value for kind in OrderChangeKind]),
    )
    breaches = select(named("breach_return"), value.label("value"), to_court).where(failed)
    dto = DisposalType.DETENTION_AND_TRAINING_ORDER.value
    orders = select(named("custody"), value.label("value"), PathwayRow.disposal == dto).where(
        PathwayRow.disposal.in_([d.value for d in COURT_DISPOSALS])  # a diversion is no order
    )
    return union_all(
        restrict(
            decisions.join(PathwayRow, PathwayRow.pathway_id == DecisionRow.pathway_id), shape
        ),
        restrict(
            overrides.join(PathwayRow, PathwayRow.pathway_id == ReferralRow.pathway_id), shape
        ),
        restrict(breaches, shape),
        restrict(orders, shape),
    )


@cache
def _tallies(dimension: Dimension, shape: Shape) -> Select[Any]:
    """Each decision point's units counted by (point, value, event): built once per shape.

    Grouped in an outer query over labelled columns, so that an expression is never repeated
    in GROUP BY: a national cohort is counted where it lies, and only the tallies come back.
    """
    inner = _units(shape, DIMENSION_COLUMNS[dimension]).subquery()
    point, raw, event = inner.c
    return select(point, raw, event, func.count()).group_by(point, raw, event)


def _counted(
    session: Session, cohort: Cohort, dimension: Dimension
) -> list[tuple[DecisionPoint, Units]]:
    """Each decision point with its units, counted by the database in one query."""
    tallies = _tallies(dimension, shape_of(cohort))
    units: dict[str, list[tuple[str | int | None, bool, int]]] = defaultdict(list)
    for point_id, value_, is_event, n in session.execute(tallies, params_of(cohort)):
        units[point_id].append((value_, bool(is_event), n))
    return [(p, units[p.id]) for p in DECISION_POINTS]


def disproportionality(
    session: Session,
    *,
    dimension: Dimension,
    reference: str | None = None,
    min_count: int = 5,
    **within: Unpack[Within],
) -> RriReport:
    """Return the RRI of each group in `dimension` at each decision point.

    Args:
        session: a read-model session.
        dimension: compare ethnic groups, genders or age bands.
        reference: the reference group (case-insensitive); None: White, Male or 15-17.
        min_count: counts below this are suppressed (0 shows every count).
        **within: the cohort (`Cohort`: by default, every pathway).

    Raises:
        UnknownGroup: `reference` is not a group of `dimension`.
        ValueError: `since` is after `until`, or `min_count` is negative.
    """
    if min_count < 0:
        raise ValueError(f"min_count must not be negative (got {min_count})")
    cohort = Cohort(**within)
    ref = reference_group(dimension, reference)
    groups = GROUPS[dimension]
    points = _counted(session, cohort, dimension)
    return RriReport(
        cohort=cohort,
        dimension=dimension,
        groups=list(groups),
        reference=ref,
        min_count=min_count,
        decision_points=[point for point, _ in points],
        rows=[
            row
            for point, units in points
            for row in _rows(point, units, dimension, groups, ref, min_count)
        ],
    )
