"""Out-of-court figures of a cohort: diversion referrals, the panel's decisions, conditions.

What a service reports of its out-of-court work (Youth Justice Board, "Key performance
indicators" guidance, 2023: the "out-of-court disposals" KPI counts the disposals and their
completion): referrals received by who referred, the joint decision panel's decisions by
outcome and how many await one, a youth conditional caution's conditions by how they went,
conditions not complied with sent back to the police, and plans and exit plans agreed. Kept
apart from the court orders' figures (`KpiReport.orders_by_disposal`): a diversion pathway is
not an order. The cohort is the referrals received in the period (a diversion pathway's
`made_on` is its referral's date).
"""

from collections import Counter

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.common import Step, TaskStatus
from contracts.diversion import DiversionSource, PanelOutcome
from readmodel.tables import DiversionRow, TaskRow
from reports.cohort import Cohort, share


class Tally(BaseModel):
    """A count of one kind of referral or decision."""

    key: str
    count: int


class DiversionKpis(BaseModel):
    """The cohort's diversion referrals and what became of them."""

    referrals: int = Field(default=0, description="diversion referrals received in the period")
    by_source: list[Tally] = Field(default_factory=list, description="who referred the child")
    decided: int = Field(default=0, description="referrals the joint decision panel decided")
    awaiting_decision: int = Field(default=0, description="referrals not yet decided")
    by_outcome: list[Tally] = Field(default_factory=list, description="the panel's decisions")
    diverted_share: float | None = Field(
        default=None, description="decisions not to charge, as a share of decisions"
    )
    conditions: int = Field(default=0, description="youth conditional cautions' conditions set")
    conditions_complied: int = 0
    conditions_not_complied: int = 0
    conditions_open: int = Field(default=0, description="not yet known either way")
    referrals_with_condition_not_complied: int = 0
    sent_to_police: int = Field(
        default=0, description="conditions not complied with, sent back to the police"
    )
    plans_agreed: int = Field(default=0, description="diversion plans agreed with the child")
    exit_plans: int = Field(default=0, description="exit plans agreed")


def diversion_kpis(session: Session, cohort: Cohort) -> DiversionKpis:
    """Count the cohort's diversion referrals, decisions, conditions and plans."""
    rows = list(session.scalars(cohort.of(select(DiversionRow), DiversionRow.pathway_id)))
    sources = Counter(r.source for r in rows)
    outcomes = Counter(r.outcome for r in rows if r.outcome is not None)
    decided = sum(outcomes.values())
    police = select(TaskRow.pathway_id).where(
        TaskRow.step == Step.NONCOMPLIANCE_TO_POLICE.value,
        TaskRow.status == TaskStatus.DONE.value,
    )
    sent = list(session.scalars(cohort.of(police, TaskRow.pathway_id)))
    set_, complied = sum(r.conditions for r in rows), sum(r.conditions_complied for r in rows)
    not_complied = sum(r.conditions_not_complied for r in rows)
    return DiversionKpis(
        referrals=len(rows),
        by_source=[Tally(key=s.value, count=sources[s.value]) for s in DiversionSource],
        decided=decided,
        awaiting_decision=len(rows) - decided,
        by_outcome=[Tally(key=o.value, count=outcomes[o.value]) for o in PanelOutcome],
        diverted_share=share(decided - outcomes[PanelOutcome.CHARGE.value], decided),
        conditions=set_,
        conditions_complied=complied,
        conditions_not_complied=not_complied,
        conditions_open=set_ - complied - not_complied,
        referrals_with_condition_not_complied=sum(1 for r in rows if r.conditions_not_complied),
        sent_to_police=len(sent),
        plans_agreed=sum(1 for r in rows if r.plan_agreed_on is not None),
        exit_plans=sum(1 for r in rows if r.exit_plan_on is not None),
    )
