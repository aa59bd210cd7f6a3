"""Bias reflections read back: how often each decision stage was reflected on, and how.

By stage, team and quarter (of the day the decision was made), over one cohort (`Cohort`):
the number of reflections, the share checked with a colleague, and how often each GRACES
aspect was considered. Beside them, the disproportionality (RRI, by ethnic group) at the
same stage where the report of disproportionality has one (a referral to each programme, an
override, a breach taken to court), so a supervisor sees where decisions differ by group and
whether reflection happened there. A line with fewer reflections than `min_count` is
suppressed (its counts hidden), as every report's small counts are (ADR 0030).
"""

from collections import Counter, defaultdict
from datetime import date
from typing import Any, Unpack

from pydantic import BaseModel, Field
from sqlalchemy import Integer, Select, String, case, cast, exists, extract, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from contracts.breach import BreachRoute, OrderChangeKind
from contracts.referrals import GracesAspect
from contracts.reflections import ReflectionStage, stage_of
from readmodel.tables import (
    BiasReflectionRow,
    ComplianceRow,
    DecisionRow,
    PathwayRow,
    ReferralRow,
)
from reports.cohort import Cohort, Within, share
from reports.disproportionality import DIMENSION_COLUMNS
from reports.groups import DEFAULT_REFERENCE, GROUPS, group_of_value
from reports.rri import Counts, RriRow, compare
from reports.tally import Tallies, count_all, number, tally

# The disproportionality report's decision points that are decisions at a reflection stage.
RRI_POINTS: dict[str, ReflectionStage] = {
    "referral_fft": ReflectionStage.PROGRAMME_REFERRAL,
    "referral_nvr": ReflectionStage.PROGRAMME_REFERRAL,
    "referral_dv_groups": ReflectionStage.PROGRAMME_REFERRAL,
    "referral_violence_reduction": ReflectionStage.PROGRAMME_REFERRAL,
    "override": ReflectionStage.OVERRIDE,
    "breach_return": ReflectionStage.BREACH_ACTION,
}


class AspectCount(BaseModel):
    """How many reflections considered one GRACES aspect."""

    aspect: GracesAspect
    count: int


class ReflectionLine(BaseModel):
    """The reflections at one stage, in one team, in one quarter."""

    stage: ReflectionStage
    team: str | None = Field(description="the pathway's team (none: not yet allocated)")
    quarter: str = Field(description="of the day the decision was made, e.g. 2026-Q4")
    reflections: int | None = Field(description="none when suppressed")
    checked_with_colleague: int | None
    checked_share: float | None
    aspects: list[AspectCount] = Field(description="empty when suppressed")
    suppressed: bool
    note: str | None = None


class StageRri(BaseModel):
    """The RRI of one ethnic group at a decision point of a reflection stage."""

    stage: ReflectionStage
    row: RriRow


class BiasReflectionReport(BaseModel):
    """Reflections by stage, team and quarter, with the RRI at the same stages."""

    report: str = "bias-reflections"
    cohort: Cohort
    min_count: int
    lines: list[ReflectionLine]
    rri_reference: str = Field(description="the reference group of the RRI beside")
    rri: list[StageRri]


_ETHNICITY = DIMENSION_COLUMNS["ethnicity"]


def _quarter(on: InstrumentedAttribute[date]) -> ColumnElement[str]:
    """The quarter of a day as text, e.g. 2026-Q4, in either database."""
    month = extract("month", on)
    quarter = case((month <= 3, "1"), (month <= 6, "2"), (month <= 9, "3"), else_="4")
    return cast(cast(extract("year", on), Integer), String) + "-Q" + quarter


