"""Warnings and breaches counted by route and outcome, from pathways' real state, by hand."""

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from access import Role, User
from contracts.breach import (
    BreachActionBody,
    BreachPanelBody,
    ComplianceFailureBody,
    OrderChange,
    OrderChangeKind,
    WarningGivenBody,
)
from contracts.common import DisposalType
from contracts.pathway import DeadlinePolicy, PathwayState
from core.workdays import add_months
from readmodel.projection import write_projection
from reports.csv import to_csv
from reports.kpis import kpis
from tests.factories import CASEWORKER, REFLECTION, pathway_input
from workflows.court import apply_order_change
from workflows.steps import record
from workflows.tasks import Clock

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
FEED = User(name="court feed", role=Role.INTEGRATOR).actor


def pathway(disposal: DisposalType) -> tuple[PathwayState, Clock]:
    inp = pathway_input(date(2026, 1, 5), disposal, length_months=12)
    clock = Clock(DeadlinePolicy(), inp.calendar.holidays)
    state = PathwayState(
        pathway_id=inp.pathway_id,
        child=inp.child,
        order=inp.order,
        order_starts_on=date(2026, 1, 5),
        order_ends_on=add_months(date(2026, 1, 5), 12),
    )
    clock.open_initial_tasks(state)
    state.team, state.caseworker = "bromley", "casey.worker"
    return state, clock


def fail(state: PathwayState, clock: Clock, on: date, excuse: bool = False) -> None:
    record(
        state,
        ComplianceFailureBody(completed_on=on, failed_on=on, reasonable_excuse=excuse, details="x"),
        CASEWORKER,
        clock,
        NOW,
    )


def breached(disposal: DisposalType) -> tuple[PathwayState, Clock]:
    state, clock = pathway(disposal)
    fail(state, clock, date(2026, 2, 2))
    record(state, WarningGivenBody(completed_on=date(2026, 2, 3)), CASEWORKER, clock, NOW)
    fail(state, clock, date(2026, 3, 2))
    return state, clock


def caseload() -> list[PathwayState]:
    # A: a YRO warned, breached, to court, continued; then an excused failure.
    a, clock = breached(DisposalType.YOUTH_REHABILITATION_ORDER)
    record(
        a,
        BreachActionBody(
            completed_on=date(2026, 3, 3), referred_to="court", bias_reflection=REFLECTION
        ),
        CASEWORKER,
        clock,
        NOW,
    )
    apply_order_change(
        a,
        OrderChange(
            actor=FEED,
            change=OrderChangeKind.CONTINUED,
            decided_on=date(2026, 4, 1),
            court_code="B01LY00",
        ),
        clock,
        NOW.date(),
    )
    fail(a, clock, date(2026, 4, 6), excuse=True)
    # B: a referral order breached, back to the panel, which continued the contract.
    b, clock = breached(DisposalType.REFERRAL_ORDER)
    record(
        b,
        BreachActionBody(
            completed_on=date(2026, 3, 3), referred_to="panel", bias_reflection=REFLECTION
        ),
        CASEWORKER,
        clock,
        NOW,
    )
    record(
        b,
        BreachPanelBody(completed_on=date(2026, 3, 20), decision="continue_contract"),
        CASEWORKER,
        clock,
        NOW,
    )
    # C: a DTO breached, no action yet. D: a YRO warned only. E: a YRO extended on application.
    c, _ = breached(DisposalType.DETENTION_AND_TRAINING_ORDER)
    d, clock = pathway(DisposalType.YOUTH_REHABILITATION_ORDER)
    fail(d, clock, date(2026, 5, 4))
    record(d, WarningGivenBody(completed_on=date(2026, 5, 5)), CASEWORKER, clock, NOW)
    e, clock = pathway(DisposalType.YOUTH_REHABILITATION_ORDER)
    apply_order_change(
        e,
        OrderChange(
            actor=FEED,
            change=OrderChangeKind.EXTENDED,
            decided_on=date(2026, 6, 1),
            court_code="B01LY00",
            extended_to=date(2027, 3, 1),
        ),
        clock,
        NOW.date(),
    )
    return [a, b, c, d, e]


def test_warnings_and_breaches_are_counted_by_route_and_outcome(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        for state in caseload():
            write_projection(s, state)
    with sessions() as s:
        report = kpis(s)
    c = report.compliance
    assert (c.failures, c.failures_excused, c.warnings) == (8, 1, 4)
    assert (c.breaches, c.pathways_with_breach) == (3, 3)
    assert {t.key: t.count for t in c.breaches_by_route} == {"panel": 1, "court": 1, "not_yet": 1}
    assert {t.key: t.count for t in c.breaches_by_outcome} == {
        "continued": 1,
        "extended": 0,
        "revoked": 0,
        "revoked_and_resentenced": 0,
        "detention_for_breach": 0,
        "panel_continued": 1,
        "open": 1,
    }
    assert {t.key: t.count for t in c.court_decisions if t.count} == {"continued": 1, "extended": 1}
    csv = to_csv(report)
    assert "compliance,breaches,3" in csv and "breaches_by_route,panel,1" in csv


def test_a_team_report_counts_only_that_teams_breaches(sessions: sessionmaker[Session]) -> None:
    states = caseload()
    states[0].team = "croydon"
    with sessions.begin() as s:
        for state in states:
            write_projection(s, state)
    with sessions() as s:
        bromley = kpis(s, team="bromley").compliance
    assert (bromley.breaches, bromley.warnings, bromley.failures) == (2, 3, 5)  # B 2, C 2, D 1
