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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Unpack

from pydantic import BaseModel, Field
from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    String,
    cast,
    distinct,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from contracts.common import COURT_DISPOSALS, DisposalType, Programme, Step, TaskStatus
from contracts.offences import OffenceGroup
from contracts.referrals import ReferralStatus
from contracts.steps import ClosureReason
from core.workdays import london_date
from readmodel.tables import OffenceRow, PathwayRow, ReferralRow, TaskRow, VictimRow
from reports import children, compliance, diversion, restorative
from reports.children import AcrossOrdersKpis
from reports.cohort import Cohort, Within, share
from reports.compliance import ComplianceKpis
from reports.diversion import DiversionKpis
from reports.formulation import FormulationKpis
from reports.restorative import RestorativeKpis
from reports.tally import WIDTH, Tallies, count_all, number, tally
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


def consenting(
    ever_consented: SQLColumnExpression[Any], consent: SQLColumnExpression[Any]
) -> ColumnElement[bool]:
    """A victim who consented to restorative work, as KPI 10's denominator counts them too.

    What was really done: consenting once is consenting (a withdrawal after keeps it).
    """
    return ever_consented.is_(True) | (consent == "consented")


def _victim_tallies(cohort: Cohort) -> Select[Any]:
    v = VictimRow
    counted = select(
        *tally(
            "victims",
            number(v.details_received_on.is_not(None)),
            number(v.stage == "opted_out"),
            number(v.consent.is_not(None)),
            number(consenting(v.ever_consented, v.consent)),  # taking part: an option chosen
            number(v.option.is_not(None)),
            number(v.stage == "withdrawn"),
            number(v.told_work_ended_on.is_not(None)),
        )
    )
    return cohort.of(counted, v.pathway_id)


def _victim_sections(cohort: Cohort) -> list[Select[Any]]:
    return [_victim_tallies(cohort)]


def _victims_from(counts: Sequence[int], identified: int) -> VictimKpis:
    details, opted_out, contacted, consenting, taking_part, withdrew, told = counts[:7]
    return VictimKpis(
        identified=identified,
        details_received=details,
        opted_out=opted_out,
        contacted=contacted,
        consenting=consenting,
        taking_part=taking_part,
        consenting_share=share(consenting, contacted),
        taking_part_share=share(taking_part, consenting),
        withdrew=withdrew,
        told_work_ended=told,
    )


def _victims(session: Session, cohort: Cohort, identified: int) -> VictimKpis:
    """The victims of the cohort's pathways (`identified`: pathways with one, counted before)."""
    counts = count_all(session, cohort, _victim_sections).one("victims")
    return _victims_from(counts, identified)


def _referral_tallies(cohort: Cohort) -> Select[Any]:
    r = ReferralRow
    carer = ["parent_or_carer", "mother"]
    # A JSON list of roles: its text holds each role quoted, so `"mother"` matches that role only.
    with_carer = or_(*(cast(r.participants, String).like(f'%"{role}"%') for role in carer))
    counted = (
        select(
            *tally(
                "referrals",
                func.count(),
                number(r.status == ReferralStatus.PROPOSED.value),
                number(r.override_reason.is_not(None)),
                number(r.status == ReferralStatus.DECLINED.value),
                number(r.started_on.is_not(None)),
                number(r.status == ReferralStatus.COMPLETED.value),
                number(r.status == ReferralStatus.DISENGAGED.value),
                func.coalesce(func.sum(r.sessions_attended), 0),
                func.coalesce(func.sum(r.sessions_missed), 0),
                func.coalesce(func.sum(r.sessions_missed_unexcused), 0),
                number(with_carer),
                k1=r.programme,
            )
        )
        .join(PathwayRow, PathwayRow.pathway_id == r.pathway_id)
        .group_by(r.programme)
    )
    return cohort.restrict(counted)


