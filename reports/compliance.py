"""Compliance and breach over a cohort: failures, warnings, breaches by route and by outcome.

The rows are `readmodel.tables.ComplianceRow`, projected from `workflows.breach`'s state. A
breach is counted once, by the route it took (the youth offender panel for a referral order,
the court for a youth rehabilitation order or a DTO's supervision; `not_yet` before breach
action) and by its outcome (the court's decision, or the panel continuing the contract; `open`
while undecided). The court's decisions on orders are counted whether or not a breach led to
them (an extension, or a revocation for good progress, may come on application).
"""

from collections import Counter
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Select, distinct, func, select

from contracts.breach import BreachRoute, OrderChangeKind
from readmodel.tables import ComplianceRow, PathwayRow
from reports.cohort import Cohort
from reports.tally import Tallies, number, tally

NOT_YET, OPEN, PANEL_CONTINUED = "not_yet", "open", "panel_continued"
ROUTES = [r.value for r in BreachRoute] + [NOT_YET]
OUTCOMES = [k.value for k in OrderChangeKind] + [PANEL_CONTINUED, OPEN]


class Tally(BaseModel):
    """A count of one kind of breach, route, outcome or decision."""

    key: str
    count: int


class ComplianceKpis(BaseModel):
    """Failures to comply, warnings and breaches in the cohort."""

    failures: int = Field(description="failures to comply recorded")
    failures_excused: int = Field(description="of which the child had a reasonable excuse")
    warnings: int = Field(description="warnings given")
    breaches: int = Field(description="breaches: a failure within the warned period of a warning")
    pathways_with_breach: int
    breaches_by_route: list[Tally] = Field(description="panel, court, or not_yet (no action yet)")
    breaches_by_outcome: list[Tally] = Field(
        description="the court's decision, panel_continued, or open (not yet decided)"
    )
    court_decisions: list[Tally] = Field(description="every decision of a court on an order")


def tallies(cohort: Cohort) -> list[Select[Any]]:
    """The cohort's compliance records counted by kind and outcome, and pathways in breach."""
    route = ComplianceRow.referred_to
    by_kind = (
        select(
            *tally(
                "compliance",
                func.count(),
                number(ComplianceRow.reasonable_excuse.is_(True)),
                number(route.is_(None)),
                *(number(route == r.value) for r in BreachRoute),
                k1=ComplianceRow.kind,
                k2=ComplianceRow.outcome,
            )
        )
        .join(PathwayRow, PathwayRow.pathway_id == ComplianceRow.pathway_id)
        .group_by(ComplianceRow.kind, ComplianceRow.outcome)
    )
    breached = (
        select(*tally("compliance_breached", func.count(distinct(ComplianceRow.pathway_id))))
        .join(PathwayRow, PathwayRow.pathway_id == ComplianceRow.pathway_id)
        .where(ComplianceRow.kind == "breach")
    )
    return [cohort.restrict(by_kind), cohort.restrict(breached)]


def from_tallies(tallies: Tallies) -> ComplianceKpis:
    """The cohort's failures, warnings, breaches and court decisions, from `tallies`' counts."""
    rows = tallies.rows("compliance")
    kinds: Counter[str] = Counter()
    excused = 0
    routes: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    decisions: Counter[str] = Counter()
    for row in rows:
        n, with_excuse, not_yet, *by_route = row.n[: 3 + len(BreachRoute)]
        kinds[row.k1 or ""] += n
        if row.k1 == "failure":
            excused += with_excuse
        elif row.k1 == "breach":
            outcomes[row.k2 or OPEN] += n
            routes[NOT_YET] += not_yet
            for r, counted in zip(BreachRoute, by_route, strict=True):
                routes[r.value] += counted
        elif row.k1 == "order_change" and row.k2 is not None:
            decisions[row.k2] += n
    return ComplianceKpis(
        failures=kinds["failure"],
        failures_excused=excused,
        warnings=kinds["warning"],
        breaches=kinds["breach"],
        pathways_with_breach=tallies.one("compliance_breached")[0],
        breaches_by_route=[Tally(key=k, count=routes[k]) for k in ROUTES],
        breaches_by_outcome=[Tally(key=k, count=outcomes[k]) for k in OUTCOMES],
        court_decisions=[Tally(key=k.value, count=decisions[k.value]) for k in OrderChangeKind],
    )
