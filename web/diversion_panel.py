"""What the joint decision panel's page reads: the week's referrals and what the panel needs.

The panel (ADR 0135) meets weekly and needs, for each referral awaiting its decision: when it
came and when the decision is due, what brought the child to notice and when, the offence and
its group, whether there is a victim, the child's age band, the child's earlier pathways (court
and diversion, by outcome) and whether the child could have Turnaround. Scoped as pathways are
(`access.scope`): a supervisor sees their team's referrals and the unallocated ones of their
area; a child's earlier pathways the user may not see are left out, without a trace.

Turnaround is decided by its rules (`rules.evaluate_turnaround`), outside any workflow, on the
day the page is read, with the local exclusions unknown (the panel records those with its
decision): `eligible`, `ineligible` with the criteria not met, or `needs_information` naming
what is missing. Nothing is kept: the workflow asks the rules again when Turnaround is chosen.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import ValidationError
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

import rules
from access import User
from access.scope import Scope, may_see
from activities.turnaround import earlier_turnaround
from contracts.common import DisposalType, PathwayStatus, Step
from contracts.eligibility import CriterionOutcome, EligibilityStatus
from contracts.turnaround import NO_PREVIOUS_REFERRAL, TurnaroundFacts, TurnaroundRequest
from db.tables import Child
from readmodel.queries import in_scope
from readmodel.tables import DiversionRow, PathwayRow, TaskRow
from reports.groups import age_band
from web.labels import DISPOSALS, PANEL_OUTCOMES


def week_of(day: date) -> date:
    """The Monday of the week `day` falls in."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Earlier:
    """One of the child's earlier pathways, as the panel sees it."""

    pathway_id: str
    on: date
    what: str  # the panel's outcome, "awaiting a decision", or the court's order


@dataclass(frozen=True)
class Turnaround:
    """Turnaround's rules for the referral, as far as they can decide today."""

    status: str  # an `EligibilityStatus` value, or "cannot_decide"
    reasons: tuple[str, ...]  # the criteria not met, the facts missing, or why it cannot


@dataclass(frozen=True)
class PanelLine:
    """One referral on the panel's page."""

    pathway_id: str
    referral_id: str
    source: str
    referred_on: date
    due_on: date | None
    overdue: bool
    trigger: str | None
    trigger_on: date | None
    offence: str | None
    offence_group: str | None
    victim: bool
    age_band: str
    team: str | None
    outcome: str | None
    decided_on: date | None
    earlier: tuple[Earlier, ...]
    turnaround: Turnaround | None


@dataclass(frozen=True)
class PanelWeek:
    """The panel's week: referrals awaiting a decision by its end, and those decided in it."""

    monday: date
    sunday: date
    awaiting: list[PanelLine]
    decided: list[PanelLine]


def _earlier(session: Session, user: User, row: PathwayRow, before: date) -> tuple[Earlier, ...]:
    query = (
        select(PathwayRow, DiversionRow.outcome)
        .outerjoin(DiversionRow, DiversionRow.pathway_id == PathwayRow.pathway_id)
        .where(
            PathwayRow.child_id == row.child_id,
            PathwayRow.pathway_id != row.pathway_id,
            PathwayRow.made_on <= before,
        )
        .order_by(PathwayRow.made_on.desc(), PathwayRow.pathway_id)
    )
    found = []
    for p, outcome in session.execute(query):
        if not may_see(user.role, user.team, user.area, p.team, p.area, p.transfer_to):
            continue
        if p.disposal != DisposalType.DIVERSION.value:
            what = DISPOSALS.get(p.disposal, p.disposal)
        elif outcome is None:
            what = "Diversion: awaiting a decision"
        else:
            what = f"Diversion: {PANEL_OUTCOMES.get(outcome, outcome).lower()}"
        found.append(Earlier(p.pathway_id, p.made_on, what))
    return tuple(found)


def turnaround(session: Session, row: PathwayRow, d: DiversionRow, today: date) -> Turnaround:
    """Turnaround's rules on the referral today, with the local exclusions not yet known."""
    child = session.get(Child, row.child_id)
    if child is None:
        return Turnaround("cannot_decide", ("the child is not in the case database",))
    previous = earlier_turnaround(session, row.child_id, row.pathway_id)
    try:
        request = TurnaroundRequest(
            date_of_birth=child.date_of_birth,
            facts=TurnaroundFacts(
                trigger=d.trigger,
                trigger_date=d.trigger_on,
                referred_on=d.referred_on,
                previous_turnaround_referral_on=previous or NO_PREVIOUS_REFERRAL,
            ),
            on=today,
        )
        decision = rules.evaluate_turnaround(request)
    except (ValidationError, rules.NoRuleSetInForce) as cannot:
        return Turnaround("cannot_decide", (str(cannot).splitlines()[0],))
    if decision.status == EligibilityStatus.INELIGIBLE:
        reasons = tuple(
            c.description for c in decision.criteria if c.outcome == CriterionOutcome.NOT_MET
        )
    elif decision.status == EligibilityStatus.NEEDS_INFORMATION:
        reasons = tuple(decision.missing_facts)
    else:
        reasons = ()
    return Turnaround(decision.status.value, reasons)


def panel_week(session: Session, user: User, scope: Scope, monday: date, today: date) -> PanelWeek:
    """The week from `monday`: referrals awaiting a decision by its end, and those decided."""
    sunday = monday + timedelta(days=6)
    query = (
        select(PathwayRow, DiversionRow, TaskRow.due_date)
        .join(DiversionRow, DiversionRow.pathway_id == PathwayRow.pathway_id)
        .outerjoin(
            TaskRow,
            (TaskRow.pathway_id == PathwayRow.pathway_id)
            & (TaskRow.step == Step.JOINT_DECISION_PANEL.value),
        )
        .where(
            or_(
                (DiversionRow.outcome.is_(None))
                & (DiversionRow.referred_on <= sunday)
                & (PathwayRow.status == PathwayStatus.OPEN.value),
                DiversionRow.decided_on.between(monday, sunday),
            )
        )
        .order_by(TaskRow.due_date, DiversionRow.referred_on, PathwayRow.pathway_id)
    )
    query = in_scope(query, scope, PathwayRow.team, PathwayRow.area)
    awaiting: list[PanelLine] = []
    decided: list[PanelLine] = []
    for row, d, due in session.execute(query):
        undecided = d.outcome is None
        line = PanelLine(
            pathway_id=row.pathway_id,
            referral_id=d.referral_id,
            source=d.source,
            referred_on=d.referred_on,
            due_on=due,
            overdue=undecided and due is not None and due < today,
            trigger=d.trigger,
            trigger_on=d.trigger_on,
            offence=d.offence_code,
            offence_group=d.offence_group,
            victim=row.has_victim,
            age_band=age_band(row.age_at_order),
            team=row.team,
            outcome=d.outcome,
            decided_on=d.decided_on,
            earlier=_earlier(session, user, row, d.referred_on),
            turnaround=turnaround(session, row, d, today) if undecided else None,
        )
        (awaiting if undecided else decided).append(line)
    return PanelWeek(monday, sunday, awaiting, decided)


def outcomes_of(lines: Sequence[PanelLine]) -> dict[str, int]:
    """How many of the week's decisions chose each outcome (for the page's summary)."""
    counts: dict[str, int] = {}
    for line in lines:
        if line.outcome is not None:
            counts[line.outcome] = counts.get(line.outcome, 0) + 1
    return counts
