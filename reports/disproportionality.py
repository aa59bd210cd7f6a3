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

from collections import Counter
from collections.abc import Iterable
from typing import Any, Unpack

from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from contracts.breach import BreachRoute, OrderChangeKind
from contracts.common import COURT_DISPOSALS, DisposalType, Programme
from readmodel.tables import ComplianceRow, DecisionRow, PathwayRow, ReferralRow
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


def _tally(
    session: Session,
    cohort: Cohort,
    query: Select[Any],
    pathway_id: InstrumentedAttribute[str] | None = None,
) -> list[tuple[Any, ...]]:
    """Count a query's (key..., value, event) rows by the database, grouped on every column.

    Grouped in an outer query over labelled columns, so that an expression is never repeated
    in GROUP BY: a national cohort is counted where it lies, and only the tallies come back.
    """
    within = cohort.restrict(query) if pathway_id is None else cohort.of(query, pathway_id)
    inner = within.subquery()
    columns = list(inner.c)
    return [
        tuple(row) for row in session.execute(select(*columns, func.count()).group_by(*columns))
    ]


def _referral_points(
    session: Session, cohort: Cohort, value: InstrumentedAttribute[Any]
) -> list[tuple[DecisionPoint, Units]]:
    referral = aliased(ReferralRow)
    decisions = (
        select(
            DecisionRow.programme.label("programme"),
            value.label("value"),
            referral.pathway_id.is_not(None).label("event"),
        )
        .select_from(DecisionRow)
        .outerjoin(
            referral,
            (referral.pathway_id == DecisionRow.pathway_id)
            & (referral.programme == DecisionRow.programme),
        )
    )
    decided = _tally(session, cohort, decisions, DecisionRow.pathway_id)
    points: list[tuple[DecisionPoint, Units]] = []
    for programme in Programme:
        name = _PROGRAMME_NAMES[programme]
        point = DecisionPoint(
            id=f"referral_{programme.value}",
            label=f"Referral to {name}",
            event=f"a referral to {name} made (proposed or further on)",
            base=f"pathways with an eligibility decision for {name}",
        )
        mine = [(v, bool(ev), n) for prog, v, ev, n in decided if prog == programme.value]
        points.append((point, mine))
    override = DecisionPoint(
        id="override",
        label="Referral against the rules (override)",
        event="a referral made against the rules, with a written reason",
        base="referrals made, to any programme",
    )
    referrals = select(
        value.label("value"), ReferralRow.override_reason.is_not(None).label("event")
    ).select_from(ReferralRow)
    counted = _tally(session, cohort, referrals, ReferralRow.pathway_id)
    points.append((override, [(v, bool(ev), n) for v, ev, n in counted]))
    return points


def _order_points(
    session: Session, cohort: Cohort, value: InstrumentedAttribute[Any]
) -> Iterable[tuple[DecisionPoint, Units]]:
    """The breach and custody decision points.

    A breach goes to court when the case manager takes it there, or when the panel it went to
    refers it on: its outcome is then a court's decision (`OrderChangeKind`), never
    `panel_continued`.
    """
    breach = DecisionPoint(
        id="breach_return",
        label="Returned to court (breach)",
        event="a breach taken to court (by the case manager, or referred on by the panel)",
        base="pathways with a failure to comply recorded",
    )
    failed = select(ComplianceRow.pathway_id).where(ComplianceRow.kind == "failure")
    court_decisions = [kind.value for kind in OrderChangeKind]
    to_court = select(ComplianceRow.pathway_id).where(
        ComplianceRow.kind == "breach",
        (ComplianceRow.referred_to == BreachRoute.COURT.value)
        | ComplianceRow.outcome.in_(court_decisions),
    )
    breaches = select(
        value.label("value"), PathwayRow.pathway_id.in_(to_court).label("event")
    ).where(PathwayRow.pathway_id.in_(failed))
    counted = _tally(session, cohort, breaches)
    yield breach, [(v, bool(ev), n) for v, ev, n in counted]
    custody = DecisionPoint(
        id="custody",
        label="Custody (detention and training order)",
        event="a detention and training order",
        base="all orders",
    )
    dto = DisposalType.DETENTION_AND_TRAINING_ORDER.value
    court = [d.value for d in COURT_DISPOSALS]  # a diversion pathway is no order
    orders = select(value.label("value"), (PathwayRow.disposal == dto).label("event")).where(
        PathwayRow.disposal.in_(court)
    )
    counted = _tally(session, cohort, orders)
    yield custody, [(v, bool(ev), n) for v, ev, n in counted]


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
    value = DIMENSION_COLUMNS[dimension]
    points = [
        *_referral_points(session, cohort, value),
        *_order_points(session, cohort, value),
    ]
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
