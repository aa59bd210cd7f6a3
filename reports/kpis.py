"""Key performance indicators the read model supports, in the spirit of the YJB's KPIs.

Victims (identified, details received, opted out, contacted, consenting, taking part in
restorative justice), referrals to each programme through to completion, consistency of case
manager (per order, and per child across orders: `reports.children`), orders by disposal,
closures by reason, escalations, orders by offence group (with the offences whose code the
offence mapping could not classify), compliance and breach (`reports.compliance`), case
formulation with the orders closed without one (`reports.formulation`), restorative
enquiries, parent work and panels by what was done (`reports.restorative`), and the workforce
(clinical supervision on time, staff leaving, case manager changes per child:
`reports.workforce`), all over one cohort. A diversion pathway (issue 20) is not an order:
orders by disposal and by offence group count court orders only, and the out-of-court figures
are apart (`reports.diversion`, `KpiReport.diversion`); the figures about pathways (victims,
referrals to programmes, consistency, escalations) count both, and say so by `court_orders`
and `diversion_pathways` beside `pathways`.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Unpack

from pydantic import BaseModel, Field
from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from contracts.common import COURT_DISPOSALS, DisposalType, Programme, Step
from contracts.offences import OffenceGroup
from contracts.referrals import ReferralStatus
from contracts.steps import ClosureReason
from core.workdays import london_date
from readmodel.tables import OffenceRow, PathwayRow, ReferralRow, TaskRow, VictimRow
from reports.children import AcrossOrdersKpis, across_orders_in
from reports.cohort import Cohort, Within, share
from reports.compliance import ComplianceKpis, compliance
from reports.diversion import DiversionKpis, diversion_kpis
from reports.formulation import FormulationKpis
from reports.restorative import RestorativeKpis, restorative
from reports.workforce import ChildrenAndChanges, WorkforceKpis, workforce


class VictimKpis(BaseModel):
    """Victim engagement: voluntary, so these are counts of what victims chose, not targets."""

    identified: int = Field(description="pathways with an identified direct victim")
    # From here on, victims, not pathways: an order may have several (ADR 0120).
    details_received: int = Field(description="victims whose details the police passed")
    opted_out: int = Field(description="victims who objected to contact (never contacted)")
    contacted: int = Field(description="contact recorded (consented, declined or no response)")
    consenting: int = Field(
        description="victims who consented to restorative work (at first or after declining), "
        "a later withdrawal included"
    )
    taking_part: int = Field(description="victims who took part: a restorative option chosen")
    consenting_share: float | None = Field(description="consenting / contacted")
    taking_part_share: float | None = Field(
        description="victims engaged in restorative justice: taking_part / consenting (the "
        "victims who consented are the denominator: taking part is only theirs to choose)"
    )
    withdrew: int = Field(default=0, description="victims who withdrew from victim work")
    told_work_ended: int = Field(
        default=0, description="participating victims told the restorative work has ended"
    )


class ReferralKpis(BaseModel):
    """Referrals to one programme; `made` counts every referral, proposed ones included."""

    programme: Programme
    made: int
    proposed: int = Field(description="proposed and not yet sent to the provider")
    overridden: int = Field(description="made against the rules, with a written reason")
    declined: int = Field(description="declined by the provider")
    started: int = Field(description="ever started (started, completed or disengaged after)")
    completed: int
    disengaged: int
    sessions_attended: int = Field(default=0, description="programme sessions attended")
    sessions_missed: int = Field(default=0, description="sessions missed, for any reason")
    sessions_missed_unexcused: int = Field(
        default=0, description="of them, missed without an acceptable reason"
    )
    with_parent_or_carer: int = Field(
        default=0, description="referrals where a parent, carer or the mother takes part"
    )


class ConsistencyKpis(BaseModel):
    """Children who kept one case manager (no reallocation after the first allocation)."""

    closed: int = Field(description="closed pathways")
    closed_kept_one: int
    closed_share: float | None
    allocated: int = Field(description="every allocated pathway, open or closed")
    allocated_kept_one: int
    allocated_share: float | None


class Count(BaseModel):
    """A count of one kind of thing."""

    key: str
    count: int


class EscalationKpis(BaseModel):
    """Tasks escalated to supervisors (2 working days overdue)."""

    tasks: int
    pathways: int
    by_step: list[Count]


class OffenceKpis(BaseModel):
    """Orders by the offence groups of the youth justice statistics (`contracts.offences`)."""

    orders_with_offences: int = Field(
        description="orders whose offences Pathway holds (none for orders started before it did)"
    )
    by_group: list[Count] = Field(
        description="orders with at least one offence in each group: an order counts in each of "
        "its groups"
    )
    unclassified_offences: int = Field(
        description="offences whose code the offence mapping could not classify"
    )


class KpiReport(BaseModel):
    """The KPIs of a cohort of pathways."""

    report: str = "kpis"
    cohort: Cohort
    pathways: int = Field(description="court orders and diversion pathways")
    court_orders: int = Field(default=0, description="pathways of a court order")
    diversion_pathways: int = Field(default=0, description="pathways of a diversion referral")
    victims: VictimKpis
    referrals: list[ReferralKpis]
    consistency: ConsistencyKpis
    orders_by_disposal: list[Count] = Field(description="court orders only")
    closures_by_reason: list[Count]
    escalations: EscalationKpis
    offences: OffenceKpis
    across_orders: AcrossOrdersKpis = Field(
        description="consistency of case manager per child across the child's orders"
    )
    compliance: ComplianceKpis  # failures, warnings, breaches by route and outcome
    workforce: WorkforceKpis = Field(
        description="clinical supervision of staff on time, staff leaving, case manager changes "
        "per child (`reports.workforce`)"
    )
    restorative: RestorativeKpis  # enquiries, parent work and panels (`reports.restorative`)
    formulation: FormulationKpis = Field(
        default_factory=FormulationKpis,
        description="case formulations recorded and revised; closures without one (issue 18)",
    )
    diversion: DiversionKpis = Field(
        default_factory=DiversionKpis,
        description="diversion referrals, the joint decision panel's decisions, youth "
        "conditional cautions' conditions, plans (issue 20, `reports.diversion`)",
    )


_COURT = [d.value for d in COURT_DISPOSALS]


def _victims(session: Session, cohort: Cohort, identified: int) -> VictimKpis:
    columns = select(
        VictimRow.consent,
        VictimRow.ever_consented,
        VictimRow.option,
        VictimRow.details_received_on,
        VictimRow.stage,
        VictimRow.told_work_ended_on,
    )
    rows = list(session.execute(cohort.of(columns, VictimRow.pathway_id)))
    contacted = sum(1 for v in rows if v.consent is not None)
    # What was really done: ever consented (a withdrawal after keeps it), an option chosen.
    consenting = sum(1 for v in rows if v.ever_consented or v.consent == "consented")
    taking_part = sum(1 for v in rows if v.option is not None)
    return VictimKpis(
        identified=identified,
        details_received=sum(1 for v in rows if v.details_received_on is not None),
        opted_out=sum(1 for v in rows if v.stage == "opted_out"),
        contacted=contacted,
        consenting=consenting,
        taking_part=taking_part,
        consenting_share=share(consenting, contacted),
        taking_part_share=share(taking_part, consenting),
        withdrew=sum(1 for v in rows if v.stage == "withdrawn"),
        told_work_ended=sum(1 for v in rows if v.told_work_ended_on is not None),
    )


def _referrals(session: Session, cohort: Cohort) -> list[ReferralKpis]:
    columns = select(
        ReferralRow.programme,
        ReferralRow.status,
        ReferralRow.override_reason,
        ReferralRow.started_on,
        ReferralRow.sessions_attended,
        ReferralRow.sessions_missed,
        ReferralRow.sessions_missed_unexcused,
        ReferralRow.participants,
    )
    rows = list(session.execute(cohort.of(columns, ReferralRow.pathway_id)))
    out = []
    for programme in Programme:
        mine = [r for r in rows if r.programme == programme.value]
        status = Counter(r.status for r in mine)
        out.append(
            ReferralKpis(
                programme=programme,
                made=len(mine),
                proposed=status[ReferralStatus.PROPOSED.value],
                overridden=sum(1 for r in mine if r.override_reason is not None),
                declined=status[ReferralStatus.DECLINED.value],
                started=sum(1 for r in mine if r.started_on is not None),
                completed=status[ReferralStatus.COMPLETED.value],
                disengaged=status[ReferralStatus.DISENGAGED.value],
                sessions_attended=sum(r.sessions_attended for r in mine),
                sessions_missed=sum(r.sessions_missed for r in mine),
                sessions_missed_unexcused=sum(r.sessions_missed_unexcused for r in mine),
                with_parent_or_carer=sum(
                    1 for r in mine if {"parent_or_carer", "mother"} & set(r.participants or [])
                ),
            )
        )
    return out


@dataclass
class _PathwayCounts:
    """What the KPIs count of the cohort's pathways themselves, counted by the database."""

    pathways: int = 0
    has_victim: int = 0
    closed: int = 0
    closed_kept_one: int = 0
    allocated: int = 0
    allocated_kept_one: int = 0
    changes: int = 0
    children: int = 0
    with_formulation: int = 0
    revised: int = 0
    closed_without_formulation: int = 0
    disposals: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)

    def consistency(self) -> ConsistencyKpis:
        return ConsistencyKpis(
            closed=self.closed,
            closed_kept_one=self.closed_kept_one,
            closed_share=share(self.closed_kept_one, self.closed),
            allocated=self.allocated,
            allocated_kept_one=self.allocated_kept_one,
            allocated_share=share(self.allocated_kept_one, self.allocated),
        )

    def formulation(self) -> FormulationKpis:
        return FormulationKpis(
            with_formulation=self.with_formulation,
            revised=self.revised,
            closed=self.closed,
            closed_without_formulation=self.closed_without_formulation,
        )


