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
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select

from contracts.diversion import DiversionSource, PanelOutcome
from readmodel.tables import DiversionRow, PathwayRow
from reports.cohort import Cohort, share
from reports.tally import Tallies, number, tally


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


def tallies(cohort: Cohort) -> list[Select[Any]]:
    """The cohort's diversion referrals counted by who referred and the panel's decision."""
    d = DiversionRow
    counted = (
        select(
            *tally(
                "diversion",
                func.count(),
                func.coalesce(func.sum(d.conditions), 0),
                func.coalesce(func.sum(d.conditions_complied), 0),
                func.coalesce(func.sum(d.conditions_not_complied), 0),
                number(d.conditions_not_complied != 0),
                func.count(d.plan_agreed_on),
                func.count(d.exit_plan_on),
                k1=d.source,
                k2=d.outcome,
            )
        )
        .join(PathwayRow, PathwayRow.pathway_id == d.pathway_id)
        .group_by(d.source, d.outcome)
    )
    return [cohort.restrict(counted)]


def from_tallies(tallies: Tallies, sent_to_police: int) -> DiversionKpis:
    """The cohort's diversion referrals, decisions, conditions and plans, from `tallies`' counts.

    Args:
        tallies: what `tallies` counted.
        sent_to_police: the cohort's tasks sending a condition not complied with to the police,
            done.
    """
    sources: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    set_ = complied = not_complied = with_not_complied = plans = exits = 0
    for row in tallies.rows("diversion"):
        n, conditions, yes, no, some_not, plan, exit_plan = row.n[:7]
        sources[row.k1 or ""] += n
        if row.k2 is not None:
            outcomes[row.k2] += n
        set_, complied, not_complied = set_ + conditions, complied + yes, not_complied + no
        with_not_complied += some_not
        plans, exits = plans + plan, exits + exit_plan
    referrals, decided = sources.total(), outcomes.total()
    return DiversionKpis(
        referrals=referrals,
        by_source=[Tally(key=s.value, count=sources[s.value]) for s in DiversionSource],
        decided=decided,
        awaiting_decision=referrals - decided,
        by_outcome=[Tally(key=o.value, count=outcomes[o.value]) for o in PanelOutcome],
        diverted_share=share(decided - outcomes[PanelOutcome.CHARGE.value], decided),
        conditions=set_,
        conditions_complied=complied,
        conditions_not_complied=not_complied,
        conditions_open=set_ - complied - not_complied,
        referrals_with_condition_not_complied=with_not_complied,
        sent_to_police=sent_to_police,
        plans_agreed=plans,
        exit_plans=exits,
    )
