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
from typing import Unpack

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.referrals import GracesAspect
from contracts.reflections import ReflectionStage, stage_of
from readmodel.tables import BiasReflectionRow, PathwayRow
from reports.cohort import Cohort, Within, share
from reports.disproportionality import disproportionality
from reports.rri import RriRow

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


def _quarter(on: date) -> str:
    return f"{on.year}-Q{(on.month - 1) // 3 + 1}"


def bias_reflections(
    session: Session, *, min_count: int = 5, **within: Unpack[Within]
) -> BiasReflectionReport:
    """Return the reflections read back over the cohort.

    Raises:
        ValueError: `since` is after `until`, or `min_count` is negative.
    """
    if min_count < 0:
        raise ValueError(f"min_count must not be negative (got {min_count})")
    cohort = Cohort(**within)
    query = select(
        BiasReflectionRow.decision,
        BiasReflectionRow.on,
        BiasReflectionRow.aspects_considered,
        BiasReflectionRow.colleague_consulted,
        PathwayRow.team,
    )
    found = session.execute(cohort.of(query, BiasReflectionRow.pathway_id))
    grouped: defaultdict[tuple[ReflectionStage, str | None, str], list[tuple[list[str], bool]]]
    grouped = defaultdict(list)
    for decision, on, aspects, checked, team in found:
        grouped[(stage_of(decision), team, _quarter(on))].append((list(aspects), bool(checked)))
    order = list(ReflectionStage)
    lines = []
    for (stage, team, quarter), items in sorted(
        grouped.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1] or "", kv[0][2])
    ):
        if len(items) < min_count:
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
        checked = sum(c for _, c in items)
        counts = Counter(a for aspects, _ in items for a in set(aspects))
        lines.append(
            ReflectionLine(
                stage=stage,
                team=team,
                quarter=quarter,
                reflections=len(items),
                checked_with_colleague=checked,
                checked_share=share(checked, len(items)),
                # Built without validation: thousands of lines nationally, ten counts each.
                aspects=[
                    AspectCount.model_construct(aspect=a, count=counts[a.value])
                    for a in GracesAspect
                ],
                suppressed=False,
            )
        )
    rri = disproportionality(session, dimension="ethnicity", min_count=min_count, **within)
    beside = [
        StageRri(stage=RRI_POINTS[r.decision_point], row=r)
        for r in rri.rows
        if r.decision_point in RRI_POINTS
    ]
    return BiasReflectionReport(
        cohort=cohort,
        min_count=min_count,
        lines=lines,
        rri_reference=rri.reference,
        rri=beside,
    )
