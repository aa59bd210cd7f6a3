"""Compliance and breach over a cohort: failures, warnings, breaches by route and by outcome.

The rows are `readmodel.tables.ComplianceRow`, projected from `workflows.breach`'s state. A
breach is counted once, by the route it took (the youth offender panel for a referral order,
the court for a youth rehabilitation order or a DTO's supervision; `not_yet` before breach
action) and by its outcome (the court's decision, or the panel continuing the contract; `open`
while undecided). The court's decisions on orders are counted whether or not a breach led to
them (an extension, or a revocation for good progress, may come on application).
"""

from collections import Counter

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.breach import BreachRoute, OrderChangeKind
from readmodel.tables import ComplianceRow
from reports.cohort import Cohort

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


def compliance(session: Session, cohort: Cohort) -> ComplianceKpis:
    """Count the cohort's failures, warnings, breaches and court decisions."""
    query = select(
        ComplianceRow.pathway_id,
        ComplianceRow.kind,
        ComplianceRow.reasonable_excuse,
        ComplianceRow.referred_to,
        ComplianceRow.outcome,
    )
    rows = list(session.execute(cohort.of(query, ComplianceRow.pathway_id)))
    failures = [r for r in rows if r.kind == "failure"]
    breaches = [r for r in rows if r.kind == "breach"]
    routes = Counter(r.referred_to or NOT_YET for r in breaches)
    outcomes = Counter(r.outcome or OPEN for r in breaches)
    decisions = Counter(r.outcome for r in rows if r.kind == "order_change")
    return ComplianceKpis(
        failures=len(failures),
        failures_excused=sum(1 for r in failures if r.reasonable_excuse),
        warnings=sum(1 for r in rows if r.kind == "warning"),
        breaches=len(breaches),
        pathways_with_breach=len({r.pathway_id for r in breaches}),
        breaches_by_route=[Tally(key=k, count=routes[k]) for k in ROUTES],
        breaches_by_outcome=[Tally(key=k, count=outcomes[k]) for k in OUTCOMES],
        court_decisions=[Tally(key=k.value, count=decisions[k.value]) for k in OrderChangeKind],
    )