def _pathway_counts(session: Session, cohort: Cohort) -> _PathwayCounts:
    """Count the cohort's pathways by disposal and closure reason, and their facts, in SQL.

    The same figures `_consistency`, `reports.formulation` and `reports.workforce` count from
    a list of pathways, without fetching a national cohort's hundreds of thousands of rows.
    """

    def number(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.sum(case((condition, 1), else_=0))

    closed = PathwayRow.closure_reason.is_not(None)
    kept = PathwayRow.case_manager_changes == 0
    allocated = PathwayRow.caseworker.is_not(None)
    query = cohort.restrict(
        select(
            PathwayRow.disposal,
            PathwayRow.closure_reason,
            func.count(),
            number(PathwayRow.has_victim.is_(True)),
            number(closed & kept),
            number(allocated),
            number(allocated & kept),
            func.sum(PathwayRow.case_manager_changes),
            number(
                PathwayRow.formulation_version.is_not(None) & (PathwayRow.formulation_version != 0)
            ),
            number(PathwayRow.formulation_version >= 2),
            number(PathwayRow.closed_without_formulation.is_(True)),
        ).group_by(PathwayRow.disposal, PathwayRow.closure_reason)
    )
    counts = _PathwayCounts()
    for row in session.execute(query):
        disposal, reason, n, victim, closed_kept, alloc, alloc_kept, changes, *rest = row
        with_formulation, revised, without = rest
        counts.pathways += n
        counts.disposals[disposal] += n
        if reason is not None:
            counts.reasons[reason] += n
            counts.closed += n
        counts.has_victim += int(victim)
        counts.closed_kept_one += int(closed_kept)
        counts.allocated += int(alloc)
        counts.allocated_kept_one += int(alloc_kept)
        counts.changes += int(changes or 0)
        counts.with_formulation += int(with_formulation)
        counts.revised += int(revised)
        counts.closed_without_formulation += int(without)
    children = cohort.restrict(select(func.count(distinct(PathwayRow.child_id))))
    counts.children = session.scalar(children) or 0
    return counts


def _escalations(session: Session, cohort: Cohort) -> EscalationKpis:
    # Counted by the database: a national cohort escalates a hundred thousand tasks.
    escalated = TaskRow.escalated.is_(True)
    by_step = select(TaskRow.step, func.count()).where(escalated).group_by(TaskRow.step)
    steps: Counter[str] = Counter(
        {step: n for step, n in session.execute(cohort.of(by_step, TaskRow.pathway_id))}
    )
    pathways = select(func.count(distinct(TaskRow.pathway_id))).where(escalated)
    return EscalationKpis(
        tasks=steps.total(),
        pathways=session.scalar(cohort.of(pathways, TaskRow.pathway_id)) or 0,
        by_step=[Count(key=s.value, count=steps[s.value]) for s in Step if steps[s.value]],
    )


def _offences(session: Session, cohort: Cohort) -> OffenceKpis:
    # Counted by the database: a national cohort's offences number a hundred thousand or more.
    query = select(
        OffenceRow.offence_group, func.count(distinct(OffenceRow.pathway_id)), func.count()
    ).group_by(OffenceRow.offence_group)
    court = PathwayRow.disposal.in_(_COURT)  # a diversion pathway is no order
    rows = list(session.execute(cohort.of(query, OffenceRow.pathway_id).where(court)))
    orders = select(func.count(distinct(OffenceRow.pathway_id)))
    groups = {group: n for group, n, _ in rows}
    return OffenceKpis(
        orders_with_offences=session.scalar(cohort.of(orders, OffenceRow.pathway_id).where(court))
        or 0,
        by_group=[Count(key=g.value, count=groups.get(g.value, 0)) for g in OffenceGroup],
        unclassified_offences=sum(n for g, _, n in rows if g == OffenceGroup.UNCLASSIFIED.value),
    )


def kpis(
    session: Session,
    *,
    staff_interval_months: int = 1,
    today: date | None = None,
    **within: Unpack[Within],
) -> KpiReport:
    """Return the KPIs of the cohort.

    Args:
        session: a read-model session.
        staff_interval_months: how often each case manager's clinical supervision falls due.
        today: the day the period ends at the latest (default: today in London).
        **within: the cohort (`Cohort`: by default, every pathway).

    Raises:
        ValueError: `since` is after `until`.
    """
    cohort = Cohort(**within)
    counted = _pathway_counts(session, cohort)
    return KpiReport(
        cohort=cohort,
        pathways=counted.pathways,
        court_orders=sum(counted.disposals[d] for d in _COURT),
        diversion_pathways=counted.disposals[DisposalType.DIVERSION.value],
        victims=_victims(session, cohort, counted.has_victim),
        referrals=_referrals(session, cohort),
        consistency=counted.consistency(),
        orders_by_disposal=[Count(key=d, count=counted.disposals[d]) for d in _COURT],
        closures_by_reason=[
            Count(key=r.value, count=counted.reasons[r.value]) for r in ClosureReason
        ],
        escalations=_escalations(session, cohort),
        offences=_offences(session, cohort),
        across_orders=across_orders_in(session, cohort),
        compliance=compliance(session, cohort),
        workforce=workforce(
            session,
            cohort,
            ChildrenAndChanges(counted.children, counted.changes),
            today or london_date(datetime.now(UTC)),
            interval_months=staff_interval_months,
        ),
        restorative=restorative(session, cohort),
        formulation=counted.formulation(),
        diversion=diversion_kpis(session, cohort),
    )
