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
from collections.abc import Callable, Iterable
from typing import Unpack

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.breach import BreachRoute, OrderChangeKind
from contracts.common import COURT_DISPOSALS, DisposalType, Programme
from readmodel.tables import ComplianceRow, DecisionRow, PathwayRow, ReferralRow
from reports.cohort import Cohort, Within
from reports.groups import GROUPS, Dimension, UnknownGroup, group_of, reference_group
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


# Units of one decision point: for each, its group and whether it is an event.
Units = Iterable[tuple[str, bool]]


def _rows(
    point: DecisionPoint, units: Units, groups: tuple[str, ...], reference: str, min_count: int
) -> list[RriRow]:
    events: Counter[str] = Counter()
    base: Counter[str] = Counter()
    for group, is_event in units:
        base[group] += 1
        events[group] += is_event
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


def _referral_points(
    session: Session, cohort: Cohort, group: Callable[[str], str]
) -> list[tuple[DecisionPoint, Units]]:
    decisions = select(DecisionRow.pathway_id, DecisionRow.programme)
    rows = session.execute(cohort.of(decisions, DecisionRow.pathway_id))
    decided = sorted((pid, programme) for pid, programme in rows)
    columns = select(ReferralRow.pathway_id, ReferralRow.programme, ReferralRow.override_reason)
    found = session.execute(cohort.of(columns, ReferralRow.pathway_id))
    referrals = [(pid, programme, why) for pid, programme, why in found]
    referred = {(pid, programme) for pid, programme, _ in referrals}
    points: list[tuple[DecisionPoint, Units]] = []
    for programme in Programme:
        name = _PROGRAMME_NAMES[programme]
        point = DecisionPoint(
            id=f"referral_{programme.value}",
            label=f"Referral to {name}",
            event=f"a referral to {name} made (proposed or further on)",
            base=f"pathways with an eligibility decision for {name}",
        )
        mine = [pid for pid, prog in decided if prog == programme.value]
        points.append((point, [(group(pid), (pid, programme.value) in referred) for pid in mine]))
    override = DecisionPoint(
        id="override",
        label="Referral against the rules (override)",
        event="a referral made against the rules, with a written reason",
        base="referrals made, to any programme",
    )
    points.append((override, [(group(pid), why is not None) for pid, _, why in referrals]))
    return points


def _breaches_to_court(session: Session, cohort: Cohort) -> tuple[set[str], set[str]]:
    """The pathways with a failure to comply, and those with a breach taken to court.

    A breach goes to court when the case manager takes it there, or when the panel it went to
    refers it on: its outcome is then a court's decision (`OrderChangeKind`), never
    `panel_continued`.
    """
    columns = select(
        ComplianceRow.pathway_id,
        ComplianceRow.kind,
        ComplianceRow.referred_to,
        ComplianceRow.outcome,
    )
    failed: set[str] = set()
    to_court: set[str] = set()
    court_decisions = {kind.value for kind in OrderChangeKind}
    for pid, kind, route, outcome in session.execute(cohort.of(columns, ComplianceRow.pathway_id)):
        if kind == "failure":
            failed.add(pid)
        elif kind == "breach" and (route == BreachRoute.COURT.value or outcome in court_decisions):
            to_court.add(pid)
    return failed, to_court


def _order_points(
    session: Session, cohort: Cohort, pathways: Iterable[PathwayRow], group: Callable[[str], str]
) -> Iterable[tuple[DecisionPoint, Units]]:
    breach = DecisionPoint(
        id="breach_return",
        label="Returned to court (breach)",
        event="a breach taken to court (by the case manager, or referred on by the panel)",
        base="pathways with a failure to comply recorded",
    )
    failed, to_court = _breaches_to_court(session, cohort)
    yield breach, [(group(pid), pid in to_court) for pid in sorted(failed)]
    custody = DecisionPoint(
        id="custody",
        label="Custody (detention and training order)",
        event="a detention and training order",
        base="all orders",
    )
    dto = DisposalType.DETENTION_AND_TRAINING_ORDER.value
    court = {d.value for d in COURT_DISPOSALS}  # a diversion pathway is no order
    orders = [p for p in pathways if p.disposal in court]
    yield custody, [(group(p.pathway_id), p.disposal == dto) for p in orders]


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
    pathways = list(session.scalars(cohort.restrict(select(PathwayRow))))
    groups_of = {p.pathway_id: group_of(dimension, p) for p in pathways}
    points = [
        *_referral_points(session, cohort, groups_of.__getitem__),
        *_order_points(session, cohort, pathways, groups_of.__getitem__),
    ]
    return RriReport(
        cohort=cohort,
        dimension=dimension,
        groups=list(groups),
        reference=ref,
        min_count=min_count,
        decision_points=[point for point, _ in points],
        rows=[
            row for point, units in points for row in _rows(point, units, groups, ref, min_count)
        ],
    )