def _referrals_from(tallies: Tallies) -> list[ReferralKpis]:
    by_programme = {row.k1: row.n for row in tallies.rows("referrals")}
    out = []
    for programme in Programme:
        n = by_programme.get(programme.value, (0,) * WIDTH)
        out.append(
            ReferralKpis(
                programme=programme,
                made=n[0],
                proposed=n[1],
                overridden=n[2],
                declined=n[3],
                started=n[4],
                completed=n[5],
                disengaged=n[6],
                sessions_attended=n[7],
                sessions_missed=n[8],
                sessions_missed_unexcused=n[9],
                with_parent_or_carer=n[10],
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


def _pathway_tallies(cohort: Cohort) -> list[Select[Any]]:
    """The cohort's pathways by disposal and closure reason, with their facts, and children.

    The same figures `_consistency`, `reports.formulation` and `reports.workforce` count from
    a list of pathways, without fetching a national cohort's hundreds of thousands of rows.
    """
    p = PathwayRow
    kept = p.case_manager_changes == 0
    allocated = p.caseworker.is_not(None)
    by_disposal = select(
        *tally(
            "pathways",
            func.count(),
            number(p.has_victim.is_(True)),
            number(p.closure_reason.is_not(None) & kept),
            number(allocated),
            number(allocated & kept),
            func.coalesce(func.sum(p.case_manager_changes), 0),
            number(p.formulation_version.is_not(None) & (p.formulation_version != 0)),
            number(p.formulation_version >= 2),
            number(p.closed_without_formulation.is_(True)),
            k1=p.disposal,
            k2=p.closure_reason,
        )
    ).group_by(p.disposal, p.closure_reason)
    children = select(*tally("children", func.count(distinct(p.child_id))))
    return [cohort.restrict(by_disposal), cohort.restrict(children)]


def _pathway_counts_from(tallies: Tallies) -> _PathwayCounts:
    counts = _PathwayCounts(children=tallies.one("children")[0])
    for row in tallies.rows("pathways"):
        n, victim, closed_kept, alloc, alloc_kept, changes, with_formulation, revised, without = (
            row.n[:9]
        )
        counts.pathways += n
        counts.disposals[row.k1 or ""] += n
        if row.k2 is not None:
            counts.reasons[row.k2] += n
            counts.closed += n
        counts.has_victim += victim
        counts.closed_kept_one += closed_kept
        counts.allocated += alloc
        counts.allocated_kept_one += alloc_kept
        counts.changes += changes
        counts.with_formulation += with_formulation
        counts.revised += revised
        counts.closed_without_formulation += without
    return counts


def _task_tallies(cohort: Cohort) -> list[Select[Any]]:
    # Counted by the database: a national cohort escalates a hundred thousand tasks. By step:
    # escalated (the KPI), done (a diversion's non-compliance sent to the police), not done
    # (parent restorative work cancelled).
    t = TaskRow
    by_step = (
        select(
            *tally(
                "tasks",
                number(t.escalated.is_(True)),
                number(t.status == TaskStatus.DONE.value),
                number(t.not_done.is_(True)),
                k1=t.step,
            )
        )
        .join(PathwayRow, PathwayRow.pathway_id == t.pathway_id)
        .group_by(t.step)
    )
    escalated = (
        select(*tally("escalated_pathways", func.count(distinct(t.pathway_id))))
        .join(PathwayRow, PathwayRow.pathway_id == t.pathway_id)
        .where(t.escalated.is_(True))
    )
    return [cohort.restrict(by_step), cohort.restrict(escalated)]


def _escalations_from(tallies: Tallies) -> EscalationKpis:
    steps: Counter[str] = Counter({row.k1 or "": row.n[0] for row in tallies.rows("tasks")})
    return EscalationKpis(
        tasks=steps.total(),
        pathways=tallies.one("escalated_pathways")[0],
        by_step=[Count(key=s.value, count=steps[s.value]) for s in Step if steps[s.value]],
    )


def _step_count(tallies: Tallies, step: Step, column: int) -> int:
    return sum(row.n[column] for row in tallies.rows("tasks") if row.k1 == step.value)


def _offence_tallies(cohort: Cohort) -> list[Select[Any]]:
    # Counted by the database: a national cohort's offences number a hundred thousand or more.
    o = OffenceRow
    court = PathwayRow.disposal.in_(_COURT)  # a diversion pathway is no order
    by_group = (
        select(
            *tally(
                "offences",
                func.count(distinct(o.pathway_id)),
                func.count(),
                k1=o.offence_group,
            )
        )
        .join(PathwayRow, PathwayRow.pathway_id == o.pathway_id)
        .where(court)
        .group_by(o.offence_group)
    )
    orders = (
        select(*tally("orders_with_offences", func.count(distinct(o.pathway_id))))
        .join(PathwayRow, PathwayRow.pathway_id == o.pathway_id)
        .where(court)
    )
    return [cohort.restrict(by_group), cohort.restrict(orders)]


def _offences_from(tallies: Tallies) -> OffenceKpis:
    groups = {row.k1: row.n for row in tallies.rows("offences")}
    unclassified = groups.get(OffenceGroup.UNCLASSIFIED.value)
    return OffenceKpis(
        orders_with_offences=tallies.one("orders_with_offences")[0],
        by_group=[
            Count(key=g.value, count=groups[g.value][0] if g.value in groups else 0)
            for g in OffenceGroup
        ],  # fmt: skip
        unclassified_offences=unclassified[1] if unclassified else 0,
    )


def _sections(cohort: Cohort) -> list[Select[Any]]:
    """Every section the KPIs count in the database, over the cohort."""
    return [
        *_pathway_tallies(cohort),
        _victim_tallies(cohort),
        _referral_tallies(cohort),
        *_task_tallies(cohort),
        *_offence_tallies(cohort),
        *children.tallies(cohort),
        *compliance.tallies(cohort),
        *restorative.tallies(cohort),
        *diversion.tallies(cohort),
    ]


def kpis(
    session: Session,
    *,
    staff_interval_months: int = 1,
    today: date | None = None,
    **within: Unpack[Within],
) -> KpiReport:
    """Return the KPIs of the cohort.

    Every section counts in the database, in one statement (`reports.tally`); the workforce's
    supervisions are then worked out from the staff's records (`reports.workforce`).

    Args:
        session: a read-model session.
        staff_interval_months: how often each case manager's clinical supervision falls due.
        today: the day the period ends at the latest (default: today in London).
        **within: the cohort (`Cohort`: by default, every pathway).

    Raises:
        ValueError: `since` is after `until`.
    """
    cohort = Cohort(**within)
    tallies = count_all(session, cohort, _sections)
    counted = _pathway_counts_from(tallies)
    return KpiReport(
        cohort=cohort,
        pathways=counted.pathways,
        court_orders=sum(counted.disposals[d] for d in _COURT),
        diversion_pathways=counted.disposals[DisposalType.DIVERSION.value],
        victims=_victims_from(tallies.one("victims"), counted.has_victim),
        referrals=_referrals_from(tallies),
        consistency=counted.consistency(),
        orders_by_disposal=[Count(key=d, count=counted.disposals[d]) for d in _COURT],
        closures_by_reason=[
            Count(key=r.value, count=counted.reasons[r.value]) for r in ClosureReason
        ],
        escalations=_escalations_from(tallies),
        offences=_offences_from(tallies),
        across_orders=children.from_tallies(tallies),
        compliance=compliance.from_tallies(tallies),
        workforce=workforce(
            session,
            cohort,
            ChildrenAndChanges(counted.children, counted.changes),
            today or london_date(datetime.now(UTC)),
            interval_months=staff_interval_months,
        ),
        restorative=restorative.from_tallies(
            tallies, _step_count(tallies, Step.PARENT_RESTORATIVE_WORK, 2)
        ),
        formulation=counted.formulation(),
        diversion=diversion.from_tallies(
            tallies, _step_count(tallies, Step.NONCOMPLIANCE_TO_POLICE, 1)
        ),
    )