def _sections(cohort: Cohort) -> list[Select[Any]]:
    """The reflections by decision, team and quarter, and the RRI's units at their stages.

    The decision points are those of `reports.disproportionality` (their bases and events as
    it defines them; a test holds the two to the same rows): a referral to each programme
    among pathways with an eligibility decision for it, an override among referrals, a
    breach taken to court among pathways with a failure to comply.
    """
    b = BiasReflectionRow
    as_text = cast(b.aspects_considered, String)
    # A JSON list of aspects: its text holds each aspect quoted, once or more (counted once).
    aspects = [number(as_text.like(f'%"{a.value}"%')) for a in GracesAspect]
    quarter = _quarter(b.on)
    lines = cohort.of(
        select(
            *tally(
                "lines",
                func.count(),
                number(b.colleague_consulted.is_(True)),
                *aspects,
                k1=b.decision,
                k2=PathwayRow.team,
                k3=quarter,
            )
        ).group_by(b.decision, PathwayRow.team, quarter),
        b.pathway_id,
    )
    referral = aliased(ReferralRow)
    made = exists().where(
        referral.pathway_id == DecisionRow.pathway_id, referral.programme == DecisionRow.programme
    )
    decided = cohort.of(
        select(
            *tally("referral", func.count(), number(made), k1=DecisionRow.programme, k2=_ETHNICITY)
        ).group_by(DecisionRow.programme, _ETHNICITY),
        DecisionRow.pathway_id,
    )
    overridden = cohort.of(
        select(
            *tally(
                "override",
                func.count(),
                number(ReferralRow.override_reason.is_not(None)),
                k2=_ETHNICITY,
            )
        ).group_by(_ETHNICITY),
        ReferralRow.pathway_id,
    )
    failed = select(ComplianceRow.pathway_id).where(ComplianceRow.kind == "failure")
    to_court = select(ComplianceRow.pathway_id).where(
        ComplianceRow.kind == "breach",
        (ComplianceRow.referred_to == BreachRoute.COURT.value)
        | ComplianceRow.outcome.in_([kind.value for kind in OrderChangeKind]),
    )
    breached = cohort.restrict(
        select(
            *tally(
                "breach_return",
                func.count(),
                number(PathwayRow.pathway_id.in_(to_court)),
                k2=_ETHNICITY,
            )
        )
        .where(PathwayRow.pathway_id.in_(failed))
        .group_by(_ETHNICITY)
    )
    return [lines, decided, overridden, breached]


def _rri(tallies: Tallies, min_count: int) -> list[StageRri]:
    """The RRI of each ethnic group against White at each decision point of a stage."""
    units: defaultdict[str, list[tuple[str | None, int, int]]] = defaultdict(list)
    for row in tallies.rows("referral"):
        units[f"referral_{row.k1}"].append((row.k2, row.n[1], row.n[0]))
    for point in ("override", "breach_return"):
        units[point] = [(row.k2, row.n[1], row.n[0]) for row in tallies.rows(point)]
    groups = GROUPS["ethnicity"]
    reference = DEFAULT_REFERENCE["ethnicity"]
    found = []
    for point, stage in RRI_POINTS.items():
        events: Counter[str] = Counter()
        base: Counter[str] = Counter()
        for value, n_events, n_base in units[point]:
            group = group_of_value("ethnicity", value)
            events[group] += n_events
            base[group] += n_base
        ref = Counts(events[reference], base[reference])
        for g in groups:
            compared = compare(
                point,
                g,
                Counts(events[g], base[g]),
                ref,
                is_reference=g == reference,
                min_count=min_count,
            )
            found.append(StageRri(stage=stage, row=compared))
    return found


def bias_reflections(
    session: Session, *, min_count: int = 5, **within: Unpack[Within]
) -> BiasReflectionReport:
    """Return the reflections read back over the cohort.

    Counted by the database in one statement (`reports.tally`): the reflections by decision,
    team and quarter (each decision's stage is then `stage_of` it), and the disproportionality
    report's units at the decision points of a stage.

    Raises:
        ValueError: `since` is after `until`, or `min_count` is negative.
    """
    if min_count < 0:
        raise ValueError(f"min_count must not be negative (got {min_count})")
    cohort = Cohort(**within)
    tallies = count_all(session, cohort, _sections)
    grouped: defaultdict[tuple[ReflectionStage, str | None, str], list[int]] = defaultdict(
        lambda: [0] * (2 + len(GracesAspect))
    )
    for row in tallies.rows("lines"):
        line = grouped[(stage_of(row.k1 or ""), row.k2, row.k3 or "")]
        for i, n in enumerate(row.n[: len(line)]):
            line[i] += n
    order = list(ReflectionStage)
    lines = []
    for (stage, team, quarter), counts in sorted(
        grouped.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1] or "", kv[0][2])
    ):
        reflections, checked, *aspects = counts
        if reflections < min_count:
            lines.append(
                ReflectionLine(
                    stage=stage,
                    team=team,
                    quarter=quarter,
                    reflections=None,
                    checked_with_colleague=None,
                    checked_share=None,
                    aspects=[],
                    suppressed=True,
                    note=f"suppressed: fewer than {min_count} reflections",
                )
            )
            continue
        lines.append(
            ReflectionLine(
                stage=stage,
                team=team,
                quarter=quarter,
                reflections=reflections,
                checked_with_colleague=checked,
                checked_share=share(checked, reflections),
                # Built without validation: thousands of lines nationally, ten counts each.
                aspects=[
                    AspectCount.model_construct(aspect=a, count=n)
                    for a, n in zip(GracesAspect, aspects, strict=True)
                ],
                suppressed=False,
            )
        )
    return BiasReflectionReport(
        cohort=cohort,
        min_count=min_count,
        lines=lines,
        rri_reference=DEFAULT_REFERENCE["ethnicity"],
        rri=_rri(tallies, min_count),
    )
